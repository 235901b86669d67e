import type { KnowledgeBase } from '../../knowledge/knowledgeBase.ts';
import { sentences } from '../../knowledge/text.ts';
import type { Report, Section, Table } from '../../knowledge/types.ts';
import { clip } from '../../text/clip.ts';
import { type Candidate, type Draft, draft } from '../candidate.ts';
import type { Question } from '../question.ts';
import { ANSWER_MAX } from '../types.ts';

/** How many section overviews go forward; a question restates at most a title or two. */
const SECTION_CANDIDATES = 3;

/**
 * Whole parts of the report: a section or table whose title the question restates
 * ("What are India's domestic challenges?"), and the report's brief for "what is this
 * about?" or "tl;dr".
 */
export function overviewCandidates(kb: KnowledgeBase, q: Question): Candidate[] {
  const out: Candidate[] = [];
  if (q.overview) for (const report of kb.reports) out.push({ kind: 'brief', fit: 1, draft: briefDraft(report) });
  const weights = new Map(q.terms.map((t) => [t.term, t.weight * kb.index.idf(t.term)]));
  const total = [...weights.values()].reduce((a, b) => a + b, 0) + q.unknownWeight;
  if (total === 0) return out;
  const sections: Array<{ section: Section; fit: number }> = [];
  for (const section of kb.reports.flatMap((r) => r.sections)) {
    if (section.kind === 'lead') continue;
    const title = new Set(kb.index.analyze(section.title));
    const matched = [...weights].filter(([t]) => title.has(t)).reduce((s, [, w]) => s + w, 0);
    if (matched > 0) sections.push({ section, fit: matched / total });
  }
  sections.sort((a, b) => b.fit - a.fit);
  for (const { section, fit } of sections.slice(0, SECTION_CANDIDATES)) {
    const report = kb.reports.find((r) => r.id === section.reportId)!;
    out.push({ kind: 'overview', fit, draft: sectionDraft(report, section) });
  }
  return out;
}

/** The report's opening sentences: what it is about, in its own words. */
function briefDraft(report: Report): Draft {
  const lead = report.sections.find((s) => s.kind !== 'disclaimer' && s.paragraphs.length > 0) ?? report.sections[0]!;
  return draft({ text: opening(lead), source: { document: report.title, section: lead.title }, kind: 'summary' });
}

function sectionDraft(report: Report, section: Section): Draft {
  const table = section.tables[0];
  if (section.paragraphs.length === 0 && table) return tableDraft(table);
  return draft({ text: opening(section), source: { document: report.title, section: section.title }, kind: 'passage' });
}

function opening(section: Section): string {
  let text = '';
  for (const sentence of section.paragraphs.flatMap((p) => sentences(p))) {
    if (text && text.length + sentence.length + 1 > ANSWER_MAX) break;
    text = text ? `${text} ${sentence}` : sentence;
  }
  return clip(text, ANSWER_MAX);
}

function tableDraft(table: Table): Draft {
  const lines = table.rows.map(
    (r) =>
      `${r.key} (${r.cells
        .slice(1)
        .map((c) => c.value)
        .join('; ')})`,
  );
  return draft({
    text: `${table.title}: ${lines.join('; ')}.`,
    source: table.source,
    kind: 'table',
    table: { title: table.title, columns: table.columns, rows: table.rows.map((r) => r.cells.map((c) => c.value)) },
  });
}
