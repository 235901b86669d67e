import { describe, expect, it } from 'vitest';
import type { QueryTerm } from '../../src/knowledge/searchIndex.ts';
import { engine } from '../helpers.ts';

const { index, passages } = engine.kb;
const query = (text: string, weight = 1): QueryTerm[] => index.analyze(text).map((term) => ({ term, weight }));
/** [passage id, section] of the top hits. */
const top = (text: string, n = 3) => index.search(query(text), n).map((h) => [h.passage.id, h.passage.source.section]);
const scoreOf = (q: QueryTerm[], id: number) =>
  index.search(q, passages.length).find((h) => h.passage.id === id)?.score;

const MATTERS = 'Why Myanmar Matters';

describe('BM25 search over the report’s 52 passages', () => {
  it('indexes every sentence and table row, and ranks the founding sentence first for "KIA founded"', () => {
    expect(passages).toHaveLength(52);
    const hits = index.search(query('KIA founded'));
    expect(hits[0]!.passage.text).toBe(
      'The KIA, established in 1961 to represent the interests of the Kachin ethnic group, ' +
        'has long controlled these mineral-rich territories.',
    );
    expect([...hits[0]!.matched]).toEqual(['kia', 'establish']);
    // Every other passage matches "kia" alone; 14 passages name the KIA in all.
    expect(hits.slice(1).every((h) => h.matched.size === 1 && h.matched.has('kia'))).toBe(true);
    expect(index.search(query('KIA'), 100)).toHaveLength(14);
  });

  it('ranks the passages that hold both rare terms, the shorter one first', () => {
    expect(top('dysprosium terbium')).toEqual([
      [28, 'Strategic Benefits of the Myanmar Partnership'],
      [11, MATTERS],
    ]);
    expect(top('Amit Kumar')).toEqual([[32, 'Industry Reaction and Expert Opinions']]);
    expect(top('market share China', 1)).toEqual([[40, 'Global Rare Earth Market Outlook']]);
  });

  it('weights terms by inverse document frequency, so a rare term outscores a common one', () => {
    expect(index.idf('terbium')).toBeCloseTo(Math.log(1 + 50.5 / 2.5), 12);
    expect(index.idf('terbium')).toBeGreaterThan(index.idf('kia'));
    expect(index.idf('kia')).toBeGreaterThan(index.idf('india'));
    // An unseen term has the highest IDF there is: df = 0.
    expect(index.idf('\u0000')).toBeCloseTo(Math.log(1 + 52.5 / 0.5), 12);
  });

  it('scores one term by BM25 (k1 1.2, b 0.75) and scales it by the query weight', () => {
    const lengths = passages.map((p) => index.termsOf(p.id).length);
    const avg = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    const tf = 1;
    const expected = (index.idf('dysprosium') * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * lengths[28]!) / avg));
    expect(scoreOf([{ term: 'dysprosium', weight: 1 }], 28)).toBeCloseTo(expected, 10);
    expect(scoreOf([{ term: 'dysprosium', weight: 0.5 }], 28)).toBeCloseTo(expected / 2, 10);
  });

  it('adds half an IDF for a term found only in the section title', () => {
    // Passage 12 never says "matter"; its section "Why Myanmar Matters" does.
    expect(index.termsOf(12)).not.toContain('matter');
    expect(scoreOf(query('matters'), 12)).toBeCloseTo(index.idf('matter') * 0.5, 10);
    expect(index.search(query('matters'), 20).map((h) => h.passage.id)).toEqual([11, 7, 12, 13, 14, 15]);
  });

  it('multiplies by 1.25 when two adjacent query terms sit side by side, in either order', () => {
    const logistical = scoreOf([{ term: 'logistical', weight: 1 }], 14)!;
    const challenge = scoreOf([{ term: 'challeng', weight: 1 }], 14)!;
    expect(scoreOf(query('logistical challenges'), 14)).toBeCloseTo((logistical + challenge) * 1.25, 10);
    expect(scoreOf(query('challenges logistical'), 14)).toBeCloseTo((logistical + challenge) * 1.25, 10);
    // "logistical hurdles" in the conclusion is the same phrase through the challenge aliases.
    expect(top('logistical challenges', 2)).toEqual([
      [46, 'Conclusion'],
      [14, MATTERS],
    ]);
  });

  it('finds nothing for terms the report never uses, nor for an empty query', () => {
    expect(index.search(query('hotel wifi ski slopes'))).toEqual([]);
    expect(index.search([])).toEqual([]);
    expect(index.search(query('Bjanka Kolasin'))).toEqual([]);
  });

  it('treats Fuse.js extended-search operators as plain characters', () => {
    expect(index.analyze("'=china ^india !japan |kia$")).toEqual(['china', 'india', 'japan', 'kia']);
    expect(index.search([{ term: "'=^!|", weight: 1 }])).toEqual([]);
    expect(index.correct("'=^!|")).toBeUndefined();
    expect(index.correct('^chna')).toBeUndefined();
    // One stray operator character is one edit: the word is repaired, not interpreted.
    expect(index.correct('=china')).toBe('china');
    expect(index.correct('|japan')).toBe('japan');
  });

  it('repairs typos within one edit (two past eight letters), swaps included, but not short or numeric words', () => {
    expect(['tebrium', 'ocnflict', 'hcina', 'myanmr', 'australai', 'dysprosiun'].map((w) => index.correct(w))).toEqual([
      'terbium',
      'conflict',
      'china',
      'myanmar',
      'australia',
      'dysprosium',
    ]);
    expect(['kia', 'magnets', 'x'.repeat(200), '2025a', 'weather'].map((w) => index.correct(w))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('knows report words and alias words, and short forms of report words', () => {
    const known = [index.knows('kia'), index.knows('uk'), index.has('uk'), index.knows('hotel')];
    expect(known).toEqual([true, true, false, false]);
    const short = [index.abbreviates('govt'), index.abbreviates('shr'), index.abbreviates('gdp')];
    expect(short).toEqual([true, true, false]);
    expect([index.surfaceOf('magnet'), index.surfaceOf('unknownterm')]).toEqual(['magnets', 'unknownterm']);
  });
});
