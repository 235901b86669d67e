import { type KnowledgeBase, rowSentence } from '../knowledge/knowledgeBase.ts';
import { sentences } from '../knowledge/text.ts';
import type { Report, Section } from '../knowledge/types.ts';
import { clip } from '../text/clip.ts';
import { formatCell } from '../text/formatCell.ts';
import { numericValue } from '../text/numericValue.ts';
import { sourceLine } from '../text/sourceLine.ts';

export interface SummaryItem {
  title: string;
  text: string;
  source: string;
}

export interface Summary {
  headline: string;
  gist: string;
  findings: string[];
  numbers: string[];
  timeline: string[];
  source: string;
}

const MAX_FINDINGS = 5;

/**
 * The report in brief, built from its structure alone so that another report dropped
 * into knowledge/ summarises itself. The disclaimer is never summary material, and
 * the advertisement never reached the knowledge base.
 */
export function buildSummary(kb: KnowledgeBase, report: Report = kb.reports[0]!): Summary {
  const prose = report.sections.filter((s) => s.kind !== 'disclaimer' && s.paragraphs.length > 0);
  const lead = prose[0];
  const gist = lead ? firstSentences(lead, 2, 350) : '';
  const findings = prose
    .slice(lead?.kind === 'lead' ? 1 : 0)
    .filter((s) => s.kind !== 'conclusion')
    .map((s) => firstSentences(s, 1, 220))
    .slice(0, MAX_FINDINGS);
  const conclusion = prose.find((s) => s.kind === 'conclusion');
  if (conclusion && findings.length < MAX_FINDINGS) findings.push(firstSentences(conclusion, 1, 220));

  return {
    headline: report.title,
    gist,
    findings:
      findings.length >= 3
        ? findings
        : findings.concat(prose.slice(0, 3 - findings.length).map((s) => firstSentences(s, 1, 220))),
    numbers: keyNumbers(report),
    timeline: report.timeline.slice(-3).map((e) => `${e.label}: ${e.event}`),
    source: report.title,
  };
}

function firstSentences(section: Section, count: number, max: number): string {
  return clip(
    section.paragraphs
      .flatMap((p) => sentences(p))
      .slice(0, count)
      .join(' '),
    max,
  );
}

/** Percentages stated in prose, then every numeric table column ranked high to low. */
function keyNumbers(report: Report): string[] {
  const out: string[] = [];
  for (const section of report.sections) {
    if (section.kind === 'disclaimer') continue;
    for (const sentence of section.paragraphs.flatMap((p) => sentences(p))) {
      const figure = sentenceWithFigure(sentence, MAX_NUMBER);
      if (figure) out.push(figure);
    }
  }
  for (const table of report.tables.filter((t) => t.kind === 'entity')) {
    for (const column of table.columns.slice(1)) {
      const ranked = table.rows
        .map((r) => ({ key: r.key, value: r.cells.find((c) => c.column === column)?.value ?? '' }))
        .filter((r) => numericValue(r.value) !== undefined)
        .sort((a, b) => numericValue(b.value)! - numericValue(a.value)!);
      if (ranked.length < 2) continue;
      const name = formatCell(column, '').trim();
      out.push(
        `${name}: ${ranked.map((r) => `${r.key} ${formatCell(column, r.value).slice(name.length).trim()}`).join(', ')}`,
      );
    }
  }
  return out.slice(0, 4);
}

const MAX_NUMBER = 220;
const PERCENTAGE = /\b\d+(?:\.\d+)?\s?%[^,;—.]*/;

/**
 * A sentence that states a percentage, from its start, so the bullet reads as a sentence and
 * keeps whose figure it is ("Despite …, … monopolized by China, which controls over 85% …").
 * A long one is cut after the figure's clause rather than before the figure.
 */
export function sentenceWithFigure(sentence: string, max: number): string | undefined {
  const text = sentence.trim();
  const figure = PERCENTAGE.exec(text);
  if (!figure) return undefined;
  if (text.length <= max) return text;
  const end = figure.index + figure[0].length;
  return end < max ? `${text.slice(0, end).trimEnd()}…` : clip(text, max);
}

/** Every section and table row, in report order: the daily post's rotating "From the report" item. */
export function rotationItems(kb: KnowledgeBase): SummaryItem[] {
  const items: SummaryItem[] = [];
  for (const report of kb.reports) {
    for (const section of report.sections) {
      if (section.kind === 'disclaimer') continue;
      if (section.paragraphs.length > 0) {
        items.push({
          title: section.title,
          text: firstSentences(section, 3, 700),
          source: sourceLine({ document: report.title, section: section.title }),
        });
      }
      for (const table of section.tables) {
        for (const row of table.rows) {
          items.push({
            title: `${table.title}: ${row.key}`,
            // The title already ends with the row's label; the post shows the two one under the other.
            text: withoutLabel(rowSentence(table, row), row.key),
            source: sourceLine({ document: report.title, section: section.title }),
          });
        }
      }
    }
  }
  return items;
}

/** "USA: Control Over Rare Earths Medium; …" less its "USA: ", for a heading that names the row. */
export function withoutLabel(sentence: string, label: string): string {
  const prefix = `${label}: `;
  if (!sentence.startsWith(prefix)) return sentence;
  const rest = sentence.slice(prefix.length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
