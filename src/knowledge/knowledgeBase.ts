import { fold } from '../text/fold.ts';
import { buildReport } from './buildReport.ts';
import { dateSortKey } from './dates.ts';
import { type AliasFile, Lexicon } from './lexicon.ts';
import { SearchIndex } from './searchIndex.ts';
import { sentences } from './text.ts';
import type { Entity, Passage, Report, Table, TableRow, TimelineEntry } from './types.ts';

export interface KnowledgeBase {
  reports: Report[];
  passages: Passage[];
  entities: Entity[];
  timeline: TimelineEntry[];
  tables: Table[];
  lexicon: Lexicon;
  index: SearchIndex;
}

/** Where the current knowledge base is read from: a reload replaces it, so read `kb` when it is needed. */
export interface KnowledgeSource {
  readonly kb: KnowledgeBase;
}

export interface ReportFile {
  file: string;
  raw: string;
}

export function buildKnowledgeBase(files: readonly ReportFile[], aliases: AliasFile): KnowledgeBase {
  const lexicon = new Lexicon(aliases);
  const reports = files.map(({ file, raw }) => buildReport(raw, file));
  disambiguateTitles(reports);
  const passages = reports.flatMap((r) => reportPassages(r));
  passages.forEach((p, i) => {
    p.id = i;
  });
  const tables = reports.flatMap((r) => r.tables);
  return {
    reports,
    passages,
    entities: collectEntities(tables, lexicon),
    timeline: reports.flatMap((r) => r.timeline).sort((a, b) => dateSortKey(a.date) - dateSortKey(b.date)),
    tables,
    lexicon,
    index: new SearchIndex(passages, lexicon),
  };
}

/** Two files with the same title would make "which report?" unanswerable. */
function disambiguateTitles(reports: Report[]): void {
  const seen = new Map<string, number>();
  for (const report of reports) {
    const n = (seen.get(report.title) ?? 0) + 1;
    seen.set(report.title, n);
    if (n > 1) {
      report.title = `${report.title} (${report.file})`;
      for (const t of report.tables) t.source.document = report.title;
      for (const e of report.timeline) e.source.document = report.title;
    }
  }
}

function reportPassages(report: Report): Passage[] {
  const out: Passage[] = [];
  for (const section of report.sections) {
    const source = { document: report.title, section: section.title };
    section.paragraphs.forEach((paragraph, p) => {
      for (const text of sentences(paragraph)) {
        out.push({ id: 0, reportId: report.id, source, text, kind: 'prose', paragraph: p, sectionKind: section.kind });
      }
    });
    for (const table of section.tables) {
      table.rows.forEach((row, r) => {
        out.push({
          id: 0,
          reportId: report.id,
          source,
          text: rowSentence(table, row),
          kind: 'row',
          paragraph: section.paragraphs.length + r,
          sectionKind: section.kind,
        });
      });
    }
  }
  return out;
}

/** A table row written out so that it reads, and searches, like a sentence. */
export function rowSentence(table: Table, row: TableRow): string {
  const rest = row.cells.slice(1).filter((c) => c.value !== '');
  if (table.kind === 'entity') return `${row.key}: ${rest.map((c) => `${c.column} ${c.value}`).join('; ')}.`;
  return `${row.key}: ${rest.map((c) => c.value).join('; ')}.`;
}

function collectEntities(tables: Table[], lexicon: Lexicon): Entity[] {
  const byName = new Map<string, Entity>();
  for (const table of tables.filter((t) => t.kind === 'entity')) {
    for (const row of table.rows) {
      const name = row.key.replace(/\s*\(.*?\)\s*/g, ' ').trim() || row.key;
      const key = fold(name);
      let entity = byName.get(key);
      if (!entity) {
        entity = { name, names: lexicon.namesFor(name), rows: [] };
        byName.set(key, entity);
      }
      for (const inner of row.key.matchAll(/\(([^)]+)\)/g)) {
        for (const n of lexicon.namesFor(inner[1] ?? '')) if (!entity.names.includes(n)) entity.names.push(n);
      }
      entity.rows.push({ table, row });
    }
  }
  return [...byName.values()];
}
