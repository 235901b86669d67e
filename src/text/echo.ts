import { clip } from './clip.ts';

/**
 * Bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069),
 * the marks (U+200E, U+200F, U+061C). Echoed back, one can make a title or a name read backwards.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * C0 control characters other than tab and newline. Nobody types them, Postgres cannot store NUL in
 * text, and SQLite would keep it: stored text drops them, so both stores hold the same.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const STORED_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

export function stripStoredControls(text: string): string {
  return text.replace(STORED_CONTROLS, '');
}

/** The most of what someone typed that a message quotes back to them. */
export const ECHO_MAX = 80;

/**
 * What someone typed, fit to quote in a message: on one line, without bidi controls, and clipped,
 * so a 5,000-character option does not come back whole in its own error.
 */
export function echo(text: string, max: number = ECHO_MAX): string {
  return clip(stripBidiControls(text).replace(/\s+/g, ' ').trim(), max);
}
