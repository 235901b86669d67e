import { defineCommand, HIDE } from '../src/bot/command.ts';
import { benefitsTable } from '../src/knowledge/resolve.ts';
import { sourceLine } from '../src/text/sourceLine.ts';

export default defineCommand({
  name: 'benefits',
  description: 'The strategic benefits the report lists',
  options: { hide: HIDE },
  examples: ['/benefits'],
  run: ({ hide }, ctx) => {
    const table = benefitsTable(ctx.engine.kb);
    if (!table) return { text: 'This report has no benefits table.', tone: 'notice', ephemeral: hide };
    return {
      title: table.title,
      fields: table.rows.map((r) => ({
        name: r.key,
        value:
          r.cells
            .slice(1)
            .map((c) => c.value)
            .join('; ') || '—',
      })),
      source: sourceLine(table.source),
      tone: 'answer',
      ephemeral: hide,
    };
  },
});
