import { stripBidiControls, stripStoredControls } from '../text/echo.ts';

/** SVG building blocks the charts share: escaping, text measured by estimate, wrapping. */

export const FONT_FAMILY = 'DejaVu Sans';
export const INK = '#1f2933';
export const MUTED = '#52606d';
export const ACCENT = '#2b7a78';

/** Report text goes into XML: `<`, `&` and quotes must not end an element or attribute early. */
export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/**
 * Control characters are invalid in XML, and bidi overrides would reorder the picture's text where
 * the alt text reads in order: both go, and a line break is a space.
 */
export function plain(text: string): string {
  return stripBidiControls(stripStoredControls(text.replace(/[\t\r\n]+/g, ' '))).trim();
}

/**
 * Width of `text` in DejaVu Sans at `size` px, estimated without loading the font: its glyphs
 * average about 0.6 em, capitals and wide letters more; overestimating only leaves room spare.
 */
export function textWidth(text: string, size: number): number {
  let ems = 0;
  for (const ch of text) ems += /[A-Z@%&MWmw—]/.test(ch) ? 0.78 : /[ .,;:'|!il1()[\]]/.test(ch) ? 0.34 : 0.62;
  return ems * size;
}

/** Shorten to fit `width`, marking the cut with an ellipsis. */
export function fitText(text: string, size: number, width: number): string {
  if (textWidth(text, size) <= width) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, size) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** Break text into lines that fit `width`, on spaces; a word longer than a line is cut. At most `maxLines`. */
export function wrap(text: string, size: number, width: number, maxLines = 4): string[] {
  const lines: string[] = [];
  let line = '';
  const words = text.split(/\s+/).filter(Boolean);
  for (const [i, word] of words.entries()) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, size) <= width || !line) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
    if (lines.length === maxLines - 1) {
      line = words.slice(i).join(' ');
      break;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => fitText(l, size, width));
}

export interface TextOptions {
  size: number;
  weight?: 'bold';
  fill?: string;
  anchor?: 'start' | 'end' | 'middle';
}

export function text(x: number, y: number, content: string, o: TextOptions): string {
  const weight = o.weight ? ` font-weight="${o.weight}"` : '';
  const anchor = o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : '';
  return `<text x="${round(x)}" y="${round(y)}" font-size="${o.size}"${weight}${anchor} fill="${o.fill ?? INK}">${escapeXml(content)}</text>`;
}

/**
 * The source line under a chart, small and grey, over as many as three lines (a comparison may
 * draw on several tables). `y` is the first line's baseline; returns the elements and the last baseline.
 */
export function sourceNote(source: string, x: number, y: number, width: number): { body: string[]; y: number } {
  const lines = wrap(plain(source), 12, width, 3);
  return {
    body: lines.map((line, i) => text(x, y + i * 16, line, { size: 12, fill: MUTED })),
    y: y + (lines.length - 1) * 16,
  };
}

export function rect(x: number, y: number, width: number, height: number, fill: string, extra = ''): string {
  return `<rect x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}" fill="${fill}"${extra}/>`;
}

export function document(width: number, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${round(height)}" viewBox="0 0 ${width} ${round(height)}" font-family="${FONT_FAMILY}">`,
    rect(0, 0, width, height, '#ffffff'),
    ...body,
    '</svg>',
  ].join('');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** A file name Discord accepts and `attachment://` can name: ASCII letters, digits and dashes. */
export function fileName(title: string, suffix: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 60)
    .replace(/-+$/, '');
  if (!slug) return `chart-${suffix}.png`;
  // "Timeline" as a timeline is timeline.png, not timeline-timeline.png.
  return slug === suffix || slug.endsWith(`-${suffix}`) ? `${slug}.png` : `${slug}-${suffix}.png`;
}
