import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { Question } from './question.ts';

/**
 * Questions the report can answer, nearest to what was asked first. They are built
 * from the report's own structure, so they stay true when another report is loaded.
 */
export function suggestQuestions(kb: KnowledgeBase, q?: Question, limit = 3): string[] {
  const termSet = new Set(q?.terms.map((t) => t.term) ?? []);
  const candidates: Array<{ text: string; score: number }> = [];
  const add = (text: string, about: string) => {
    const shared = kb.index.analyze(about).filter((t) => termSet.has(t) && kb.index.idf(t) >= 1).length;
    candidates.push({ text, score: shared });
  };
  for (const report of kb.reports) {
    for (const section of report.sections) {
      if (section.kind === 'disclaimer' || section.kind === 'lead') continue;
      add(`What does the report say about "${section.title}"?`, section.title);
    }
  }
  const [a, b] = kb.entities;
  if (a && b) add(`Compare ${a.name} and ${b.name}`, `${a.name} ${b.name}`);
  const last = kb.timeline[kb.timeline.length - 1];
  if (last) add(`What happened in ${last.label}?`, last.event);
  candidates.sort((x, y) => y.score - x.score);
  // Mix the structured questions in when nothing in particular matched.
  const ordered = candidates[0]?.score ? candidates : [...candidates.slice(-2).reverse(), ...candidates];
  return [...new Set(ordered.map((c) => c.text))].slice(0, limit);
}
