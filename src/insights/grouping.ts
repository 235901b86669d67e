import Fuse from 'fuse.js';
import { stripBidiControls } from '../text/echo.ts';
import { fold } from '../text/fold.ts';

/**
 * How close two questions' folded words must be to count as one (Fuse's score: 0 exact, 1 anything).
 * 0.3 keeps typos and reworded endings together ("when was the kia founded" / "when was kia founded")
 * and keeps different subjects apart ("capital of japan" / "capital of china"): see grouping.test.ts.
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

/** The words of a question, for comparing: folded, without mentions, punctuation or bidi controls. */
export function questionKey(question: string): string {
  return fold(stripBidiControls(question))
    .replace(/<[@#][!&]?\d+>|@(everyone|here)\b/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Near-duplicate questions counted together, the biggest group first. Identical keys are merged
 * first; then each distinct question, commonest first, takes the not-yet-grouped ones Fuse.js
 * finds within GROUP_THRESHOLD of it.
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
  const fuse = new Fuse(
    fuzzy.map((d) => d.key),
    { includeScore: true, threshold: GROUP_THRESHOLD, ignoreLocation: true },
  );
  const taken = new Set<number>();
  const groups: QuestionGroup[] = [];
  fuzzy.forEach((lead, index) => {
    if (taken.has(index)) return;
    taken.add(index);
    const group: QuestionGroup = { question: lead.question, count: lead.ids.length, ids: [...lead.ids] };
    for (const hit of fuse.search(lead.key)) {
      if (taken.has(hit.refIndex) || (hit.score ?? 1) > GROUP_THRESHOLD) continue;
      const other = fuzzy[hit.refIndex]!;
      const ratio = Math.min(lead.key.length, other.key.length) / Math.max(lead.key.length, other.key.length, 1);
      if (ratio < MIN_LENGTH_RATIO) continue;
      taken.add(hit.refIndex);
      group.count += other.ids.length;
      group.ids.push(...other.ids);
    }
    groups.push(group);
  });
  for (const rest of distinct.slice(MAX_FUZZY_DISTINCT)) {
    groups.push({ question: rest.question, count: rest.ids.length, ids: [...rest.ids] });
  }
  return groups.sort((a, b) => b.count - a.count);
}
