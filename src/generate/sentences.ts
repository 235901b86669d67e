/** Sentences of a generated answer and the sources each one cites. Pure: no model, no network. */

export interface CitedSentence {
  /** The sentence as the model wrote it, citations included. */
  text: string;
  /** The sentence without its citation markers, as a member reads it. */
  claim: string;
  /** The source numbers it cites, 1-based, in order, without repeats. */
  cites: number[];
}

/** "[1]", "[1, 3]", "[1][2]" and "[1-2]"-free forms: the only citation shape the prompt asks for. */
const CITATION = /\[(\d+(?:\s*,\s*\d+)*)\]/g;

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = /(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|vs|etc|e\.g|i\.e|approx|No|Inc|Ltd|Corp|Jr|Sr)|\b[A-Z])\.$/;

/**
 * Splits on ., ! or ? followed by whitespace, keeping a citation written after the full stop
 * ("… in 1961. [2] The …") with the sentence before it, as models often place it there.
 */
export function splitSentences(answer: string): CitedSentence[] {
  const text = answer.replace(/\s+/g, ' ').trim();
  const pieces: string[] = [];
  let start = 0;
  const end = /[.!?]["”’)]*(?:\s*(?:\[\d+(?:\s*,\s*\d+)*\])+)?(?=\s|$)/g;
  for (let m = end.exec(text); m; m = end.exec(text)) {
    const stop = m.index + m[0].length;
    const piece = text.slice(start, stop);
    // "U.S." or "Dr." mid-sentence, or a decimal point, is not an end.
    if (!/\[\d/.test(m[0]) && ABBREVIATIONS.test(text.slice(start, m.index + 1))) continue;
    pieces.push(piece.trim());
    start = stop;
  }
  const rest = text.slice(start).trim();
  if (rest) pieces.push(rest);
  return pieces.filter((p) => /[\p{L}\p{N}]/u.test(p)).map(citedSentence);
}

export function citedSentence(text: string): CitedSentence {
  const cites: number[] = [];
  for (const m of text.matchAll(CITATION)) {
    for (const n of m[1]!.split(',')) {
      const k = Number(n.trim());
      if (!cites.includes(k)) cites.push(k);
    }
  }
  const claim = text
    .replace(CITATION, '')
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return { text, claim, cites };
}
