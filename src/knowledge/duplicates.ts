import { fold } from '../text/fold.ts';

/**
 * A report copied into knowledge/ twice (a backup, "report (1).txt", a copy with a typo fixed)
 * would answer every question twice, from two "documents". Such a copy is loaded once.
 */
export const DUPLICATE = {
  /** Runs of this many words are compared: long enough that two different reports on one topic rarely share them. */
  shingleWords: 5,
  /**
   * At or above this Jaccard similarity of their word runs, two reports are one. A changed word
   * alters at most 5 runs: a 1,000-word report with 10 words changed still scores about 0.95,
   * while two reports in the same template (shared headings and disclaimer) score under 0.1.
   */
  sameShare: 0.9,
} as const;

export interface NamedText {
  /** The file as the warning names it. */
  name: string;
  raw: string;
}

export interface Duplicate {
  /** The copy, which is not loaded. */
  name: string;
  /** The report it copies, loaded in its place. */
  of: string;
  /** 1 when the texts are the same once case, spacing and punctuation are set aside. */
  similarity: number;
}

/** The reports to load, first of each set of copies in the order given, and the copies left out. */
export function withoutDuplicates<T extends NamedText>(files: readonly T[]): { unique: T[]; duplicates: Duplicate[] } {
  const unique: Array<{ file: T; shingles: Set<string>; text: string }> = [];
  const duplicates: Duplicate[] = [];
  for (const file of files) {
    const words = normalisedWords(file.raw);
    const text = words.join(' ');
    const shingles = shinglesOf(words);
    let copyOf: { name: string; similarity: number } | undefined;
    for (const kept of unique) {
      const similarity = kept.text === text ? 1 : jaccard(kept.shingles, shingles);
      if (similarity >= DUPLICATE.sameShare) {
        copyOf = { name: kept.file.name, similarity };
        break;
      }
    }
    if (copyOf) duplicates.push({ name: file.name, of: copyOf.name, similarity: copyOf.similarity });
    else unique.push({ file, shingles, text });
  }
  return { unique: unique.map((u) => u.file), duplicates };
}

/** The warning an operator reads: which file was left out, and which one it copies. */
export function duplicateWarning(d: Duplicate): string {
  const how = d.similarity === 1 ? 'the same text as' : `${Math.floor(d.similarity * 100)}% the same text as`;
  return `${d.name} is ${how} ${d.of}: loaded once, from ${d.of}. Remove one of the two files.`;
}

/** Words without case, accents, punctuation or layout, so a re-saved or re-wrapped copy still matches. */
function normalisedWords(raw: string): string[] {
  return fold(raw)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

function shinglesOf(words: readonly string[]): Set<string> {
  const n = DUPLICATE.shingleWords;
  if (words.length <= n) return new Set([words.join(' ')]);
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(' '));
  return out;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}
