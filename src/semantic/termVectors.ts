import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { WordVectors } from './wordVectors.ts';

/**
 * Vectors for index terms (stems), looked up through the word the reports use for them
 * and cached per knowledge base: features compare the same terms many times a question.
 */
export class TermVectors {
  private readonly cache = new Map<string, Int8Array | null>();
  private readonly norms = new Map<Int8Array, number>();
  private readonly ids = new Map<Int8Array, number>();

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly vectors: WordVectors,
  ) {}

  of(term: string): Int8Array | undefined {
    let v = this.cache.get(term);
    if (v === undefined) {
      v = this.vectors.vector(this.kb.index.surfaceOf(term)) ?? this.vectors.vector(term) ?? null;
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(term, v);
    }
    return v ?? undefined;
  }

  /**
   * The best cosine of `v` against a list, with the list's lengths read once: the same
   * arithmetic as cosine(), without a map lookup per pair.
   */
  bestCosine(v: Int8Array, list: readonly Int8Array[], norms: Float64Array): number {
    const nv = this.norm(v);
    let best = 0;
    for (let k = 0; k < list.length; k++) {
      const b = list[k]!;
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i]! * b[i]!;
      best = Math.max(best, s / (nv * norms[k]! || 1));
    }
    return best;
  }

  /** The lengths of a list of vectors, for bestCosine. */
  normsOf(list: readonly Int8Array[]): Float64Array {
    return Float64Array.from(list, (v) => this.norm(v));
  }

  /** A small number for each vector seen, so cosines against it can be kept in an array. */
  idsOf(list: readonly Int8Array[]): Int32Array {
    return Int32Array.from(list, (v) => {
      let id = this.ids.get(v);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(v, id);
      }
      return id;
    });
  }

  /**
   * bestCosine, remembering each pair's cosine in `seen` (indexed by idsOf): one question's
   * candidates share most of their words, and each pair is computed once.
   */
  bestCosineSeen(
    v: Int8Array,
    list: { list: readonly Int8Array[]; norms: Float64Array; ids: Int32Array },
    seen: number[],
  ): number {
    let nv = -1;
    let best = 0;
    for (let k = 0; k < list.list.length; k++) {
      const id = list.ids[k]!;
      let c = seen[id];
      if (c === undefined) {
        if (nv < 0) nv = this.norm(v);
        const b = list.list[k]!;
        let s = 0;
        for (let i = 0; i < v.length; i++) s += v[i]! * b[i]!;
        c = s / (nv * list.norms[k]! || 1);
        seen[id] = c;
      }
      best = Math.max(best, c);
    }
    return best;
  }

  /** Cosine of two vectors from the file. */
  cosine(a: Int8Array, b: Int8Array): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
    return s / (this.norm(a) * this.norm(b) || 1);
  }

  /** A vector's length, remembered: a hot loop divides by it (see cosineWith). */
  norm(v: Int8Array): number {
    let n = this.norms.get(v);
    if (n === undefined) {
      n = 0;
      for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
      n = Math.sqrt(n);
      this.norms.set(v, n);
    }
    return n;
  }
}

const perKb = new WeakMap<KnowledgeBase, TermVectors>();

export function termVectors(kb: KnowledgeBase, vectors: WordVectors): TermVectors {
  let tv = perKb.get(kb);
  if (!tv) {
    tv = new TermVectors(kb, vectors);
    perKb.set(kb, tv);
  }
  return tv;
}
