import { emptyScore, type Score, score, trainPolicy } from '../answer/trainPolicy.ts';
import type { Labelled } from './labelled.ts';
import type { TrainingData } from './trainingData.ts';

/** One held-out report's figures, beside the baseline's (MiniSearch top sentence) on the same questions. */
export interface HeldOut {
  name: string;
  /** One of the repo's own reports rather than a SQuAD article. */
  own: boolean;
  /** A SQuAD article read whole, rather than cut into report-sized parts. */
  whole: boolean;
  policy: Score;
  baseline: Score;
}

/**
 * Leave each report out in turn, train on the rest and score the one left out: the figure
 * that says how the engine does on a report it has never seen. A SQuAD article is held out
 * together with its parts, and scored whole and in parts separately.
 */
export function crossValidate(
  { data, squadGroups, ownGroups }: TrainingData,
  only: readonly string[] = [...squadGroups, ...ownGroups],
): HeldOut[] {
  const short = (d: Labelled) => (d.examined?.shortness ?? 1) >= 0.5;
  const rows: HeldOut[] = [];
  for (const held of only) {
    const policy = trainPolicy(data.filter((d) => d.group !== held));
    const test = data.filter((d) => d.group === held);
    const own = ownGroups.includes(held);
    const parts: Array<[string, Labelled[]]> = own
      ? [['', test]]
      : [
          [' (whole)', test.filter((d) => !short(d))],
          [' (parts)', test.filter(short)],
        ];
    for (const [suffix, subset] of parts)
      rows.push({
        name: `${held}${suffix}`,
        own,
        whole: suffix === ' (whole)',
        policy: score(subset, policy),
        baseline: baselineTopSentence(subset),
      });
  }
  return rows;
}

export function sumScores(scores: readonly Score[]): Score {
  const out = emptyScore();
  for (const s of scores) for (const k of Object.keys(out) as Array<keyof Score>) out[k] += s[k];
  return out;
}

/** The baseline (src/eval/baseline.ts): MiniSearch's top sentence, never refusing. */
function baselineTopSentence(test: readonly Labelled[]): Score {
  const s = emptyScore();
  for (const d of test) {
    if (!d.onTopic) continue;
    if (!d.answerable) {
      s.unanswerable++;
      continue;
    }
    s.answerable++;
    if (d.baselineRight) s.right++;
  }
  return s;
}
