import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORD_VECTORS_PATH, loadWordVectors, sharedWordVectors } from '../../src/semantic/wordVectors.ts';

const wv = sharedWordVectors();
const tmp = mkdtempSync(join(tmpdir(), 'wordvectors-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('model/word-vectors.bin', () => {
  it('has the documented header: magic, version 1, 100 dimensions, 60000 words, scale 127', () => {
    const buf = readFileSync(DEFAULT_WORD_VECTORS_PATH);
    expect(buf.toString('latin1', 0, 4)).toBe('WVEC');
    expect(buf.readUInt32LE(4)).toBe(1);
    expect(buf.readUInt32LE(8)).toBe(100);
    expect(buf.readUInt32LE(12)).toBe(60000);
    expect(buf.readUInt32LE(16)).toBe(127);
    expect(buf.length).toBe(24 + buf.readUInt32LE(20) + 60000 * 100);
    expect(wv.dim).toBe(100);
    expect(wv.size).toBe(60000);
  });

  it('keeps frequent lowercase words and drops numbers, capitals and punctuation', () => {
    for (const w of ['the', 'government', 'nickel', 'unusual', 'so-called', 'well-known']) expect(wv.has(w)).toBe(true);
    for (const w of ['The', '1990', ',', 'u.s.', "don't", '', 'dysprosium', 'zzzzqqq']) expect(wv.has(w)).toBe(false);
  });

  it('rows are unit vectors scaled to 127 (cosine ~ dot / 127^2)', () => {
    for (const w of ['the', 'army', 'calin']) {
      const v = wv.vector(w)!;
      expect(v).toBeInstanceOf(Int8Array);
      expect(v.length).toBe(100);
      const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
      expect(norm).toBeGreaterThan(126);
      expect(norm).toBeLessThan(128);
    }
  });
});

describe('vector', () => {
  it('hands out one view per word, so caches keyed by the vector do not grow with every lookup', () => {
    const first = wv.vector('china');
    expect(first).toBeDefined();
    expect(wv.vector('china')).toBe(first);
    expect(wv.vector('japan')).not.toBe(first);
    expect(wv.vector('zzzqqq')).toBeUndefined();
  });
});

describe('similarity', () => {
  it('is high for related words', () => {
    expect(wv.similarity('beijing', 'china')).toBeGreaterThan(0.7);
    expect(wv.similarity('army', 'military')).toBeGreaterThan(0.7);
    expect(wv.similarity('football', 'soccer')).toBeGreaterThan(0.7);
    expect(wv.similarity('cheap', 'inexpensive')).toBeGreaterThan(0.7);
    expect(wv.similarity('doctor', 'physician')).toBeGreaterThan(0.7);
  });

  it('is low for unrelated words', () => {
    expect(wv.similarity('football', 'molecule')).toBeLessThan(0.3);
    expect(wv.similarity('banana', 'parliament')).toBeLessThan(0.3);
    expect(wv.similarity('guitar', 'tax')).toBeLessThan(0.3);
  });

  it('ranks a related pair above an unrelated one', () => {
    expect(wv.similarity('nickel', 'copper')!).toBeGreaterThan(wv.similarity('nickel', 'poetry')!);
  });

  it('is symmetric, 1 for a word with itself, and within [-1, 1]', () => {
    expect(wv.similarity('army', 'military')).toBe(wv.similarity('military', 'army'));
    expect(wv.similarity('army', 'army')).toBe(1);
    for (const [a, b] of [
      ['hot', 'cold'],
      ['up', 'down'],
      ['the', 'calin'],
    ] as const) {
      const s = wv.similarity(a, b)!;
      expect(s).toBeGreaterThanOrEqual(-1);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('returns undefined when either word is unknown', () => {
    expect(wv.similarity('army', 'zzzzqqq')).toBeUndefined();
    expect(wv.similarity('zzzzqqq', 'army')).toBeUndefined();
    expect(wv.similarity('Army', 'military')).toBeUndefined();
    expect(wv.similarity('café', 'army')).toBeUndefined();
    expect(wv.vector('zzzzqqq')).toBeUndefined();
  });
});

describe('nearest', () => {
  it('finds synonyms and near neighbours, best first, excluding the word itself', () => {
    const unusual = wv.nearest('unusual', 20).map((n) => n.word);
    expect(unusual).toHaveLength(20);
    expect(unusual).toContain('rare');
    expect(unusual).toContain('uncommon');
    expect(unusual).not.toContain('unusual');

    const nickel = wv.nearest('nickel', 10);
    expect(nickel.map((n) => n.word)).toEqual(expect.arrayContaining(['copper', 'zinc', 'cobalt']));
    for (let i = 1; i < nickel.length; i++)
      expect(nickel[i]!.similarity).toBeLessThanOrEqual(nickel[i - 1]!.similarity);
    expect(nickel[0]!.similarity).toBeCloseTo(wv.similarity('nickel', nickel[0]!.word)!, 6);

    expect(wv.nearest('revenue', 1)[0]!.word).toBe('revenues');
  });

  it('is empty for an unknown word', () => {
    expect(wv.nearest('zzzzqqq', 5)).toEqual([]);
  });
});

describe('loading', () => {
  it('shares one instance', () => {
    expect(sharedWordVectors()).toBe(wv);
  });

  it('throws a clear error for a missing file', () => {
    const missing = join(tmp, 'nope.bin');
    expect(() => loadWordVectors(missing)).toThrow(missing);
    expect(() => loadWordVectors(missing)).toThrow(/npm run build-vectors/);
  });

  it('rejects a file that is not a word-vector file', () => {
    const junk = join(tmp, 'junk.bin');
    writeFileSync(junk, 'this is not a vector file at all');
    expect(() => loadWordVectors(junk)).toThrow(/malformed word-vector file.*bad magic/);
  });

  it('reads a small hand-made file in the same format', () => {
    const words = Buffer.from('alpha\nbeta\ngamma', 'utf8');
    const header = Buffer.alloc(24);
    header.write('WVEC', 0, 'latin1');
    header.writeUInt32LE(1, 4);
    header.writeUInt32LE(2, 8);
    header.writeUInt32LE(3, 12);
    header.writeUInt32LE(127, 16);
    header.writeUInt32LE(words.length, 20);
    const matrix = Buffer.from(Int8Array.from([127, 0, 90, 90, -127, 0]).buffer);
    const file = join(tmp, 'small.bin');
    writeFileSync(file, Buffer.concat([header, words, matrix]));
    const small = loadWordVectors(file);
    expect(small.size).toBe(3);
    expect(small.dim).toBe(2);
    expect(small.similarity('alpha', 'gamma')).toBe(-1);
    expect(small.similarity('alpha', 'beta')).toBeCloseTo(Math.SQRT1_2, 6);
    expect(small.nearest('alpha', 5)).toEqual([
      { word: 'beta', similarity: expect.closeTo(Math.SQRT1_2, 6) },
      { word: 'gamma', similarity: -1 },
    ]);
    expect([...small.vector('gamma')!]).toEqual([-127, 0]);

    writeFileSync(file, Buffer.concat([header, words, matrix.subarray(0, 5)]));
    expect(() => loadWordVectors(file)).toThrow(/size does not match header/);
  });
});
