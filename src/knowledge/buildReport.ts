import { type Block, parseBlocks } from './blocks.ts';
import { dateSortKey, parseDates } from './dates.ts';
import { titleFromSlug } from './text.ts';
import type { Report, Section, SectionKind, Table, TableKind, TableRow, TimelineEntry } from './types.ts';
import { dropUnrelated } from './unrelated.ts';

const LEAD_TITLE = 'Introduction';

/** Turn one report file's raw text into the typed model. */
export function buildReport(raw: string, file: string): Report {
  const id = file
    .replace(/\.[^.]+$/, '')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .toLowerCase();
  const format = /\.(md|markdown)$/i.test(file) ? 'markdown' : 'text';
  const { kept, dropped } = dropUnrelated(parseBlocks(raw, format));

  let title = titleFromSlug(id);
  const blocks = [...kept];
  const first = blocks[0];
  if (first?.type === 'heading' && first.level === 1) {
    title = first.text;
    blocks.shift();
  }

  const sections: Section[] = [];
  let current: Section | undefined;
  const open = (heading: string): Section => {
    const section: Section = {
      id: `${id}#${sections.length}`,
      reportId: id,
      title: heading,
      kind: sectionKind(heading, sections.length === 0 && heading === LEAD_TITLE),
      paragraphs: [],
      tables: [],
    };
    sections.push(section);
    return section;
  };

  for (const block of blocks) {
    if (block.type === 'heading') {
      current = open(block.text);
      continue;
    }
    current ??= open(LEAD_TITLE);
    if (block.type === 'paragraph') current.paragraphs.push(block.text);
    else current.tables.push(buildTable(block, current, title, id));
  }

  const nonEmpty = sections.filter((s) => s.paragraphs.length > 0 || s.tables.length > 0);
  const tables = nonEmpty.flatMap((s) => s.tables);
  return {
    id,
    title,
    file,
    sections: nonEmpty,
    tables,
    timeline: tables.filter((t) => t.kind === 'timeline').flatMap(timelineEntries),
    dropped,
  };
}

function sectionKind(title: string, isLead: boolean): SectionKind {
  if (isLead) return 'lead';
  if (/disclaimer|terms of use|legal notice/i.test(title)) return 'disclaimer';
  if (/conclusion|summary|bottom line|takeaways?/i.test(title)) return 'conclusion';
  return 'body';
}

function buildTable(
  block: Extract<Block, { type: 'table' }>,
  section: Section,
  document: string,
  reportId: string,
): Table {
  const columns = block.header;
  const rows: TableRow[] = block.rows.map((cells) => ({
    key: cells[0] ?? '',
    cells: columns.map((column, i) => ({ column, value: cells[i] ?? '' })),
  }));
  return {
    id: `${section.id}/t${section.tables.length}`,
    reportId,
    title: section.title,
    source: { document, section: section.title },
    columns,
    rows,
    kind: tableKind(columns, rows),
  };
}

function tableKind(columns: string[], rows: TableRow[]): TableKind {
  const first = columns[0] ?? '';
  if (/^(date|year|when|period|month|time)/i.test(first)) return 'timeline';
  const dated = rows.filter((r) => parseDates(r.key).length > 0).length;
  if (rows.length > 0 && dated / rows.length >= 0.6) return 'timeline';
  if (/^(country|countries|region|regions|nation|territory|economy|state)\b/i.test(first)) return 'entity';
  return 'list';
}

function timelineEntries(table: Table): TimelineEntry[] {
  return table.rows
    .flatMap((row) => {
      const date = parseDates(row.key)[0];
      if (!date) return [];
      const event = row.cells
        .slice(1)
        .map((c) => c.value)
        .filter(Boolean)
        .join(' — ');
      return [{ reportId: table.reportId, source: table.source, label: row.key, date, event }];
    })
    .sort((a, b) => dateSortKey(a.date) - dateSortKey(b.date));
}
