import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { clip, sentences } from '../knowledge/text.ts';
import type { Section, Table } from '../knowledge/types.ts';
import type { Question } from './question.ts';
import { answered } from './answered.ts';
import { ANSWER_MAX, type Answer } from './types.ts';

/** Question weight outside the title that still counts as asking for the whole section. */
const MAX_RESIDUAL = 1.2;

/**
 * A question that restates a section's or a table's title ("What are India's domestic
 * challenges?", "What are the strategic benefits?") wants that part as a whole, opened
 * at its start, rather than whichever sentence happens to score best.
 */
export function overviewAnswer(kb: KnowledgeBase, q: Question): Answer | undefined {
  const termSet = new Set(q.terms.map((t) => t.term));
  let best: { section: Section; matched: number; residual: number } | undefined;
  for (const section of kb.reports.flatMap((r) => r.sections)) {
    const titleTerms = [...new Set(kb.index.analyze(section.title))].filter((t) => kb.index.idf(t) >= 1);
    const matched = titleTerms.filter((t) => termSet.has(t)).reduce((s, t) => s + kb.index.idf(t), 0);
    if (matched === 0) continue;
    const residual = q.terms
      .filter((t) => !titleTerms.includes(t.term) && kb.index.idf(t.term) >= 1)
      .reduce((s, t) => s + t.weight * kb.index.idf(t.term), 0);
    if (residual > MAX_RESIDUAL) continue;
    if (!best || matched - residual > best.matched - best.residual) best = { section, matched, residual };
  }
  if (!best) return undefined;
  const { section } = best;
  const source = { document: kb.reports.find((r) => r.id === section.reportId)?.title ?? '', section: section.title };
  const table = section.tables[0];
  if (section.paragraphs.length === 0 && table) return tableAnswer(q, table);
  return answered(q, { answer: opening(section), source, confidence: 0.9, kind: 'passage' });
}

function opening(section: Section): string {
  let text = '';
  for (const sentence of section.paragraphs.flatMap((p) => sentences(p))) {
    if (text && text.length + sentence.length + 1 > ANSWER_MAX) break;
    text = text ? `${text} ${sentence}` : sentence;
  }
  return clip(text, ANSWER_MAX);
}

function tableAnswer(q: Question, table: Table): Answer {
  const lines = table.rows.map((r) => `${r.key} (${r.cells.slice(1).map((c) => c.value).join('; ')})`);
  return answered(q, {
    answer: `${table.title}: ${lines.join('; ')}.`,
    source: table.source,
    confidence: 0.9,
    kind: 'table',
    table: { title: table.title, columns: table.columns, rows: table.rows.map((r) => r.cells.map((c) => c.value)) },
  });
}
