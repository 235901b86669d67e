import type { KnowledgeBase } from './knowledgeBase.ts';

/**
 * A value derived from a knowledge base, built on first use and kept as long as that knowledge
 * base is: a reload builds a new one, and the old values go with the old one.
 */
export function perKnowledgeBase<T>(build: (kb: KnowledgeBase) => T): (kb: KnowledgeBase) => T {
  const kept = new WeakMap<KnowledgeBase, T>();
  return (kb) => {
    let value = kept.get(kb);
    if (value === undefined) {
      value = build(kb);
      kept.set(kb, value);
    }
    return value;
  };
}
