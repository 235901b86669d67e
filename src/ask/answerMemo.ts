import type { AnswerEngine } from '../answer/engine.ts';
import type { Answer } from '../answer/types.ts';

/**
 * Answers to questions asked before, per knowledge base. A crowd asks the same few questions (a
 * burst after an announcement), and the engine's answer is a pure function of the knowledge base
 * and the question: computing it once per wording saves most of a burst's CPU. Only the engine's
 * step is memoised: the server's curated answers are looked up before it (per server, every time),
 * and a follow-up reaches the engine spelled out, as a question of its own.
 */

/** Distinct questions kept per knowledge base; the least recently asked goes first. */
export const ANSWER_MEMO_SIZE = 500;

/** The wording the engine is asked: two questions that differ only in spacing get one answer. */
export function normaliseQuestion(question: string): string {
  return question.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** A least-recently-used map: a Map keeps insertion order, so the first key is the oldest. */
export function createLru<V>(size: number) {
  const entries = new Map<string, V>();
  return {
    get(key: string): V | undefined {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set(key: string, value: V): void {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > size) entries.delete(entries.keys().next().value!);
    },
    get size() {
      return entries.size;
    },
  };
}

interface Memo {
  /** The knowledge base the answers came from; a reload swaps it, and the memo starts again. */
  kb: AnswerEngine['kb'];
  answers: ReturnType<typeof createLru<Answer>>;
}

const memos = new WeakMap<AnswerEngine, Memo>();

/**
 * `engine` with its answers memoised, keyed by the normalised question and the knowledge base the
 * engine serves at the moment (a live engine swaps it on /reload): one memo per engine, so every
 * path that asks it shares the answers.
 */
export function memoised(engine: AnswerEngine): AnswerEngine {
  return {
    get kb() {
      return engine.kb;
    },
    answer(question) {
      let memo = memos.get(engine);
      if (!memo || memo.kb !== engine.kb) {
        memo = { kb: engine.kb, answers: createLru<Answer>(ANSWER_MEMO_SIZE) };
        memos.set(engine, memo);
      }
      const asked = normaliseQuestion(question);
      const known = memo.answers.get(asked);
      if (known) return known;
      const answer = engine.answer(asked);
      memo.answers.set(asked, answer);
      return answer;
    },
  };
}
