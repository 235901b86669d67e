import Fuse from 'fuse.js';
import { editDistance } from './editDistance.ts';

/** Fuse's Bitap threshold for proposing a known word: loose, since an edit distance confirms it. */
const PROPOSE_THRESHOLD = 0.34;
/** Words shorter than this are never repaired: too many short words are one letter apart. */
const MIN_LENGTH = 4;
/** Up to this length one edit is a typo; longer words may have two. */
const ONE_EDIT_UP_TO = 8;

/**
 * Repairs a misspelt word against a vocabulary, for the engine (the report's words) and the
 * curated-answer matcher (the curated phrasings' words) alike. Fuse proposes candidates that
 * share the first letter (or the first two swapped: typists rarely miss the first letter, and
 * requiring it keeps "Chile" from becoming "while"); an edit distance confirms them, because
 * Fuse's score also accepts a short word found inside a long one, which is no typo. Among
 * equally close words the more used one wins.
 */
export class TypoRepairer {
  private readonly byLetter = new Map<string, Fuse<string>>();
  private readonly uses: ReadonlyMap<string, number>;

  /** `words`: each known word with how often it is used. */
  constructor(words: ReadonlyMap<string, number>) {
    this.uses = words;
    const lists = new Map<string, string[]>();
    for (const w of words.keys()) {
      if (w.length < MIN_LENGTH || /\d/.test(w)) continue;
      const list = lists.get(w[0]!) ?? [];
      list.push(w);
      lists.set(w[0]!, list);
    }
    for (const [letter, list] of lists)
      this.byLetter.set(
        letter,
        new Fuse(list, { includeScore: true, threshold: PROPOSE_THRESHOLD, ignoreLocation: true }),
      );
  }

  /** The known word a misspelt one was meant to be, or undefined. */
  correct(word: string): string | undefined {
    if (word.length < MIN_LENGTH || /\d/.test(word)) return undefined;
    const limit = word.length <= ONE_EDIT_UP_TO ? 1 : 2;
    const swapped = `${word[1]}${word[0]}${word.slice(2)}`;
    const proposed = [
      ...(this.byLetter.get(word[0]!)?.search(word, { limit: 10 }) ?? []),
      ...(this.byLetter.get(word[1]!)?.search(swapped, { limit: 3 }) ?? []),
    ];
    let best: { word: string; distance: number; uses: number } | undefined;
    for (const { item } of proposed) {
      const distance = editDistance(word, item);
      const uses = this.uses.get(item) ?? 0;
      if (distance > limit) continue;
      if (!best || distance < best.distance || (distance === best.distance && uses > best.uses))
        best = { word: item, distance, uses };
    }
    return best?.word;
  }
}
