import MiniSearch from 'minisearch';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { isStopword } from '../knowledge/text.ts';

/**
 * BM25 with fuzzy (edit distance up to 0.2 of a word) and prefix term matching, as MiniSearch
 * does it, over the knowledge base's sentences and rows. It is the baseline every figure is
 * reported beside (src/eval/baseline.ts), and the ranker reads its score as a feature: it
 * forgives typos and word forms the exact index misses.
 */
export const FUZZY_SEARCH = { fuzzy: 0.2, prefix: true } as const;

type Doc = { id: number; text: string };
const indexes = new WeakMap<KnowledgeBase, MiniSearch<Doc>>();

function indexOf(kb: KnowledgeBase): MiniSearch<Doc> {
  let index = indexes.get(kb);
  if (!index) {
    index = new MiniSearch<Doc>({
      fields: ['text'],
      // Stopwords out: with them, prefix matching lets "a" and "the" pull in every sentence.
      processTerm: (term) => {
        const word = term.toLowerCase();
        return isStopword(word) ? null : word;
      },
      searchOptions: FUZZY_SEARCH,
    });
    index.addAll(kb.passages.map((p) => ({ id: p.id, text: p.text })));
    indexes.set(kb, index);
  }
  return index;
}

export interface FuzzyHit {
  id: number;
  /** The score relative to the best hit (0–1). */
  relative: number;
  /** 0 for the best hit, 1 for the next… */
  rank: number;
}

/** The question's fuzzy hits, best first, by passage id. */
export function fuzzySearch(kb: KnowledgeBase, question: string): Map<number, FuzzyHit> {
  const hits = indexOf(kb).search(question);
  const top = hits[0]?.score ?? 1;
  return new Map(hits.map((h, rank) => [h.id as number, { id: h.id as number, relative: h.score / top, rank }]));
}
