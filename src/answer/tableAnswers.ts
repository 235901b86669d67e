import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { Entity, Table } from '../knowledge/types.ts';
import type { Question } from './question.ts';
import { cellOf, entityCells, formatCell, numericValue, type ColumnMatch } from './tables.ts';
import { answered } from './answered.ts';
import type { Answer } from './types.ts';

/** "Japan: Strategic Risk Level Low." — the row and the column, both named. */
export function cellAnswer(q: Question, entity: Entity, columns: ColumnMatch[]): Answer | undefined {
  const found = columns.map((c) => cellOf(entity, c.column)).filter((c) => c !== undefined);
  if (found.length === 0) return undefined;
  const parts = found.map(({ cell }) => formatCell(cell.column, cell.value));
  const first = found[0]!;
  return answered(q, {
    answer: `${first.row.key}: ${parts.join('; ')}.`,
    source: first.table.source,
    kind: 'cell',
    table: { title: first.table.title, columns: [first.table.columns[0]!, ...found.map((f) => f.cell.column)], rows: [[first.row.key, ...found.map((f) => f.cell.value)]] },
  });
}

/** Everything the tables say about one country or region. */
export function profileAnswer(q: Question, entity: Entity): Answer {
  const cells = entityCells(entity);
  const first = entity.rows[0]!;
  return answered(q, {
    answer: `${first.row.key}: ${cells.map(({ cell }) => formatCell(cell.column, cell.value)).join('; ')}.`,
    source: first.table.source,
    kind: 'profile',
    confidence: 0.85,
    table: { title: entity.name, columns: ['Column', 'Value'], rows: cells.map(({ cell }) => [cell.column, cell.value]) },
  });
}

/** Two or more rows side by side, limited to the columns the question names when it names any. */
export function comparisonAnswer(q: Question, entities: Entity[], columns: ColumnMatch[]): Answer {
  const wanted = columns.length > 0 ? columns.map((c) => c.column) : unionColumns(entities);
  const names = entities.map((e) => e.rows[0]?.row.key ?? e.name);
  const rows = wanted.map((column) => [column, ...entities.map((e) => cellOf(e, column)?.cell.value ?? 'not listed')]);
  const text = rows.map(([column, ...values]) => `${column}: ${values.join(' vs ')}`).join('; ');
  const table = entities[0]!.rows.find((r) => r.row.cells.some((c) => c.column === wanted[0]))?.table ?? entities[0]!.rows[0]!.table;
  return answered(q, {
    answer: `${names.join(' vs ')} — ${text}.`,
    source: table.source,
    kind: 'comparison',
    table: { title: names.join(' vs '), columns: ['', ...names], rows },
  });
}

function unionColumns(entities: Entity[]): string[] {
  const out: string[] = [];
  for (const e of entities) for (const { cell } of entityCells(e)) if (!out.includes(cell.column)) out.push(cell.column);
  return out;
}

/** "Which countries have …": rows whose cell holds the value the question names, or the extreme of a number. */
export function filterAnswer(kb: KnowledgeBase, q: Question, columns: ColumnMatch[]): Answer | undefined {
  const termSet = new Set(q.terms.map((t) => t.term));
  const columnTermSet = new Set(columns.flatMap((c) => c.matched));
  const candidates = columns.length > 0 ? columns.map((c) => c.column) : entityColumns(kb);

  if (q.superlative) {
    for (const column of candidates) {
      const ranked = kb.entities
        .map((e) => ({ e, hit: cellOf(e, column) }))
        .filter((x) => x.hit && numericValue(x.hit.cell.value) !== undefined)
        .sort((a, b) => numericValue(b.hit!.cell.value)! - numericValue(a.hit!.cell.value)!);
      if (ranked.length === 0) continue;
      const pick = q.superlative === 'max' ? ranked[0]! : ranked[ranked.length - 1]!;
      const { cell, table, row } = pick.hit!;
      const word = q.superlative === 'max' ? 'highest' : 'lowest';
      return answered(q, {
        answer: `${row.key} has the ${word} ${formatCell(column, '').trim().toLowerCase()}: ${formatCell(column, cell.value)}.`,
        source: table.source,
        kind: 'filter',
        table: { title: column, columns: [table.columns[0]!, column], rows: ranked.map((x) => [x.hit!.row.key, x.hit!.cell.value]) },
      });
    }
  }

  for (const column of candidates) {
    const matches: Array<{ key: string; value: string; table: Table }> = [];
    for (const entity of kb.entities) {
      const hit = cellOf(entity, column);
      if (!hit) continue;
      const valueTerms = kb.index.analyze(hit.cell.value).filter((t) => kb.index.idf(t) >= 1 && !columnTermSet.has(t));
      if (valueTerms.some((t) => termSet.has(t))) matches.push({ key: hit.row.key, value: hit.cell.value, table: hit.table });
    }
    if (matches.length === 0) continue;
    const values = [...new Set(matches.map((m) => m.value))];
    return answered(q, {
      answer: `${column} ${values.join(' / ')}: ${matches.map((m) => m.key).join(', ')}.`,
      source: matches[0]!.table.source,
      kind: 'filter',
      table: { title: column, columns: [matches[0]!.table.columns[0]!, column], rows: matches.map((m) => [m.key, m.value]) },
    });
  }
  return undefined;
}

function entityColumns(kb: KnowledgeBase): string[] {
  return [...new Set(kb.tables.filter((t) => t.kind === 'entity').flatMap((t) => t.columns.slice(1)))];
}
