import { clip } from '../text/clip.ts';
import { fold } from '../text/fold.ts';
import { document, fileName, fitText, INK, MUTED, plain, rect, sourceNote, text, textWidth, wrap } from './svg.ts';
import { ALT_TEXT_MAX, type Chart, type ChartTable } from './types.ts';

export type Level = 'low' | 'medium' | 'high';

/**
 * One light-to-dark scale, not red and green: whether High is good depends on the column
 * ("Control" or "Risk"), so the shade says how much, not how good.
 */
export const LEVEL_SHADES: Record<Level, { fill: string; ink: string }> = {
  low: { fill: '#deebf7', ink: INK },
  medium: { fill: '#9ecae1', ink: INK },
  high: { fill: '#3182bd', ink: '#ffffff' },
};

/** "High", "Moderate (Heavy REEs)" and "low" are levels; "Advanced" is not. */
export function levelOf(value: string): Level | undefined {
  const first = fold(value).split(/[\s(,;]/)[0];
  if (first === 'low') return 'low';
  if (first === 'medium' || first === 'moderate') return 'medium';
  if (first === 'high') return 'high';
  return undefined;
}

const PAD = 24;
const SIZE = 14;
const ROW = 30;
const MIN_WIDTH = 480;
/** Discord shows an embed image about 500 pixels wide: wider, and its text would be too small to read. */
const MAX_WIDTH = 760;
const LINE = 18;

/** The table as a grid, each level cell shaded by its level, with a key. Undefined for an empty table. */
export function tableChart(table: ChartTable): Chart | undefined {
  if (table.rows.length === 0 || table.columns.length === 0) return undefined;
  const columns = table.columns.map(plain);
  const rows = table.rows.map((r) => columns.map((_, c) => plain(r[c] ?? '') || '—'));
  // Each column as wide as its longest cell, within a cap; then all stretched or shrunk to the picture's width.
  const widths = columns.map((name, c) =>
    Math.min(c === 0 ? 240 : 260, Math.max(textWidth(name, SIZE), ...rows.map((r) => textWidth(r[c]!, SIZE))) + 20),
  );
  const natural = widths.reduce((a, b) => a + b, 0);
  const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, natural + 2 * PAD));
  const scale = (width - 2 * PAD) / natural;
  // Where each column starts.
  const xs = [PAD];
  for (const w of widths) xs.push(xs[xs.length - 1]! + w * scale);

  const body: string[] = [];
  let y = PAD + 20;
  body.push(text(PAD, y, fitText(plain(table.title), 20, width - 2 * PAD), { size: 20, weight: 'bold' }));
  y += 16;
  // Header row.
  body.push(rect(PAD, y, width - 2 * PAD, ROW, '#f0f4f8'));
  columns.forEach((name, c) => {
    body.push(text(xs[c]! + 8, y + 20, fitText(name, SIZE, widths[c]! * scale - 12), { size: SIZE, weight: 'bold' }));
  });
  y += ROW;
  for (const row of rows) {
    // A long cell takes a second line rather than losing its end.
    const lines = row.map((value, c) => wrap(value, SIZE, widths[c]! * scale - 12, 2));
    const height = ROW + (Math.max(...lines.map((l) => l.length)) - 1) * LINE;
    row.forEach((value, c) => {
      const level = c > 0 ? levelOf(value) : undefined;
      const shade = level ? LEVEL_SHADES[level] : undefined;
      if (shade) body.push(rect(xs[c]! + 2, y + 2, widths[c]! * scale - 4, height - 4, shade.fill, ' rx="3"'));
      lines[c]!.forEach((line, i) => {
        body.push(
          text(xs[c]! + 8, y + 20 + i * LINE, line, {
            size: SIZE,
            fill: shade?.ink ?? INK,
            ...(c === 0 ? { weight: 'bold' as const } : {}),
          }),
        );
      });
    });
    body.push(rect(PAD, y + height - 0.5, width - 2 * PAD, 1, '#d9e2ec'));
    y += height;
  }
  y += 22;
  if (rows.some((r) => r.slice(1).some((v) => levelOf(v)))) {
    let x = PAD;
    body.push(text(x, y, 'Shade:', { size: 12, fill: MUTED }));
    x += 50;
    for (const [level, shade] of Object.entries(LEVEL_SHADES)) {
      body.push(
        rect(x, y - 11, 14, 14, shade.fill, ' rx="2"'),
        text(x + 20, y, capital(level), { size: 12, fill: MUTED }),
      );
      x += 90;
    }
    y += 20;
  }
  if (table.source) {
    const note = sourceNote(table.source, PAD, y, width - 2 * PAD);
    body.push(...note.body);
    y = note.y;
  }
  const height = y + PAD;

  const header = columns.slice(1);
  const lines = rows.map(
    (r) =>
      `${r[0]}: ${r
        .slice(1)
        .map((v, i) => (header[i] ? `${header[i]} ${v}` : v))
        .join(', ')}`,
  );
  const description = clip(`Table, ${plain(table.title)}. ${lines.join('. ')}.`, ALT_TEXT_MAX);
  return { name: fileName(table.title, 'table'), svg: document(width, height, body), description };
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
