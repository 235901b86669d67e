import { clip } from '../text/clip.ts';
import { ACCENT, document, fileName, fitText, MUTED, plain, sourceNote, text, wrap } from './svg.ts';
import { ALT_TEXT_MAX, type Chart } from './types.ts';

/** One dated event, as the timeline table gives it. */
export interface TimelineItem {
  /** The date as the report writes it, e.g. "September 2025". */
  label: string;
  event: string;
}

/** Discord shows an embed image about 500 pixels wide; a wider layout would shrink its text further. */
const WIDTH = 640;
const PAD = 24;
const LINE_X = PAD + 8;
const TEXT_X = LINE_X + 22;
const EVENT_SIZE = 14;
const EVENT_LINE = 19;
/** A picture stays readable, and under Discord's size limit, with this many; the text lists them all. */
export const TIMELINE_CHART_MAX = 24;

/** A vertical timeline: a dot and its date per entry, the event beside it. Undefined for no entries. */
export function timelineChart(title: string, items: readonly TimelineItem[], source?: string): Chart | undefined {
  if (items.length === 0) return undefined;
  const shown = items.slice(0, TIMELINE_CHART_MAX);
  const body: string[] = [];
  let y = PAD + 20;
  for (const line of wrap(plain(title), 20, WIDTH - 2 * PAD, 2)) {
    body.push(text(PAD, y, line, { size: 20, weight: 'bold' }));
    y += 26;
  }
  y += 8;
  const top = y;
  const dots: string[] = [];
  for (const item of shown) {
    dots.push(`<circle cx="${LINE_X}" cy="${y + 6}" r="6" fill="${ACCENT}"/>`);
    body.push(text(TEXT_X, y + 11, fitText(plain(item.label), 15, WIDTH - TEXT_X - PAD), { size: 15, weight: 'bold' }));
    y += 20;
    for (const line of wrap(plain(item.event), EVENT_SIZE, WIDTH - TEXT_X - PAD, 3)) {
      body.push(text(TEXT_X, y + 11, line, { size: EVENT_SIZE }));
      y += EVENT_LINE;
    }
    y += 12;
  }
  const rail = `<line x1="${LINE_X}" y1="${top + 6}" x2="${LINE_X}" y2="${y - 32}" stroke="${ACCENT}" stroke-width="2"/>`;
  if (items.length > shown.length) {
    body.push(text(TEXT_X, y + 4, `and ${items.length - shown.length} more in the text`, { size: 13, fill: MUTED }));
    y += 22;
  }
  if (source) {
    const note = sourceNote(source, PAD, y + 6, WIDTH - 2 * PAD);
    body.push(...note.body);
    y = note.y;
  }
  const height = y + PAD;

  const description = clip(
    `Timeline, ${plain(shown[0]!.label)} to ${plain(shown[shown.length - 1]!.label)}: ${shown
      .map((i) => `${plain(i.label)}: ${plain(i.event)}`)
      .join('; ')}.`,
    ALT_TEXT_MAX,
  );
  return { name: fileName(title, 'timeline'), svg: document(WIDTH, height, [rail, ...dots, ...body]), description };
}
