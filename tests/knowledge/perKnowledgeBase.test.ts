import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase, loadReportFile } from '../../src/knowledge/loadKnowledge.ts';
import { perKnowledgeBase } from '../../src/knowledge/perKnowledgeBase.ts';

describe('perKnowledgeBase', () => {
  it('builds once per knowledge base, and anew for another (a reload)', () => {
    const built: string[] = [];
    const titles = perKnowledgeBase((kb) => {
      built.push(kb.reports[0]!.title);
      return kb.reports.map((r) => r.title);
    });
    const shipped = loadKnowledgeBase();
    const nickel = loadReportFile('tests/fixtures/second-report/indonesia-nickel.txt');
    const first = titles(shipped);
    expect(titles(shipped)).toBe(first);
    expect(titles(nickel)).not.toBe(first);
    expect(titles(nickel)).toEqual([nickel.reports[0]!.title]);
    expect(built).toEqual([shipped.reports[0]!.title, nickel.reports[0]!.title]);
  });
});
