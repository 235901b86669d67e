import { describe, expect, it } from 'vitest';
import { groupQuestions, MAX_FUZZY_DISTINCT, questionKey } from '../../src/insights/grouping.ts';
import { seededRandom } from '../seededRandom.ts';

const records = (questions: string[]) => questions.map((question, i) => ({ id: `r${i}`, question }));

describe('grouping near-duplicate questions', () => {
  it('counts typos, case, punctuation and mentions of one question together', () => {
    const groups = groupQuestions(
      records([
        'When was the KIA founded?',
        'when was the kia founded',
        'When was the KIA founed?',
        '<@123456789012345678> when was the KIA founded??',
        'When was the KIA founded?',
        'What is the capital of Japan?',
      ]),
    );
    expect(groups.map((g) => [g.question, g.count])).toEqual([
      ['When was the KIA founded?', 5],
      ['What is the capital of Japan?', 1],
    ]);
    expect(groups[0]!.ids.sort()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('keeps different subjects and a short question inside a long one apart', () => {
    const groups = groupQuestions(
      records([
        'What is the capital of Japan?',
        'What is the capital of China?',
        'Who won the football world cup?',
        'Who won?',
        'Who won the football world cup in 1998 and who scored in the final?',
      ]),
    );
    expect(groups).toHaveLength(5);
    expect(groups.every((g) => g.count === 1)).toBe(true);
  });

  it('names a group by its commonest phrasing', () => {
    const groups = groupQuestions(
      records(['who won the footbal world cup', 'Who won the football world cup?', 'Who won the football world cup?']),
    );
    expect(groups).toEqual([{ question: 'Who won the football world cup?', count: 3, ids: ['r1', 'r2', 'r0'] }]);
  });

  it('folds accents, quotes and bidi controls into the key', () => {
    expect(questionKey('\u202eWhat’s  the Café’s  ROLE?')).toBe('what s cafe s role');
    expect(questionKey('@everyone @here hi')).toBe('hi');
  });

  it(`stays quick with ${MAX_FUZZY_DISTINCT} distinct questions, and still groups past that`, () => {
    const random = seededRandom(12);
    const words = [
      'rare',
      'earth',
      'india',
      'myanmar',
      'china',
      'supply',
      'price',
      'when',
      'why',
      'how',
      'who',
      'mine',
      'what',
      'is',
      'the',
    ];
    const questions = Array.from({ length: MAX_FUZZY_DISTINCT + 500 }, (_, i) => {
      const n = 4 + Math.floor(random() * 6);
      return `${Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ')} ${i}?`;
    });
    const started = performance.now();
    const groups = groupQuestions(records(questions));
    const ms = performance.now() - started;
    console.info(`grouping.test.ts: ${questions.length} distinct questions grouped in ${Math.round(ms)} ms`);
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(questions.length);
    expect(ms).toBeLessThan(15_000);
  });
});
