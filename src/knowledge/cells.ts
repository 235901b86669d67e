import { numericValue } from '../text/numericValue.ts';
import type { KnowledgeBase } from './knowledgeBase.ts';
import { perKnowledgeBase } from './perKnowledgeBase.ts';
import type { Cell, Entity, Table, TableRow } from './types.ts';

/** The terms a column header answers to: its canonical phrase and each of its words. */
const columnTermCache = perKnowledgeBase(() => new Map<string, ReadonlySet<string>>());

/** A column's terms, read once per knowledge base: every question about tables asks for them. */
export function columnTerms(kb: KnowledgeBase, column: string): ReadonlySet<string> {
  const cache = columnTermCache(kb);
  let terms = cache.get(column);
  if (!terms) {
    terms = readColumnTerms(kb, column);
    cache.set(column, terms);
  }
  return terms;
}

function readColumnTerms(kb: KnowledgeBase, column: string): Set<string> {
  const out = new Set(kb.index.analyze(column));
  for (const word of column.split(/[^\p{L}\p{N}]+/u)) for (const t of kb.index.analyze(word)) out.add(t);
  // Terms in most passages (the report's own subject) say nothing about which column is meant.
  for (const t of [...out]) if (kb.index.idf(t) < 1) out.delete(t);
  return out;
}

export interface ColumnMatch {
  column: string;
  score: number;
  matched: string[];
}

/** Columns of entity tables that the question names, best first. */
export function matchColumns(kb: KnowledgeBase, terms: ReadonlySet<string>): ColumnMatch[] {
  const seen = new Map<string, ColumnMatch>();
  for (const table of kb.tables.filter((t) => t.kind === 'entity')) {
    for (const column of table.columns.slice(1)) {
      if (seen.has(column)) continue;
      const matched = [...columnTerms(kb, column)].filter((t) => terms.has(t));
      if (matched.length === 0) continue;
      seen.set(column, { column, matched, score: matched.reduce((s, t) => s + kb.index.idf(t), 0) });
    }
  }
  return [...seen.values()].sort((a, b) => b.score - a.score);
}

export function cellOf(entity: Entity, column: string): { cell: Cell; table: Table; row: TableRow } | undefined {
  for (const { table, row } of entity.rows) {
    const cell = row.cells.find((c) => c.column === column);
    if (cell) return { cell, table, row };
  }
  return undefined;
}

/** Every column the entity's tables give, in table order, without the key column. */
export function entityCells(entity: Entity): Array<{ cell: Cell; table: Table }> {
  return entity.rows.flatMap(({ table, row }) => row.cells.slice(1).map((cell) => ({ cell, table })));
}

/**
 * Ordered words tables use for levels, lowest first. Each group shares a rank, so
 * "Limited < Developing < Advanced" and "Low < Moderate < High" order alike.
 */
const LEVELS: ReadonlyArray<readonly string[]> = [
  ['none', 'negligible', 'minimal', 'very low'],
  ['low', 'limited', 'weak', 'small', 'nascent', 'poor'],
  ['moderate', 'medium', 'developing', 'emerging', 'partial', 'mid', 'average', 'growing'],
  ['high', 'advanced', 'strong', 'large', 'significant', 'mature', 'good'],
  ['very high', 'dominant', 'extreme', 'critical', 'world-leading'],
];

/** A cell as a rankable number: its figure, or the rank of its level word. */
export function rankValue(value: string): number | undefined {
  const n = numericValue(value);
  if (n !== undefined) return n;
  const text = value.toLowerCase();
  for (let rank = LEVELS.length - 1; rank >= 0; rank--) {
    if (LEVELS[rank]!.some((w) => new RegExp(`^\\s*${w}\\b`).test(text))) return rank;
  }
  return undefined;
}
