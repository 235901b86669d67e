import type { Table } from '../knowledge/types.ts';
import { sourceLine } from '../text/sourceLine.ts';
import type { ChartTable } from './types.ts';

/** A report's table as the charts take it: the cells' text, row by row. */
export function chartTable(table: Table): ChartTable {
  return {
    title: table.title,
    columns: table.columns,
    rows: table.rows.map((r) => r.cells.map((c) => c.value)),
    source: sourceLine(table.source),
  };
}
