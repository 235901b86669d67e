import { readFileSync } from 'node:fs';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { WordVectors } from '../semantic/wordVectors.ts';
import { CuratedMatcher, type MatchSettings } from './match.ts';
import type { CuratedAnswer } from './record.ts';

/** A curated entry of the test set; `id` names it in the cases. */
export interface CuratedEntry {
  id: string;
  phrasings: string[];
  answer: string;
}

/** A question, and the entry it must match, or null for a near-miss that must match none. */
export interface MatchCase {
  q: string;
  expect: string | null;
}

export interface ScoredCase {
  case: MatchCase;
  /** The entry that scored best, and its score. */
  best?: string;
  score: number;
}

export interface MatchScores {
  paraphrases: number;
  paraphrasesMatched: number;
  nearMisses: number;
  nearMissesRejected: number;
  misses: ScoredCase[];
}

export function readJsonLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** The test set's entries as one server's records; the record's id indexes the entry. */
export function matcherFor(kb: KnowledgeBase, entries: readonly CuratedEntry[], vectors?: WordVectors) {
  const at = new Date(0);
  const records: CuratedAnswer[] = entries.map((e, i) => ({
    id: i + 1,
    guildId: 'eval',
    phrasings: e.phrasings,
    answer: e.answer,
    createdAt: at,
    updatedAt: at,
  }));
  const matcher = new CuratedMatcher(kb, records, vectors);
  const entryOf = (record: CuratedAnswer) => entries[record.id - 1]!.id;
  return {
    score: (cases: readonly MatchCase[], omitted: number): ScoredCase[] =>
      cases.map((c) => {
        const best = matcher.best(c.q, omitted);
        return { case: c, best: best && entryOf(best.record), score: best?.score ?? 0 };
      }),
  };
}

/** A paraphrase counts when its own entry scores best and reaches the threshold; a near-miss when nothing does. */
export function scoreAt(scored: readonly ScoredCase[], threshold: number): MatchScores {
  const out: MatchScores = { paraphrases: 0, paraphrasesMatched: 0, nearMisses: 0, nearMissesRejected: 0, misses: [] };
  for (const s of scored) {
    const matched = s.score >= threshold;
    if (s.case.expect === null) {
      out.nearMisses++;
      if (!matched) out.nearMissesRejected++;
      else out.misses.push(s);
    } else {
      out.paraphrases++;
      if (matched && s.best === s.case.expect) out.paraphrasesMatched++;
      else out.misses.push(s);
    }
  }
  return out;
}

/**
 * The threshold that gets most tuning cases right, a wrongly matched near-miss counting
 * double: a curated answer to another question is worse than the report answering. Among
 * equally good thresholds, the middle of the widest gap between scores, so small changes in
 * wording do not cross it.
 */
function chooseThreshold(scored: readonly ScoredCase[]): { threshold: number; cost: number } {
  const scores = [...new Set(scored.map((s) => s.score).filter((s) => s > 0))].sort((a, b) => a - b);
  const candidates = [...scores.map((s, i) => (i === 0 ? s / 2 : (s + scores[i - 1]!) / 2)), 1];
  const cost = (t: number) => {
    const r = scoreAt(scored, t);
    return r.paraphrases - r.paraphrasesMatched + 2 * (r.nearMisses - r.nearMissesRejected);
  };
  let best = { t: 1, cost: Infinity, gap: 0 };
  for (const [i, t] of candidates.entries()) {
    const c = cost(t);
    const gap = i === 0 ? t * 2 : i < scores.length ? scores[i]! - scores[i - 1]! : 0;
    if (c < best.cost || (c === best.cost && gap > best.gap)) best = { t, cost: c, gap };
  }
  return { threshold: Math.round(best.t * 1000) / 1000, cost: best.cost };
}

/** How far an omitted phrasing word counts: tried from 0.1 to 1 in tenths. */
export const OMITTED_GRID = Array.from({ length: 10 }, (_, i) => (i + 1) / 10);

/**
 * The settings that get most tuning cases right (see chooseThreshold); among equally good
 * ones, the larger weight for omitted words, which asks more of a question before it matches.
 */
export function chooseSettings(score: (omitted: number) => readonly ScoredCase[]): MatchSettings {
  let best: (MatchSettings & { cost: number }) | undefined;
  for (const omitted of OMITTED_GRID) {
    const { threshold, cost } = chooseThreshold(score(omitted));
    if (!best || cost <= best.cost) best = { omitted, threshold, cost };
  }
  return { omitted: best!.omitted, threshold: best!.threshold };
}

/** Each part of the curated test set scored with the committed settings, for npm run eval and its test. */
export function evaluateFaqSets(
  kb: KnowledgeBase,
  sets: { curated: string; parts: Record<string, string> },
  settings: MatchSettings,
  vectors?: WordVectors,
): Array<{ name: string; scores: MatchScores; scored: ScoredCase[] }> {
  const matcher = matcherFor(kb, readJsonLines<CuratedEntry>(sets.curated), vectors);
  return Object.entries(sets.parts).map(([name, file]) => {
    const scored = matcher.score(readJsonLines<MatchCase>(file), settings.omitted);
    return { name, scores: scoreAt(scored, settings.threshold), scored };
  });
}
