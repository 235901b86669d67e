import { describe, expect, it } from 'vitest';
import { fuzzySearch } from '../../src/answer/fuzzy.ts';
import { baselineEngine, baselineTop } from '../../src/eval/baseline.ts';
import { rocAuc } from '../../src/eval/crossValidate.ts';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';

const kb = loadKnowledgeBase();

describe('the baseline: MiniSearch top sentence, fuzzy 0.2 and prefix', () => {
  it('finds the sentence through a typo and a word prefix', () => {
    expect(baselineTop(kb, 'when was the KIA establishd')?.text).toContain('established in 1961');
    expect(baselineTop(kb, 'dysprosium terb')?.text).toContain('terbium');
  });

  it('never refuses a question that shares a word, and answers nothing when none is shared', () => {
    const engine = baselineEngine(kb);
    expect(engine.answer('who won the football world cup').answered).toBe(true);
    expect(engine.answer('zzzz qqqq').answered).toBe(false);
  });

  it('ranks hits best first with scores relative to the best', () => {
    const hits = [...fuzzySearch(kb, 'heavy rare earths dysprosium terbium').values()];
    expect(hits[0]!.rank).toBe(0);
    expect(hits[0]!.relative).toBe(1);
    expect(hits.every((h, i) => h.rank === i && h.relative <= 1)).toBe(true);
  });
});

describe('ROC AUC', () => {
  it('is 1 for a perfect split, 0.5 for ties, 0 reversed', () => {
    const rows = (ps: Array<[number, boolean]>) => ps.map(([p, positive]) => ({ p, positive }));
    expect(
      rocAuc(
        rows([
          [0.9, true],
          [0.8, true],
          [0.2, false],
          [0.1, false],
        ]),
      ),
    ).toBe(1);
    expect(
      rocAuc(
        rows([
          [0.5, true],
          [0.5, false],
        ]),
      ),
    ).toBe(0.5);
    expect(
      rocAuc(
        rows([
          [0.1, true],
          [0.9, false],
        ]),
      ),
    ).toBe(0);
    expect(
      rocAuc(
        rows([
          [0.9, true],
          [0.4, false],
          [0.6, true],
          [0.7, false],
        ]),
      ),
    ).toBe(0.75);
    expect(rocAuc(rows([[0.9, true]]))).toBeNaN();
  });
});
