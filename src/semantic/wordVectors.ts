/**
 * Compact word vectors (GloVe 6B 100-d, int8-quantised) read from model/word-vectors.bin,
 * which `npm run build-vectors` (scripts/build-vectors.ts) writes; model/README.md has the format.
 *
 * The file is loaded synchronously into one buffer: the matrix stays a single Int8Array and
 * rows are handed out as subarray views, so the whole thing costs about the file's size.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFAULT_WORD_VECTORS_PATH = fileURLToPath(new URL('../../model/word-vectors.bin', import.meta.url));

const MAGIC = 'WVEC';
const FORMAT_VERSION = 1;
const HEADER_BYTES = 24;

export interface Neighbour {
  word: string;
  similarity: number;
}

export interface WordVectors {
  /** Number of words. */
  readonly size: number;
  /** Dimensions of each vector. */
  readonly dim: number;
  has(word: string): boolean;
  /** The word's frequency rank in the source corpus (0 is the commonest), or undefined. */
  rank(word: string): number | undefined;
  /** Cosine similarity in [-1, 1], or undefined if either word is unknown. */
  similarity(a: string, b: string): number | undefined;
  /** The word's int8 vector (a view into the shared matrix: do not modify), or undefined. */
  vector(word: string): Int8Array | undefined;
  /** The k most similar other words, best first (brute force: for debugging and tests). */
  nearest(word: string, k: number): Neighbour[];
}

/** 32-bit FNV-1a step. */
function fnv(h: number, byte: number): number {
  return Math.imul(h ^ byte, 0x01000193);
}
const FNV_SEED = 0x811c9dc5 | 0;
const encoder = new TextEncoder();

/**
 * Lookups go through an open-addressing hash table over the word bytes of the file itself,
 * rather than a Map of 60k strings: building it is a few milliseconds and a few hundred KB.
 */
class Int8WordVectors implements WordVectors {
  readonly size: number;
  readonly dim: number;
  private readonly bytes: Uint8Array;
  /** starts[i]..starts[i+1]-1 are word i's bytes (plus the "\n" separator). */
  private readonly starts: Uint32Array;
  /** Open-addressing table of word index + 1 (0 = empty); length is a power of two. */
  private readonly table: Uint32Array;
  private readonly matrix: Int8Array;
  private norms: Float32Array | undefined;
  private readonly views: Array<Int8Array | undefined> = [];

  constructor(bytes: Uint8Array, count: number, matrix: Int8Array, dim: number) {
    this.bytes = bytes;
    this.matrix = matrix;
    this.dim = dim;
    this.size = count;
    const starts = new Uint32Array(count + 1);
    let n = 0;
    for (let p = 0; p < bytes.length && n < count; p++) if (bytes[p] === 10) starts[++n] = p + 1;
    if (n !== count - 1 && count > 0) throw new Error(`word list has ${n + 1} words, header says ${count}`);
    starts[count] = bytes.length + 1; // as if the last word had its "\n" too
    this.starts = starts;
    let cap = 1;
    while (cap < count * 2) cap <<= 1;
    const table = new Uint32Array(cap);
    const mask = cap - 1;
    for (let i = 0; i < count; i++) {
      let h = FNV_SEED;
      for (let p = starts[i]!, end = starts[i + 1]! - 1; p < end; p++) h = fnv(h, bytes[p]!);
      let slot = h & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = i + 1;
    }
    this.table = table;
  }

  /** Index of the word, or -1. */
  private find(word: string): number {
    let key: Uint8Array | undefined;
    let h = FNV_SEED;
    for (let c = 0; c < word.length; c++) {
      const code = word.charCodeAt(c);
      if (code > 0x7f) {
        key = encoder.encode(word);
        break;
      }
      h = fnv(h, code);
    }
    if (key) {
      h = FNV_SEED;
      for (let c = 0; c < key.length; c++) h = fnv(h, key[c]!);
    }
    const len = key ? key.length : word.length;
    const { table, starts, bytes } = this;
    const mask = table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot]!;
      if (entry === 0) return -1;
      const i = entry - 1;
      const start = starts[i]!;
      if (starts[i + 1]! - 1 - start !== len) continue;
      let same = true;
      for (let c = 0; c < len; c++) {
        if (bytes[start + c] !== (key ? key[c] : word.charCodeAt(c))) {
          same = false;
          break;
        }
      }
      if (same) return i;
    }
  }

  private word(i: number): string {
    const b = this.bytes;
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8', this.starts[i]!, this.starts[i + 1]! - 1);
  }

  has(word: string): boolean {
    return this.find(word) >= 0;
  }

  rank(word: string): number | undefined {
    const i = this.find(word);
    return i >= 0 ? i : undefined;
  }

  vector(word: string): Int8Array | undefined {
    const i = this.find(word);
    if (i < 0) return undefined;
    // One view per word, made once: callers key caches (lengths, cosines) by the vector itself,
    // and a new view per call would make every lookup a new key.
    let view = this.views[i];
    if (!view) {
      view = this.matrix.subarray(i * this.dim, (i + 1) * this.dim);
      this.views[i] = view;
    }
    return view;
  }

  similarity(a: string, b: string): number | undefined {
    const i = this.find(a);
    if (i < 0) return undefined;
    const j = this.find(b);
    if (j < 0) return undefined;
    if (i === j) return 1;
    const m = this.matrix;
    const dim = this.dim;
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let d = 0, p = i * dim, q = j * dim; d < dim; d++, p++, q++) {
      const x = m[p]!;
      const y = m[q]!;
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    // Rows are unit vectors times 127 before rounding; dividing by their actual norms
    // (rather than 127^2) keeps the result exactly within [-1, 1].
    return na === 0 || nb === 0 ? 0 : Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
  }

  nearest(word: string, k: number): Neighbour[] {
    const i = this.find(word);
    if (i < 0 || k <= 0) return [];
    const m = this.matrix;
    const dim = this.dim;
    const norms = this.rowNorms();
    const base = i * dim;
    const ni = norms[i]!;
    const top: Array<{ index: number; similarity: number }> = [];
    for (let j = 0; j < this.size; j++) {
      if (j === i) continue;
      let dot = 0;
      for (let d = 0, q = j * dim; d < dim; d++, q++) dot += m[base + d]! * m[q]!;
      const nj = norms[j]!;
      const sim = ni === 0 || nj === 0 ? 0 : dot / (ni * nj);
      if (top.length < k || sim > top[top.length - 1]!.similarity) {
        let pos = top.length;
        while (pos > 0 && top[pos - 1]!.similarity < sim) pos--;
        top.splice(pos, 0, { index: j, similarity: sim });
        if (top.length > k) top.pop();
      }
    }
    return top.map((t) => ({ word: this.word(t.index), similarity: t.similarity }));
  }

  private rowNorms(): Float32Array {
    if (this.norms) return this.norms;
    const norms = new Float32Array(this.size);
    const m = this.matrix;
    for (let j = 0, p = 0; j < this.size; j++) {
      let s = 0;
      for (let d = 0; d < this.dim; d++, p++) s += m[p]! * m[p]!;
      norms[j] = Math.sqrt(s);
    }
    this.norms = norms;
    return norms;
  }
}

/** Reads a word-vector file (default: model/word-vectors.bin). Throws if it is missing or malformed. */
export function loadWordVectors(path: string = DEFAULT_WORD_VECTORS_PATH): WordVectors {
  if (!existsSync(path)) {
    throw new Error(`word-vector file not found: ${path} (run \`npm run build-vectors\` to build it)`);
  }
  const buf = readFileSync(path);
  const bad = (why: string) =>
    new Error(`malformed word-vector file ${path}: ${why} (rebuild with \`npm run build-vectors\`)`);
  if (buf.length < HEADER_BYTES || buf.toString('latin1', 0, 4) !== MAGIC) throw bad('bad magic');
  const version = buf.readUInt32LE(4);
  if (version !== FORMAT_VERSION) throw bad(`format version ${version}, expected ${FORMAT_VERSION}`);
  const dim = buf.readUInt32LE(8);
  const count = buf.readUInt32LE(12);
  const wordBytes = buf.readUInt32LE(20);
  const matrixStart = HEADER_BYTES + wordBytes;
  if (dim === 0 || buf.length !== matrixStart + count * dim) throw bad('size does not match header');
  const words = new Uint8Array(buf.buffer, buf.byteOffset + HEADER_BYTES, wordBytes);
  const matrix = new Int8Array(buf.buffer, buf.byteOffset + matrixStart, count * dim);
  try {
    return new Int8WordVectors(words, count, matrix, dim);
  } catch (err) {
    throw bad((err as Error).message);
  }
}

let shared: WordVectors | undefined;

/** One process-wide copy of the default word vectors, loaded on first use. */
export function sharedWordVectors(): WordVectors {
  shared ??= loadWordVectors();
  return shared;
}
