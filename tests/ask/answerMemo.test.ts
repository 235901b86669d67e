/** The engine's answers memoised per knowledge base, keyed by the normalised question. */
import { describe, expect, it } from 'vitest';
import type { AnswerEngine } from '../../src/answer/engine.ts';
import { createLiveEngine } from '../../src/answer/liveEngine.ts';
import { ANSWER_MEMO_SIZE, createLru, memoised, normaliseQuestion } from '../../src/ask/answerMemo.ts';
import { ask } from '../../src/ask/service.ts';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';
import { useFaq } from '../faq/helpers.ts';
import { engine } from '../helpers.ts';

/** An engine that counts the questions it is really asked. */
function counting(inner: AnswerEngine) {
  const asked: string[] = [];
  const counted: AnswerEngine = {
    get kb() {
      return inner.kb;
    },
    answer: (question) => {
      asked.push(question);
      return inner.answer(question);
    },
  };
  return { asked, engine: counted };
}

const NOW = new Date('2026-12-01T12:00:00Z');
const setUp = useFaq();

describe('normaliseQuestion', () => {
  it('folds spacing only: case and wording are the asker’s, and a refusal quotes them', () => {
    expect(normaliseQuestion('  When was\tthe KIA\n founded? ')).toBe('When was the KIA founded?');
    expect(normaliseQuestion('when was the kia founded?')).toBe('when was the kia founded?');
  });
});

describe('createLru', () => {
  it('drops the least recently used entry past its size', () => {
    const lru = createLru<number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
    expect(lru.size).toBe(2);
  });
});

describe('memoised', () => {
  it('asks the engine once per question, and answers the same', () => {
    const { asked, engine: counted } = counting(engine);
    const first = memoised(counted).answer('When was the KIA founded?');
    const again = memoised(counted).answer('When was  the KIA founded? ');
    expect(again).toBe(first);
    expect(asked).toEqual(['When was the KIA founded?']);
    expect(first).toEqual(engine.answer('When was the KIA founded?'));
  });

  it('starts again when the live engine swaps its knowledge base (a reload)', () => {
    const live = createLiveEngine(loadKnowledgeBase());
    const { asked, engine: counted } = counting(live);
    memoised(counted).answer('When was the KIA founded?');
    live.replace(loadKnowledgeBase());
    memoised(counted).answer('When was the KIA founded?');
    expect(asked).toEqual(['When was the KIA founded?', 'When was the KIA founded?']);
  });

  it(`keeps at most ${ANSWER_MEMO_SIZE} questions`, () => {
    const { asked, engine: counted } = counting(engine);
    const memo = memoised(counted);
    memo.answer('question 0');
    for (let i = 1; i <= ANSWER_MEMO_SIZE; i++) memo.answer(`question ${i}`);
    memo.answer('question 0');
    expect(asked.filter((q) => q === 'question 0')).toHaveLength(2);
  });
});

describe('ask, memoised', () => {
  it("never hands one server's curated answer to another: only the engine's answer is shared", async () => {
    const { faq } = setUp();
    const { asked, engine: counted } = counting(engine);
    await faq.add('g1', 'When was the KIA founded?', 'In 1961, says our pinned explainer.', engine.kb);
    const options = { record: false, now: NOW };
    const inG1 = await ask({ engine: counted, faq }, 'When was the KIA founded?', { ...options, guildId: 'g1' });
    const inG2 = await ask({ engine: counted, faq }, 'When was the KIA founded?', { ...options, guildId: 'g2' });
    const inG2Again = await ask({ engine: counted, faq }, 'When was the KIA founded?', { ...options, guildId: 'g2' });
    const inG1Again = await ask({ engine: counted, faq }, 'When was the KIA founded?', { ...options, guildId: 'g1' });
    expect([inG1.curated, inG2.curated, inG2Again.curated, inG1Again.curated]).toEqual([true, false, false, true]);
    expect(inG2Again.answer).toBe(inG2.answer);
    expect(asked).toEqual(['When was the KIA founded?']);
  });
});
