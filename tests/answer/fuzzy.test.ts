import { describe, expect, it } from 'vitest';
import { buildFuzzyIndex, fuzzySearch } from '../../src/answer/fuzzy.ts';
import { readCases } from '../../src/eval/evaluate.ts';
import { loadKnowledgeBase, loadReportFile } from '../../src/knowledge/loadKnowledge.ts';

const questions = ['questions.jsonl', 'blind.jsonl'].flatMap((f) =>
  readCases(new URL(`../eval/${f}`, import.meta.url).pathname).map((c) => c.q),
);

describe('the fuzzy search keeps each word’s matches without changing what it finds', () => {
  it.each([
    ['the shipped report', loadKnowledgeBase()],
    ['the nickel report', loadReportFile('tests/fixtures/second-report/indonesia-nickel.txt')],
  ])('finds on %s what a plain MiniSearch finds, asked twice, with typos', (_, kb) => {
    const plain = buildFuzzyIndex(kb);
    // Typos exercise the edit-distance walk the memory keeps.
    const asked = [...questions, ...questions.map((q) => q.replace(/e/g, 'a'))];
    let compared = 0;
    for (const round of [1, 2]) {
      for (const q of asked) {
        const want = plain.search(q).map((h) => [h.id, h.score]);
        const got = [...fuzzySearch(kb, q).values()];
        expect(
          got.map((h) => h.id),
          `${q} (round ${round})`,
        ).toEqual(want.map(([id]) => id));
        const top = (want[0]?.[1] as number | undefined) ?? 1;
        expect(got.map((h) => h.relative)).toEqual(want.map(([, score]) => (score as number) / top));
        compared += want.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
