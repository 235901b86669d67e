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
    index = buildFuzzyIndex(kb);
    rememberFuzzyMatches(index);
    indexes.set(kb, index);
  }
  return index;
}

/** The knowledge base's sentences and rows in MiniSearch, as the baseline searches them. */
export function buildFuzzyIndex(kb: KnowledgeBase): MiniSearch<Doc> {
  const index = new MiniSearch<Doc>({
    fields: ['text'],
    // Stopwords out: with them, prefix matching lets "a" and "the" pull in every sentence.
    processTerm: (term) => {
      const word = term.toLowerCase();
      return isStopword(word) ? null : word;
    },
    searchOptions: FUZZY_SEARCH,
  });
  index.addAll(kb.passages.map((p) => ({ id: p.id, text: p.text })));
  return index;
}

/** Question words whose fuzzy matches are kept per knowledge base; past this the memory starts again. */
const FUZZY_TERMS_MAX = 20_000;

type TermIndex = { fuzzyGet(term: string, distance: number): Map<string, unknown> };

/**
 * Walking the term tree for every word within edit distance was a sixth of the engine's time,
 * and members' questions reuse the same words. The index never changes after it is built (a
 * reload builds a new one), so a word's matches are kept. MiniSearch deletes from the map the
 * matches that are also prefix matches, which are the same for the same word each time, so the
 * kept map can be handed out again. tests/answer/fuzzy.test.ts checks the results against an
 * index without this.
 */
function rememberFuzzyMatches(index: MiniSearch<Doc>): void {
  const tree = (index as unknown as { _index?: TermIndex })._index;
  if (typeof tree?.fuzzyGet !== 'function') return; // another MiniSearch inside: search as it is
  const walk = tree.fuzzyGet.bind(tree);
  const seen = new Map<string, Map<string, unknown>>();
  tree.fuzzyGet = (term, distance) => {
    const key = `${distance}:${term}`;
    let matches = seen.get(key);
    if (!matches) {
      matches = walk(term, distance);
      if (seen.size >= FUZZY_TERMS_MAX) seen.clear();
      seen.set(key, matches);
    }
    return matches;
  };
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
