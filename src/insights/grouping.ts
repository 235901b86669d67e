import Fuse from 'fuse.js';
import { stripBidiControls } from '../text/echo.ts';
import { fold } from '../text/fold.ts';

/**
 * How close two questions' keys must be to count as one (Fuse's score: 0 exact, 1 anything).
 * Measured in groupingPairs.test.ts: pairs that are one question score at most 0.233 (typos,
 * reworded endings), pairs that are two at least 0.322 ("capital of Japan" / "of China": 0.449),
 * and a short question inside a longer one is kept apart by MIN_LENGTH_RATIO.
 */
export const GROUP_THRESHOLD = 0.3;
/** Shorter/longer: a short question found inside a long one is a different question. */
const MIN_LENGTH_RATIO = 0.75;
/** Fuzzy grouping compares every distinct question with the others; past this many, the rest stand alone. */
export const MAX_FUZZY_DISTINCT = 1500;

export interface QuestionGroup {
  /** The commonest phrasing, as first asked. */
  question: string;
  count: number;
  /** The records in the group, in the order given. */
  ids: string[];
}

/** The words of a question, for comparing: folded, without mentions, punctuation, articles or bidi controls. */
export function questionKey(question: string): string {
  return (
    fold(stripBidiControls(question))
      .replace(/<[@#][!&]?\d+>|@(everyone|here)\b/g, ' ')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      // Articles: "when was KIA founded" is "when was the KIA founded" (groupingPairs.test.ts).
      .replace(/\b(the|a|an)\b/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** A near-duplicate shares at least this share of its words exactly (typos change a few words, not most). */
const MIN_SHARED_WORDS = 0.5;
/** The most candidates Fuse.js scores for one question, the ones sharing most words first. */
const MAX_CANDIDATES = 100;

/**
 * Near-duplicate questions counted together, the biggest group first. Identical keys are merged
 * first. Then each distinct question, commonest first, takes the not-yet-grouped ones that share
 * half its words (an inverted index finds them) and that Fuse.js scores within GROUP_THRESHOLD:
 * scoring every pair with Fuse took over a minute for 2,000 questions.
 */
export function groupQuestions(records: ReadonlyArray<{ id: string; question: string }>): QuestionGroup[] {
  const byKey = new Map<string, { key: string; question: string; ids: string[] }>();
  for (const r of records) {
    const key = questionKey(r.question) || r.question.trim();
    const found = byKey.get(key);
    if (found) found.ids.push(r.id);
    else byKey.set(key, { key, question: r.question, ids: [r.id] });
  }
  const distinct = [...byKey.values()].sort((a, b) => b.ids.length - a.ids.length);
  const fuzzy = distinct.slice(0, MAX_FUZZY_DISTINCT);
  const words = fuzzy.map((d) => [...new Set(d.key.split(' '))]);
  const postings = new Map<string, number[]>();
  words.forEach((list, index) => {
    for (const w of list) {
      const posting = postings.get(w);
      if (posting) posting.push(index);
      else postings.set(w, [index]);
    }
  });
  const taken = new Set<number>();
  const groups: QuestionGroup[] = [];
  fuzzy.forEach((lead, index) => {
    if (taken.has(index)) return;
    taken.add(index);
    const group: QuestionGroup = { question: lead.question, count: lead.ids.length, ids: [...lead.ids] };
    for (const other of similar(index)) {
      taken.add(other);
      group.count += fuzzy[other]!.ids.length;
      group.ids.push(...fuzzy[other]!.ids);
    }
    groups.push(group);
  });
  for (const rest of distinct.slice(MAX_FUZZY_DISTINCT)) {
    groups.push({ question: rest.question, count: rest.ids.length, ids: [...rest.ids] });
  }
  return groups.sort((a, b) => b.count - a.count);

  /** The ungrouped questions near the one at `index`. */
  function similar(index: number): number[] {
    const shared = new Map<number, number>();
    for (const w of words[index]!) {
      for (const other of postings.get(w) ?? []) {
        if (other !== index && !taken.has(other)) shared.set(other, (shared.get(other) ?? 0) + 1);
      }
    }
    const lead = fuzzy[index]!.key;
    const candidates = [...shared]
      .filter(([other, n]) => {
        const key = fuzzy[other]!.key;
        const ratio = Math.min(lead.length, key.length) / Math.max(lead.length, key.length, 1);
        return (
          ratio >= MIN_LENGTH_RATIO && n >= MIN_SHARED_WORDS * Math.max(words[index]!.length, words[other]!.length)
        );
      })
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_CANDIDATES)
      .map(([other]) => other);
    if (candidates.length === 0) return [];
    const fuse = new Fuse(
      candidates.map((c) => fuzzy[c]!.key),
      { includeScore: true, threshold: GROUP_THRESHOLD, ignoreLocation: true },
    );
    return fuse
      .search(lead)
      .filter((hit) => (hit.score ?? 1) <= GROUP_THRESHOLD)
      .map((hit) => candidates[hit.refIndex]!);
  }
}
