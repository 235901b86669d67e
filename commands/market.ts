import { defineCommand, HIDE } from '../src/bot/command.ts';
import { barChart } from '../src/charts/barChart.ts';
import { chartTable } from '../src/charts/fromKnowledge.ts';
import { chartImage } from '../src/charts/render.ts';
import { findEntity, marketTable } from '../src/knowledge/resolve.ts';
import { rankChoices } from '../src/reply/autocomplete.ts';
import { echo } from '../src/text/echo.ts';
import { sourceLine } from '../src/text/sourceLine.ts';

export default defineCommand({
  name: 'market',
  description: 'The global market outlook table, or one country’s row of it',
  options: {
    country: { type: 'string', description: 'A country or region, e.g. Australia', autocomplete: true, maxLength: 100 },
    hide: HIDE,
  },
  examples: ['/market', '/market country:Australia'],
  autocomplete: (_option, typed, ctx) => {
    const table = marketTable(ctx.engine.kb);
    return rankChoices(
      (table?.rows ?? []).map((r) => ({ name: r.key, value: r.key })),
      typed,
    );
  },
  run: ({ country, hide }, ctx) => {
    const table = marketTable(ctx.engine.kb);
    if (!table) return { text: 'This report has no market table.', tone: 'notice', ephemeral: hide };
    const source = sourceLine(table.source);
    if (!country?.trim()) {
      return {
        title: table.title,
        table: { columns: table.columns, rows: table.rows.map((r) => r.cells.map((c) => c.value)) },
        image: chartImage(ctx.engine.kb, `bar:${table.id}`, () => barChart(chartTable(table))),
        source,
        tone: 'answer',
        ephemeral: hide,
      };
    }
    const entity = findEntity(ctx.engine.kb, country).match;
    const row = entity?.rows.find((r) => r.table === table)?.row;
    if (!row) {
      return {
        title: 'Not in the market table',
        text: `"${echo(country)}" has no row in ${table.title}. Rows: ${table.rows.map((r) => r.key).join(', ')}.`,
        tone: 'notice',
        ephemeral: hide,
        suggestions: table.rows.slice(0, 3).map((r) => `/market country:${r.key}`),
      };
    }
    return {
      title: `${table.title}: ${row.key}`,
      fields: row.cells.slice(1).map((c) => ({ name: c.column, value: c.value, inline: true })),
      source,
      tone: 'answer',
      ephemeral: hide,
    };
  },
});
