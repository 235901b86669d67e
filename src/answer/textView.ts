import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { isStopword, stem, words } from '../knowledge/text.ts';
import { fold } from '../text/fold.ts';

/**
 * A candidate's text read once: the same sentences and rows come back for question after
 * question, so their folded form, words and stems are kept per knowledge base instead of
 * being recomputed for every candidate of every question.
 */
export interface TextView {
  folded: string;
  words: readonly string[];
  wordSet: ReadonlySet<string>;
  /** 5-letter prefixes of the words ("nationalisation" and "nationalise" share one). */
  prefixes: ReadonlySet<string>;
  /** Stems of the content words, in order. */
  contentStems: readonly string[];
  stemSet: ReadonlySet<string>;
  /** The index's terms (aliases applied) of the text, in order. */
  analyzed: readonly string[];
  /** The same, as a set. */
  terms: ReadonlySet<string>;
}

/** Texts kept per knowledge base; past this the cache starts again, so odd texts cannot grow it without end. */
const MAX_TEXTS = 50_000;
const caches = new WeakMap<KnowledgeBase, Map<string, TextView>>();

export function textView(kb: KnowledgeBase, text: string): TextView {
  let cache = caches.get(kb);
  if (!cache) {
    cache = new Map();
    caches.set(kb, cache);
  }
  let view = cache.get(text);
  if (view) return view;
  const all = words(text);
  const contentStems = all.filter((w) => !isStopword(w)).map(stem);
  const analyzed = kb.index.analyze(text);
  view = {
    folded: fold(text),
    words: all,
    wordSet: new Set(all),
    prefixes: new Set(all.map((w) => w.slice(0, 5))),
    contentStems,
    stemSet: new Set(all.map(stem)),
    analyzed,
    terms: new Set(analyzed),
  };
  if (cache.size >= MAX_TEXTS) cache.clear();
  cache.set(text, view);
  return view;
}
