import { defineCommand, HIDE, MENTION } from '../src/bot/command.ts';
import { chartImage } from '../src/charts/render.ts';
import { tableChart } from '../src/charts/tableChart.ts';
import { entityCells } from '../src/knowledge/cells.ts';
import { findEntity } from '../src/knowledge/resolve.ts';
import type { Cell, Entity, Table } from '../src/knowledge/types.ts';
import { rankChoices } from '../src/reply/autocomplete.ts';
import type { Reply } from '../src/reply/types.ts';
import { echo } from '../src/text/echo.ts';
import { sourceLine, withDocument } from '../src/text/sourceLine.ts';

export default defineCommand({
  name: 'compare',
  description: 'What the report’s tables say about a country, or two side by side',
  options: {
    country: {
      type: 'string',
      description: 'A country or region, e.g. Japan',
      required: true,
      autocomplete: true,
      maxLength: 100,
    },
    other: { type: 'string', description: 'A second country to compare with', autocomplete: true, maxLength: 100 },
    hide: HIDE,
    mention: MENTION,
  },
  examples: ['/compare country:Japan', '/compare country:China other:India'],
  autocomplete: (_option, typed, ctx) =>
    rankChoices(
      ctx.engine.kb.entities.map((e) => ({ name: e.rows[0]?.row.key ?? e.name, value: e.name, keywords: e.names })),
      typed,
    ),
  run: ({ country, other, hide, mention }, ctx) => {
    const { kb } = ctx.engine;
    const base: Reply = { ephemeral: hide, mention };
    const covered = kb.entities.map((e) => e.name).join(', ');
    if (!country.trim()) {
      return {
        ...base,
        title: 'Missing country',
        text: `Name a country. The report's tables cover: ${covered}.`,
        tone: 'notice',
      };
    }
    const first = findEntity(kb, country);
    const second = other?.trim() ? findEntity(kb, other) : undefined;
    for (const [typed, found] of [
      [country, first],
      [other ?? '', second],
    ] as const) {
      if (found && !found.match) {
        return {
          ...base,
          title: 'Country not found',
          text: `The report's tables have no row for "${echo(typed)}". They cover: ${covered}.`,
          tone: 'notice',
          suggestions: found.suggestions.map((s) => `/compare country:${s}`),
        };
      }
    }
    const a = first.match!;
    const b = second?.match;
    // Two reports may both have a "Processing Capability" for China: each value says whose it is.
    const several = kb.reports.length > 1;
    const reply = !b || b === a ? profile(a, several) : sideBySide(a, b, several);
    const image = chartImage(kb, `compare:${a.name}|${b && b !== a ? b.name : ''}`, () => pictured(reply));
    return { ...base, ...reply, image };
  },
});

function label(e: Entity): string {
  return e.rows[0]?.row.key ?? e.name;
}

/** What a row of the answer is called: the column, and with several reports the report it comes from. */
function columnLabel(cell: Cell, table: Table, several: boolean): string {
  return several ? withDocument(cell.column, table.source.document) : cell.column;
}

function profile(e: Entity, several: boolean): Reply {
  const cells = entityCells(e);
  return {
    title: label(e),
    fields: cells.map(({ cell, table }) => ({
      name: columnLabel(cell, table, several),
      value: cell.value,
      inline: true,
    })),
    source: [...new Set(e.rows.map((r) => sourceLine(r.table.source)))].join(' · '),
    tone: 'answer',
  };
}

/** The reply's rows as a table image: one country's fields as a one-column table, two countries' table as it is. */
function pictured(reply: Reply) {
  const table = reply.table ?? {
    columns: ['', reply.title ?? ''],
    rows: (reply.fields ?? []).map((f) => [f.name, f.value]),
  };
  return tableChart({ title: reply.title ?? '', columns: table.columns, rows: table.rows, source: reply.source });
}

function sideBySide(a: Entity, b: Entity, several: boolean): Reply {
  // Rows in the order the tables give them; a label both countries have is one row.
  const rows = new Map<string, [string, string]>();
  for (const [side, e] of [a, b].entries()) {
    for (const { cell, table } of entityCells(e)) {
      const key = columnLabel(cell, table, several);
      const row = rows.get(key) ?? ['—', '—'];
      if (row[side] === '—') row[side] = cell.value;
      rows.set(key, row);
    }
  }
  return {
    title: `${label(a)} vs ${label(b)}`,
    table: { columns: ['', label(a), label(b)], rows: [...rows].map(([key, [x, y]]) => [key, x, y]) },
    source: [...new Set([...a.rows, ...b.rows].map((r) => sourceLine(r.table.source)))].join(' · '),
    tone: 'answer',
  };
}
