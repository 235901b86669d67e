/**
 * The grouping threshold, measured: pairs members would call the same question and pairs they would
 * not, each grouped or not by groupQuestions, with Fuse's score printed so the margin is visible.
 */
import Fuse from 'fuse.js';
import { describe, expect, it } from 'vitest';
import { GROUP_THRESHOLD, groupQuestions, questionKey } from '../../src/insights/grouping.ts';

const SAME: Array<[string, string]> = [
  ['When was the KIA founded?', 'when was the kia founded'],
  ['When was the KIA founded?', 'When was the KIA founed?'],
  ['When was the KIA founded?', 'when was KIA founded?'],
  ['Who won the football world cup?', 'who won the footbal world cup'],
  ['What is China’s market share?', "what is china's market share??"],
  ['Which countries have advanced processing capability?', 'which countries have advanced processing capabilities'],
  ['How do I get the verified role?', 'how do i get the verified role'],
  ['Where is the rules channel?', 'where is the rules chanel?'],
  ['What does the report say about Japan?', 'What does the report say about japan'],
];

const DIFFERENT: Array<[string, string]> = [
  ['What is the capital of Japan?', 'What is the capital of China?'],
  ['When was the KIA founded?', 'When was the KIO founded and by whom?'],
  ['Who won the football world cup?', 'Who won?'],
  ['How do I get the verified role?', 'How do I get the moderator role?'],
  ['What is China’s market share?', 'What is India’s market share?'],
  ['Where is the rules channel?', 'Where is the memes channel?'],
  ['Why does Myanmar matter?', 'What is the weather in Paris?'],
  ['Compare India and China', 'Compare Japan and Australia'],
  ['Why does Myanmar matter?', 'Why does Myanmar matter to India?'],
];

const score = (a: string, b: string) =>
  new Fuse([questionKey(b)], { includeScore: true, threshold: 1, ignoreLocation: true }).search(questionKey(a))[0]
    ?.score ?? 1;
const grouped = (a: string, b: string) =>
  groupQuestions([
    { id: 'a', question: a },
    { id: 'b', question: b },
  ]).length === 1;

describe(`the grouping threshold (${GROUP_THRESHOLD})`, () => {
  it('groups every pair that is one question, and none that is two', () => {
    const rows = [
      ...SAME.map(([a, b]) => ({ pair: `${a} / ${b}`, same: true, score: score(a, b), grouped: grouped(a, b) })),
      ...DIFFERENT.map(([a, b]) => ({ pair: `${a} / ${b}`, same: false, score: score(a, b), grouped: grouped(a, b) })),
    ];
    for (const r of rows)
      console.info(
        `${r.same ? 'same' : 'diff'}  ${r.score.toFixed(3)}  ${r.grouped ? 'grouped ' : 'apart   '}  ${r.pair}`,
      );
    const worstSame = Math.max(...rows.filter((r) => r.same).map((r) => r.score));
    console.info(
      `groupingPairs.test.ts: highest score of a same pair ${worstSame.toFixed(3)}, threshold ${GROUP_THRESHOLD}`,
    );
    expect(rows.filter((r) => r.same !== r.grouped).map((r) => r.pair)).toEqual([]);
  });
});
