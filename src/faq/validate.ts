import { echo, stripBidiControls, stripStoredControls } from '../text/echo.ts';
import { MAX_ANSWER_LENGTH, MAX_PHRASING_LENGTH, MAX_PHRASINGS } from './record.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const count = (n: number) => n.toLocaleString('en-US');

/** What typing the same question twice looks like: case, spacing and end punctuation aside. */
export function sameWording(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s?!.]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * /faq's question option: up to MAX_PHRASINGS phrasings separated by `|`, each a question of
 * at most MAX_PHRASING_LENGTH characters, none empty and none given twice. Bidi controls are
 * dropped, so a listed or answered phrasing cannot reorder the text around it.
 */
export function parsePhrasings(raw: string): Checked<string[]> {
  const pieces = stripBidiControls(raw)
    .split('|')
    .map((p) => stripStoredControls(p).replace(/\s+/g, ' ').trim());
  if (pieces.every((p) => p === '')) {
    return { ok: false, problem: 'Give the question members ask, e.g. question:When is the next call? | Next meetup?' };
  }
  const empty = pieces.indexOf('');
  if (empty !== -1) {
    return {
      ok: false,
      problem: `Phrasing ${empty + 1} of ${pieces.length} is empty: remove the extra | or write a question there.`,
    };
  }
  if (pieces.length > MAX_PHRASINGS) {
    return {
      ok: false,
      problem: `Up to ${MAX_PHRASINGS} phrasings, separated by |; that has ${pieces.length}. Keep the ones members really use.`,
    };
  }
  for (const p of pieces) {
    if (p.length > MAX_PHRASING_LENGTH) {
      return {
        ok: false,
        problem: `“${echo(p, 40)}” is ${count(p.length)} characters; a phrasing is a question of at most ${MAX_PHRASING_LENGTH}.`,
      };
    }
    if (p.replace(/[^\p{L}\p{N}]/gu, '').length < 3) {
      return { ok: false, problem: `“${echo(p, 40)}” is too short to be a question members ask.` };
    }
  }
  const seen = new Set<string>();
  for (const p of pieces) {
    const key = sameWording(p);
    if (seen.has(key)) return { ok: false, problem: `“${echo(p, 60)}” is given twice.` };
    seen.add(key);
  }
  return { ok: true, value: pieces };
}

/** /faq's answer option: not empty, at most MAX_ANSWER_LENGTH characters, without bidi controls. */
export function parseAnswer(raw: string): Checked<string> {
  const answer = stripStoredControls(stripBidiControls(raw)).trim();
  if (answer === '') return { ok: false, problem: 'Give the answer members should get.' };
  if (answer.length > MAX_ANSWER_LENGTH) {
    return {
      ok: false,
      problem: `That answer is ${count(answer.length)} characters; a curated answer is at most ${count(MAX_ANSWER_LENGTH)}. Shorten it, or link to a longer page.`,
    };
  }
  return { ok: true, value: answer };
}
