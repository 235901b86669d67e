/** The typed model of the knowledge base: reports made of sections, passages and tables. */

export interface Source {
  /** The report's title, so that answers from several reports say which one they used. */
  document: string;
  section: string;
}

export type SectionKind = 'lead' | 'body' | 'conclusion' | 'disclaimer';

export interface Passage {
  id: number;
  reportId: string;
  source: Source;
  /** One sentence of prose, or one table row written out as a sentence. */
  text: string;
  kind: 'prose' | 'row';
  /** Index of the paragraph inside its section, so neighbouring sentences can be joined. */
  paragraph: number;
  sectionKind: SectionKind;
}

export interface Section {
  id: string;
  reportId: string;
  title: string;
  kind: SectionKind;
  paragraphs: string[];
  tables: Table[];
}

export interface Cell {
  column: string;
  value: string;
}

export interface TableRow {
  /** The first column's value, which names the row. */
  key: string;
  cells: Cell[];
}

export type TableKind = 'timeline' | 'entity' | 'list';

export interface Table {
  id: string;
  reportId: string;
  title: string;
  source: Source;
  columns: string[];
  rows: TableRow[];
  kind: TableKind;
}

export interface PartialDate {
  year: number;
  /** 1–12 when known. */
  month?: number;
  day?: number;
}

export interface TimelineEntry {
  reportId: string;
  source: Source;
  label: string;
  date: PartialDate;
  event: string;
}

/** A country or region, gathered from every table keyed by one. */
export interface Entity {
  name: string;
  /** Folded names a reader may use: the name, its parenthetical, and aliases from knowledge/aliases.json. */
  names: string[];
  rows: Array<{ table: Table; row: TableRow }>;
}

export interface DroppedBlock {
  text: string;
  reason: string;
}

export interface Report {
  id: string;
  title: string;
  file: string;
  sections: Section[];
  tables: Table[];
  timeline: TimelineEntry[];
  /** Blocks that ingestion judged not to belong to the report, kept for inspection. */
  dropped: DroppedBlock[];
}
