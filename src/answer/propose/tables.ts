import { type ColumnMatch, cellOf, entityCells, matchColumns, rankValue } from '../../knowledge/cells.ts';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.ts';
import type { Entity, Table } from '../../knowledge/types.ts';
import { formatCell } from '../../text/formatCell.ts';
import { type Candidate, type Draft, draft, ROUTE_FIT } from '../candidate.ts';
import type { Question } from '../question.ts';

/**
 * What the tables can say to a question: a cell (row and column named), a comparison of
 * rows, a filter or ranking over a column, or a row's whole profile. Each is proposed with
 * how much of the question it accounts for; the policy weighs it against the sentences.
 */
export function tableCandidates(kb: KnowledgeBase, q: Question): Candidate[] {
  if (kb.entities.length === 0) return [];
  const columns = matchColumns(kb, new Set(q.terms.map((t) => t.term)));
  const explained = explainedShare(kb, q, columns);
  const out: Candidate[] = [];
  const [entity] = q.entities;

  if (q.entities.length >= 2) {
    const fit = q.compare || (q.expects === 'yesno' && q.comparative) ? explained : explained * ROUTE_FIT.tableUnasked;
    out.push({ kind: 'comparison', fit, draft: comparisonDraft(q, q.entities, columns) });
  }
  if (q.entities.length === 0 || (q.superlative && q.expects === 'yesno')) {
    const filtered = filterDraft(kb, q, columns);
    if (filtered)
      out.push({
        kind: 'filter',
        fit: q.superlative || q.which || q.threshold ? explained : explained * ROUTE_FIT.tableUnasked,
        draft: filtered,
      });
  }
  if (entity && columns.length > 0) {
    const cell = cellDraft(entity, columns);
    if (cell) out.push({ kind: 'cell', fit: explained, draft: cell });
  }
  // A row of figures names a country but does not define it.
  const profileFit =
    (columns.length === 0 ? explained : explained * ROUTE_FIT.tableUnasked) *
    (q.expects === 'definition' ? ROUTE_FIT.profileForDefinition : 1);
  if (entity && q.entities.length === 1) out.push({ kind: 'profile', fit: profileFit, draft: profileDraft(entity) });
  return out;
}

/** The share of the question's weight that names a row, a column or a value of that column. */
function explainedShare(kb: KnowledgeBase, q: Question, columns: ColumnMatch[]): number {
  const named = new Set(columns.flatMap((c) => c.matched));
  for (const e of q.entities) for (const n of e.names) for (const t of kb.index.analyze(n)) named.add(t);
  // A value of a named column ("advanced" processing) says what is asked about that column.
  for (const c of columns)
    for (const e of kb.entities) for (const t of kb.index.analyze(cellOf(e, c.column)?.cell.value ?? '')) named.add(t);
  let total = q.unknownWeight;
  let explained = 0;
  for (const t of q.terms) {
    const w = t.weight * kb.index.idf(t.term);
    total += w;
    if (named.has(t.term)) explained += w;
  }
  return total === 0 ? 0 : explained / total;
}

/** "Japan: Strategic Risk Level Low." — the row and the column, both named. */
export function cellDraft(entity: Entity, columns: readonly Pick<ColumnMatch, 'column'>[]): Draft | undefined {
  const found = columns.map((c) => cellOf(entity, c.column)).filter((c) => c !== undefined);
  if (found.length === 0) return undefined;
  const first = found[0]!;
  return draft({
    text: `${first.row.key}: ${found.map(({ cell }) => formatCell(cell.column, cell.value)).join('; ')}.`,
    source: first.table.source,
    kind: 'cell',
    focus: first.cell.value,
    table: {
      title: first.table.title,
      columns: [first.table.columns[0]!, ...found.map((f) => f.cell.column)],
      rows: [[first.row.key, ...found.map((f) => f.cell.value)]],
    },
  });
}

/** Everything the tables say about one country or region. */
function profileDraft(entity: Entity): Draft {
  const cells = entityCells(entity);
  const first = entity.rows[0]!;
  return draft({
    text: `${first.row.key}: ${cells.map(({ cell }) => formatCell(cell.column, cell.value)).join('; ')}.`,
    source: first.table.source,
    kind: 'profile',
    table: {
      title: entity.name,
      columns: ['Column', 'Value'],
      rows: cells.map(({ cell }) => [cell.column, cell.value]),
    },
  });
}

/**
 * Rows side by side, limited to the columns the question names. "Is the USA bigger than
 * Australia?" is answered Yes or No first, from the column the question ranks by.
 */
function comparisonDraft(q: Question, entities: Entity[], columns: ColumnMatch[]): Draft {
  const wanted = columns.length > 0 ? columns.map((c) => c.column) : unionColumns(entities);
  const names = entities.map((e) => e.rows[0]?.row.key ?? e.name);
  const rows = wanted.map((column) => [column, ...entities.map((e) => cellOf(e, column)?.cell.value ?? 'not listed')]);
  const table =
    entities[0]!.rows.find((r) => r.row.cells.some((c) => c.column === wanted[0]))?.table ??
    entities[0]!.rows[0]!.table;
  const grid = { title: names.join(' vs '), columns: ['', ...names], rows };
  const verdict =
    q.expects === 'yesno' && q.comparative
      ? yesNoComparison(entities, columns.length > 0 ? wanted : rankable(entities), q.comparative)
      : undefined;
  if (verdict)
    return draft({ text: verdict.text, source: table.source, kind: 'comparison', focus: verdict.word, table: grid });
  const text = rows.map(([column, ...values]) => `${column}: ${values.join(' vs ')}`).join('; ');
  return draft({ text: `${names.join(' vs ')} — ${text}.`, source: table.source, kind: 'comparison', table: grid });
}

function yesNoComparison(
  entities: Entity[],
  columns: string[],
  direction: 'max' | 'min',
): { text: string; word: string } | undefined {
  const [a, b] = entities;
  for (const column of columns) {
    const x = a && cellOf(a, column);
    const y = b && cellOf(b, column);
    const vx = x && rankValue(x.cell.value);
    const vy = y && rankValue(y.cell.value);
    if (vx === undefined || vy === undefined || !x || !y) continue;
    const yes = direction === 'max' ? vx > vy : vx < vy;
    const word = yes ? 'Yes' : 'No';
    return {
      word,
      text: `${word}. ${x.row.key}: ${formatCell(column, x.cell.value)}; ${y.row.key}: ${formatCell(column, y.cell.value)}.`,
    };
  }
  return undefined;
}

function unionColumns(entities: Entity[]): string[] {
  const out: string[] = [];
  for (const e of entities)
    for (const { cell } of entityCells(e)) if (!out.includes(cell.column)) out.push(cell.column);
  return out;
}

const rankableColumns = new WeakMap<Entity[], string[]>();

/** Columns in which the entities have values that can be ordered, numbers first: read once per set of tables. */
function rankable(entities: Entity[]): string[] {
  let columns = rankableColumns.get(entities);
  if (!columns) {
    columns = readRankable(entities);
    rankableColumns.set(entities, columns);
  }
  return columns;
}

function readRankable(entities: Entity[]): string[] {
  const columns = unionColumns(entities).filter((c) =>
    entities.some((e) => rankValue(cellOf(e, c)?.cell.value ?? '') !== undefined),
  );
  const numeric = (c: string) => entities.some((e) => /\d/.test(cellOf(e, c)?.cell.value ?? ''));
  return [...columns.filter(numeric), ...columns.filter((c) => !numeric(c))];
}

/**
 * "Which countries have …": the rows whose cell holds the value the question names, the
 * rows past a threshold, or the row at a rank ("the second largest"), on numbers or on
 * ordered words such as Low < Medium < High.
 */
function filterDraft(kb: KnowledgeBase, q: Question, columns: ColumnMatch[]): Draft | undefined {
  const named = columns.map((c) => c.column);
  if (q.superlative || q.threshold) {
    // "the biggest producer" names Key Players, which cannot be ranked; rank by the figures instead.
    const ranks = rankable(kb.entities);
    const candidates = [
      ...named.filter((c) => ranks.includes(c)),
      ...(named.some((c) => ranks.includes(c)) ? [] : ranks),
    ];
    for (const column of candidates) {
      const ranked = kb.entities
        .map((e) => ({ e, hit: cellOf(e, column) }))
        .map((x) => ({ ...x, value: rankValue(x.hit?.cell.value ?? '') }))
        .filter(
          (x): x is typeof x & { hit: NonNullable<typeof x.hit>; value: number } =>
            x.hit !== undefined && x.value !== undefined,
        )
        .sort((a, b) => b.value - a.value);
      if (ranked.length < 2) continue;
      const first = ranked[0]!.hit;
      const grid = {
        title: column,
        columns: [first.table.columns[0]!, column],
        rows: ranked.map((x) => [x.hit.row.key, x.hit.cell.value]),
      };
      if (q.threshold) {
        const { op, value } = q.threshold;
        const hits = ranked.filter((x) => (op === '>' ? x.value > value : x.value < value));
        const list =
          hits.length > 0
            ? hits.map((x) => `${x.hit.row.key} (${formatCell(column, x.hit.cell.value)})`).join(', ')
            : 'none';
        return draft({
          text: `${columnName(column)} ${op === '>' ? 'above' : 'below'} ${value}: ${list}.`,
          source: first.table.source,
          kind: 'filter',
          table: grid,
        });
      }
      const order = q.superlative === 'max' ? ranked : [...ranked].reverse();
      const rank = Math.min(q.ordinal ?? 1, order.length) - 1;
      const level = order[rank]!.value;
      const tied = order.filter((x) => x.value === level);
      const who = tied.map((x) => x.hit.row.key);
      const word = `${q.ordinal && q.ordinal > 1 ? `${ordinalWord(q.ordinal)} ` : ''}${q.superlative === 'max' ? 'highest' : 'lowest'}`;
      const figure = formatCell(column, order[rank]!.hit.cell.value);
      let answer = `${joinNames(who)} ${who.length > 1 ? 'have' : 'has'} the ${word} ${columnName(column).toLowerCase()}: ${figure}.`;
      const asked = q.entities[0];
      if (q.expects === 'yesno' && asked) {
        const yes = who.some((w) => asked.rows.some((r) => r.row.key === w));
        answer = `${yes ? 'Yes' : 'No'}. ${answer}`;
      }
      return draft({ text: answer, source: first.table.source, kind: 'filter', focus: joinNames(who), table: grid });
    }
    if (!q.which) return undefined;
  }
  return valueFilter(kb, q, columns, named.length > 0 ? named : rankable(kb.entities));
}

function valueFilter(kb: KnowledgeBase, q: Question, columns: ColumnMatch[], candidates: string[]): Draft | undefined {
  const termSet = new Set(q.terms.map((t) => t.term));
  const columnTermSet = new Set(columns.flatMap((c) => c.matched));
  for (const column of candidates.length > 0 ? candidates : entityColumns(kb)) {
    const matches: Array<{ key: string; value: string; table: Table }> = [];
    for (const entity of kb.entities) {
      const hit = cellOf(entity, column);
      if (!hit) continue;
      const valueTerms = kb.index.analyze(hit.cell.value).filter((t) => kb.index.idf(t) >= 1 && !columnTermSet.has(t));
      if (valueTerms.some((t) => termSet.has(t)))
        matches.push({ key: hit.row.key, value: hit.cell.value, table: hit.table });
    }
    if (matches.length === 0) continue;
    const values = [...new Set(matches.map((m) => m.value))];
    return draft({
      text: `${column} ${values.join(' / ')}: ${matches.map((m) => m.key).join(', ')}.`,
      source: matches[0]!.table.source,
      kind: 'filter',
      focus: matches.map((m) => m.key).join(', '),
      table: {
        title: column,
        columns: [matches[0]!.table.columns[0]!, column],
        rows: matches.map((m) => [m.key, m.value]),
      },
    });
  }
  return undefined;
}

function entityColumns(kb: KnowledgeBase): string[] {
  return [...new Set(kb.tables.filter((t) => t.kind === 'entity').flatMap((t) => t.columns.slice(1)))];
}

function columnName(column: string): string {
  return formatCell(column, '').trim();
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

function ordinalWord(n: number): string {
  return ORDINALS[n] ?? `${n}th`;
}
