import { defineCommand, HIDE, MENTION } from '../src/bot/command.ts';
import { cellOf, entityCells } from '../src/knowledge/cells.ts';
import { findEntity } from '../src/knowledge/resolve.ts';
import type { Entity } from '../src/knowledge/types.ts';
import { rankChoices } from '../src/reply/autocomplete.ts';
import type { Reply } from '../src/reply/types.ts';
import { echo } from '../src/text/echo.ts';
import { sourceLine } from '../src/text/sourceLine.ts';

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
    if (!b || b === a) return { ...base, ...profile(a) };
    return { ...base, ...sideBySide(a, b) };
  },
});

function label(e: Entity): string {
  return e.rows[0]?.row.key ?? e.name;
}

function profile(e: Entity): Reply {
  const cells = entityCells(e);
  return {
    title: label(e),
    fields: cells.map(({ cell }) => ({ name: cell.column, value: cell.value, inline: true })),
    source: [...new Set(e.rows.map((r) => sourceLine(r.table.source)))].join(' · '),
    tone: 'answer',
  };
}

function sideBySide(a: Entity, b: Entity): Reply {
  const columns: string[] = [];
  for (const e of [a, b])
    for (const { cell } of entityCells(e)) if (!columns.includes(cell.column)) columns.push(cell.column);
  return {
    title: `${label(a)} vs ${label(b)}`,
    table: {
      columns: ['', label(a), label(b)],
      rows: columns.map((c) => [c, cellOf(a, c)?.cell.value ?? '—', cellOf(b, c)?.cell.value ?? '—']),
    },
    source: [...new Set([...a.rows, ...b.rows].map((r) => sourceLine(r.table.source)))].join(' · '),
    tone: 'answer',
  };
}
