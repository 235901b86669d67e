import type { Reply } from '../reply/types.ts';
import { barChart } from './barChart.ts';
import { chartImage } from './render.ts';

/**
 * An answer that shows a table with a column of numbers gets that table's bar chart, whichever
 * report it comes from: the chart is read from the table, not from anything known about the report.
 * `version` is the knowledge base the answer came from, so a reload draws it again.
 */
export function withTableChart(reply: Reply, title: string | undefined, version: object): Reply {
  const table = reply.table;
  if (!table || !title || reply.image) return reply;
  const key = `answer:${title}\n${table.columns.join('\t')}\n${table.rows.map((r) => r.join('\t')).join('\n')}`;
  const image = chartImage(version, key, () =>
    barChart({ title, columns: table.columns, rows: table.rows, source: reply.source }),
  );
  return image ? { ...reply, image } : reply;
}
