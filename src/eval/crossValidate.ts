import type { Policy } from '../answer/policy.ts';
import {
  type Calibrated,
  type Calibration,
  emptyScore,
  longThreshold,
  outOfFold,
  type Score,
  score,
  shortThreshold,
  TRAINING,
  trainPolicy,
} from '../training/trainPolicy.ts';
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

export interface CrossValidation {
  rows: HeldOut[];
  /** Every held-out question's gate probabilities from the model that never saw its report. */
  calibration: Calibration;
}

/**
 * Leave each report out in turn, train on the rest and score the one left out: the figure
 * that says how the engine does on a report it has never seen. A SQuAD article is held out
 * together with its parts, and scored whole and in parts separately. The gates' thresholds
 * used for scoring are the ones `npm run train` ships: fitted on all the folds' out-of-fold
 * probabilities (so a held-out report's own probabilities take part in its threshold, one
 * report among eight).
 */
export function crossValidate(
  { data, squadGroups, ownGroups }: TrainingData,
  only: readonly string[] = [...squadGroups, ...ownGroups],
): CrossValidation {
  const folds = only.map((held) => {
    const policy = trainPolicy(data.filter((d) => d.group !== held));
    const test = data.filter((d) => d.group === held);
    return { held, policy, test, oof: outOfFold(policy, test) };
  });
  const calibration: Calibration = {
    topic: folds.flatMap((f) => f.oof.topic),
    answerability: folds.flatMap((f) => f.oof.answerability),
  };
  const thresholds = shippedThresholds(calibration);
  const short = (d: Labelled) => (d.examined?.shortness ?? 1) >= 0.5;
  const rows: HeldOut[] = [];
  for (const { held, policy, test } of folds) {
    const calibrated = withThresholds(policy, thresholds);
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
        policy: score(subset, calibrated),
        baseline: baselineTopSentence(subset),
      });
  }
  return { rows, calibration };
}

type Thresholds = Record<keyof Calibration, { long: number; short: number }>;

/** The thresholds training ships, from the out-of-fold probabilities. */
export function shippedThresholds(calibration: Calibration): Thresholds {
  return {
    topic: {
      long: longThreshold(calibration.topic, TRAINING.refuseOnTopic.long),
      short: shortThreshold(calibration.topic, TRAINING.refuseOnTopic.short),
    },
    answerability: {
      long: longThreshold(calibration.answerability, TRAINING.refuseAnswerable.long),
      short: shortThreshold(calibration.answerability, TRAINING.refuseAnswerable.short),
    },
  };
}

function withThresholds(policy: Policy, t: Thresholds): Policy {
  const set = (gate: keyof Thresholds) => ({
    long: { ...policy[gate].long, threshold: t[gate].long },
    short: { ...policy[gate].short, threshold: t[gate].short },
  });
  return { ...policy, topic: set('topic'), answerability: set('answerability') };
}

/** Area under the ROC curve: the chance a positive scores above a negative (ties count half). */
export function rocAuc(rows: ReadonlyArray<{ p: number; positive: boolean }>): number {
  const sorted = [...rows].sort((a, b) => a.p - b.p);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.p === sorted[i]!.p) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (!sorted[k]!.positive) continue;
      rankSum += rank;
      positives++;
    }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Each gate's out-of-fold AUC, for short and long reports, and how often it refused positives in each held-out report. */
export function gateReport(calibration: Calibration): Array<{
  gate: string;
  regime: 'short' | 'long';
  auc: number;
  refusals: Array<{ group: string; refused: number; positives: number }>;
}> {
  const thresholds = shippedThresholds(calibration);
  const out: ReturnType<typeof gateReport> = [];
  for (const gate of ['topic', 'answerability'] as const)
    for (const regime of ['short', 'long'] as const) {
      const rows = calibration[gate].filter((r) => r.short === (regime === 'short'));
      const p = (r: Calibrated) => (regime === 'short' ? r.pShort : r.pLong);
      const groups = [...new Set(rows.map((r) => r.group))];
      out.push({
        gate,
        regime,
        auc: rocAuc(rows.map((r) => ({ p: p(r), positive: r.positive }))),
        refusals: groups.map((group) => {
          const positives = rows.filter((r) => r.group === group && r.positive);
          return {
            group,
            positives: positives.length,
            refused: positives.filter((r) => p(r) < thresholds[gate][regime]).length,
          };
        }),
      });
    }
  return out;
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
