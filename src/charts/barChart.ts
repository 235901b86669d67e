import { clip } from '../text/clip.ts';
import { numericValue } from '../text/numericValue.ts';
import { ACCENT, document, fileName, fitText, MUTED, plain, rect, sourceNote, text, textWidth, wrap } from './svg.ts';
import { ALT_TEXT_MAX, type Chart, type ChartTable } from './types.ts';

/** Discord shows an embed image about 500 pixels wide; a wider layout would shrink its text further. */
const WIDTH = 640;
const PAD = 24;
const ROW = 34;
const BAR = 22;
const LABEL_SIZE = 15;

/**
 * The first column after the row names whose every value reads as a number ("85", "<1", "10%"),
 * or undefined: any report's table gets its chart this way, with nothing written for that report.
 */
export function numericColumn(table: ChartTable): number | undefined {
  if (table.rows.length === 0) return undefined;
  for (let c = 1; c < table.columns.length; c++) {
    if (table.rows.every((r) => r[c] !== undefined && numericValue(r[c]!) !== undefined)) return c;
  }
  return undefined;
}

/** A horizontal bar per row of the table's numeric column, in the table's order; undefined when it has none. */
export function barChart(table: ChartTable): Chart | undefined {
  const column = numericColumn(table);
  if (column === undefined) return undefined;
  const rows = table.rows.map((r) => ({
    name: plain(r[0] ?? '') || '—',
    shown: plain(r[column]!),
    value: numericValue(r[column]!)!,
  }));
  const max = Math.max(...rows.map((r) => r.value), 0);
  const title = wrap(plain(table.title), 20, WIDTH - 2 * PAD, 2);
  const measure = plain(table.columns[column] ?? '');

  const labelWidth = Math.min(220, Math.max(...rows.map((r) => textWidth(r.name, LABEL_SIZE))) + 8);
  const barLeft = PAD + labelWidth + 8;
  // Room after the longest bar for its value label.
  const valueRoom = Math.max(...rows.map((r) => textWidth(r.shown, LABEL_SIZE))) + 12;
  const barRoom = WIDTH - PAD - barLeft - valueRoom;

  const body: string[] = [];
  let y = PAD + 20;
  for (const line of title) {
    body.push(text(PAD, y, line, { size: 20, weight: 'bold' }));
    y += 26;
  }
  body.push(text(PAD, y, fitText(measure, 14, WIDTH - 2 * PAD), { size: 14, fill: MUTED }));
  y += 18;
  for (const row of rows) {
    const length = max > 0 ? (row.value / max) * barRoom : 0;
    const middle = y + ROW / 2;
    body.push(
      text(barLeft - 8, middle + 5, fitText(row.name, LABEL_SIZE, labelWidth), { size: LABEL_SIZE, anchor: 'end' }),
      // A value of 0 still shows a hairline, so the row does not look missing.
      rect(barLeft, middle - BAR / 2, Math.max(length, 1.5), BAR, ACCENT),
      text(barLeft + Math.max(length, 1.5) + 6, middle + 5, row.shown, { size: LABEL_SIZE, weight: 'bold' }),
    );
    y += ROW;
  }
  y += 8;
  if (table.source) {
    const note = sourceNote(table.source, PAD, y + 14, WIDTH - 2 * PAD);
    body.push(...note.body);
    y = note.y;
  }
  const height = y + PAD;

  const figures = rows.map((r) => `${r.name} ${r.shown}`).join(', ');
  const description = clip(
    `Bar chart of ${measure} by ${plain(table.columns[0] ?? 'row')}, from ${plain(table.title)}: ${figures}.`,
    ALT_TEXT_MAX,
  );
  return { name: fileName(table.title, 'bar'), svg: document(WIDTH, height, body), description };
}
