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
   * The best cosine of `v` against a list whose lengths are read once (normsOf): the same
   * arithmetic for every pair, without a map lookup per pair.
   */
  bestCosine(v: Int8Array, list: readonly Int8Array[], norms: Float64Array): number {
    const nv = this.norm(v);
    let best = 0;
    for (let k = 0; k < list.length; k++) best = Math.max(best, cosineOf(v, nv, list[k]!, norms[k]!));
    return best;
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
    let best = 0;
    for (let k = 0; k < list.list.length; k++) {
      const id = list.ids[k]!;
      let c = seen[id];
      if (c === undefined) {
        c = cosineOf(v, this.norm(v), list.list[k]!, list.norms[k]!);
        seen[id] = c;
      }
      best = Math.max(best, c);
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

  /** A vector's length, remembered per vector (each word has one, see WordVectors.vector). */
  private norm(v: Int8Array): number {
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

/** Cosine of two vectors from the file, their lengths given. */
function cosineOf(a: Int8Array, na: number, b: Int8Array, nb: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s / (na * nb || 1);
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
