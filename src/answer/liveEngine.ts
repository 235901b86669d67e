import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { type AnswerEngine, createAnswerEngine, type EngineParts } from './engine.ts';

/**
 * An engine whose knowledge base can be replaced while the bot runs. A question is answered
 * wholly by the engine current when it arrives: the swap is one assignment, after the new
 * knowledge base is complete, so no answer can see a half-built one.
 */
export interface LiveEngine extends AnswerEngine {
  /** Serve `kb` from now on, warmed first; returns the knowledge base it replaced. */
  replace(kb: KnowledgeBase): KnowledgeBase;
}

export function createLiveEngine(kb: KnowledgeBase, parts: EngineParts = {}): LiveEngine {
  let current = createAnswerEngine(kb, parts);
  return {
    get kb() {
      return current.kb;
    },
    answer: (question) => current.answer(question),
    replace(next) {
      const fresh = createAnswerEngine(next, parts);
      // Term vectors are built on a knowledge base's first question: pay that before the swap.
      fresh.answer('What is this report about?');
      const previous = current.kb;
      current = fresh;
      return previous;
    },
  };
}
