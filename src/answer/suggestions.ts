import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { rowSentence } from '../knowledge/knowledgeBase.ts';
import { perKnowledgeBase } from '../knowledge/perKnowledgeBase.ts';
import type { Question } from './question.ts';

/**
 * Questions the report can answer, nearest to what was asked first. They are built from the
 * report's own structure (its sections, its table rows, its timeline), so they stay true when
 * another report is loaded. Each is scored by the rare words it shares with the question, in its
 * heading and in what it would answer from: "When was IREL founded?" is offered the places the
 * report speaks of IREL, not the same three questions whatever was asked. Only a question that
 * shares nothing with the report (an off-topic one) gets the general questions.
 */
export function suggestQuestions(kb: KnowledgeBase, q?: Question, limit = 3): string[] {
  const asked = new Map(
    (q?.terms ?? []).map((t) => [t.term, kb.index.idf(t.term)] as const).filter(([, idf]) => idf >= 1),
  );
  const weigh = (terms: ReadonlySet<string>) => {
    let sum = 0;
    for (const term of terms) sum += asked.get(term) ?? 0;
    return sum;
  };
  // A country the question names counts however common its name is in the report.
  const named = new Set((q?.entities ?? []).map((e) => e.name));
  const { offers, general } = offersOf(kb);
  const related = offers
    .map((o) => ({
      text: o.text,
      // A heading that names what was asked counts double: it is what the suggestion is about.
      score: 2 * weigh(o.heading) + weigh(o.body) + (o.entity && named.has(o.entity) ? 2 : 0),
    }))
    .filter((c) => c.score > 0)
    .sort((x, y) => y.score - x.score);
  // Related first; when fewer relate than asked for, the general ones fill the rest.
  const ordered = related.length > 0 ? [...related.map((c) => c.text), ...general] : general;
  return [...new Set(ordered)].slice(0, limit);
}

/** A question the report can answer, with the terms of its heading and of what it answers from. */
interface Offer {
  text: string;
  heading: ReadonlySet<string>;
  body: ReadonlySet<string>;
  /** The country whose rows it offers, which a question naming it lifts. */
  entity?: string;
}

/** The offers depend only on the knowledge base, so their terms are analysed once per version, not per refusal. */
const offersOf = perKnowledgeBase((kb): { offers: Offer[]; general: string[] } => {
  const terms = (text: string) => new Set(kb.index.analyze(text));
  const offers: Offer[] = [];
  const add = (text: string, heading: string, body = '', entity?: string) =>
    offers.push({ text, heading: terms(heading), body: terms(body), entity });
  for (const report of kb.reports) {
    for (const section of report.sections) {
      if (section.kind === 'disclaimer' || section.kind === 'lead') continue;
      add(`What does the report say about "${section.title}"?`, section.title, section.paragraphs.join(' '));
    }
  }
  const [a, b] = kb.entities;
  if (a && b) add(`Compare ${a.name} and ${b.name}`, `${a.name} ${b.name}`);
  // A row that mentions what was asked ("IREL" is one of India's key players) offers its country.
  for (const [i, entity] of kb.entities.entries()) {
    const other = kb.entities[i === 0 ? 1 : 0];
    if (!other) break;
    const rows = entity.rows.map(({ table, row }) => rowSentence(table, row)).join(' ');
    add(`Compare ${entity.name} and ${other.name}`, entity.name, rows, entity.name);
  }
  for (const entry of kb.timeline) add(`What happened in ${entry.label}?`, entry.label, entry.event);
  return { offers, general: generalQuestions(kb) };
});
/** What the report covers, for a question that touches none of it and for /help: the last event, a comparison, a section. */
function generalQuestions(kb: KnowledgeBase): string[] {
  const out: string[] = [];
  const last = kb.timeline[kb.timeline.length - 1];
  if (last) out.push(`What happened in ${last.label}?`);
  const [a, b] = kb.entities;
  if (a && b) out.push(`Compare ${a.name} and ${b.name}`);
  for (const report of kb.reports) {
    for (const section of report.sections) {
      if (section.kind === 'disclaimer' || section.kind === 'lead') continue;
      out.push(`What does the report say about "${section.title}"?`);
    }
  }
  return out;
}
