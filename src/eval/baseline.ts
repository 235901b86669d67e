import { readFileSync } from 'node:fs';
import Fuse from 'fuse.js';
import type { AnswerEngine } from '../answer/engine.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';

/**
 * The naive baseline the evaluation is measured against: Fuse.js with default options over
 * the report's raw lines, answering with the best line. It shows what the engine adds.
 */
export function baselineEngine(kb: KnowledgeBase, files: string[]): AnswerEngine {
  const lines = files.flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter((l) => l.trim() !== '');
  const fuse = new Fuse(lines, { includeScore: true });
  return {
    kb,
    answer: (question) => {
      const best = fuse.search(question)[0];
      return {
        question,
        answered: best !== undefined,
        text: best?.item ?? "The report doesn't cover that.",
        source: null,
        confidence: best ? 1 - (best.score ?? 1) : 0,
        kind: best ? 'passage' : 'not-covered',
        related: [],
        suggestions: [],
      };
    },
  };
}
