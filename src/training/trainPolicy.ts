import { decide, gateInputs, probability } from '../answer/decide.ts';
import { CANDIDATE_FEATURES, QUESTION_FEATURES } from '../answer/features.ts';
import type { Gate, Policy, Regimes } from '../answer/policy.ts';
import type { Labelled } from '../eval/labelled.ts';
import { balancedThreshold, type FitOptions, fitLogistic, fitRanker, thresholdFor } from './learn.ts';

/** The training settings, in one place; the policy file records them. */
export const TRAINING = {
  ranker: { epochs: 300, rate: 0.05, l2: 1e-4 } satisfies FitOptions,
  gate: { epochs: 400, rate: 0.05, l2: 1e-3 } satisfies FitOptions,
  /** On-topic questions we accept calling off-topic, on the training data, in long and short reports. */
  refuseOnTopic: { long: 0.01, short: 0.05 },
  /**
   * Answerable questions we accept refusing as not covered, out of fold, counting those the
   * constraint rules refuse (constraints.ts) with the gate's: the product allows 5%.
   */
  refuseAnswerable: { long: 0.045, short: 0.05 },
};

/** One question as a gate sees it: its input, its label, and the out-of-fold probabilities once known. */
export interface GateRow {
  /** Undefined when the constraint rules left the question no candidate: refused whatever the gate says. */
  x?: number[];
  positive: boolean;
  weight: number;
  own: boolean;
  short: boolean;
  group: string;
}

/** Probabilities a model trained without this row's report gave it: what calibration reads. */
export interface Calibrated extends GateRow {
  pLong: number;
  pShort: number;
}

/** Out-of-fold probabilities for each gate, gathered over cross-validation's held-out reports. */
export interface Calibration {
  topic: Calibrated[];
  answerability: Calibrated[];
}

type GateName = keyof Calibration;

/** The probability a question the rules refused stands at: below every threshold. */
const RULED_OUT = -1;

/** Which questions teach each gate, and what counts as a positive. */
const GATES: Record<
  GateName,
  { input: 'topic' | 'answer'; keep: (d: Labelled) => boolean; positive: (d: Labelled) => boolean }
> = {
  topic: { input: 'topic', keep: () => true, positive: (d) => d.onTopic },
  // Only on-topic questions teach the answer-or-silent decision; strays would make it a topic model again.
  answerability: { input: 'answer', keep: (d) => d.onTopic, positive: (d) => d.answerable },
};

/** The rows a gate learns from, given the ranker that picks each question's best candidate. */
export function gateRows(gateName: GateName, data: readonly Labelled[], ranker: readonly number[]): GateRow[] {
  const { input, keep, positive } = GATES[gateName];
  return data.flatMap((d) => {
    if (!d.examined || !keep(d)) return [];
    const inputs = gateInputs(d.examined, ranker);
    const x = inputs[input];
    // A question the rules refused still counts against the refusal budget; one with no candidate at all does not.
    return x || inputs.topic
      ? [
          {
            x,
            positive: positive(d),
            weight: d.weight,
            own: d.own,
            short: d.examined!.shortness >= 0.5,
            group: d.group,
          },
        ]
      : [];
  });
}

/** A fold's policy applied to the reports it never saw: the out-of-fold probabilities. */
export function outOfFold(policy: Policy, held: readonly Labelled[]): Calibration {
  const of = (gateName: GateName): Calibrated[] =>
    scoredBy(gateRows(gateName, held, policy.ranker), policy[gateName].long, policy[gateName].short);
  return { topic: of('topic'), answerability: of('answerability') };
}

/** Each row with both regimes' probabilities; a row the rules refused stands below every threshold. */
function scoredBy(
  rows: readonly GateRow[],
  long: Pick<Gate, 'weights' | 'bias'>,
  short: Pick<Gate, 'weights' | 'bias'>,
): Calibrated[] {
  return rows.map((r) => ({
    ...r,
    pLong: r.x ? probability(long, r.x) : RULED_OUT,
    pShort: r.x ? probability(short, r.x) : RULED_OUT,
  }));
}

/**
 * Learn the policy. The ranker and the gates' models are fitted on all the data. Each gate's
 * threshold is fitted on `calibration`, the probabilities models trained without a question's
 * report gave it (npm run train passes cross-validation's): in-sample probabilities are
 * overconfident, and a threshold fitted on them refuses more on new text than it promises.
 * Without it (cross-validation's own folds) thresholds are fitted in-sample.
 */
export function trainPolicy(
  data: readonly Labelled[],
  note: Record<string, unknown> = {},
  calibration?: Calibration,
): Policy {
  const candidateDim = CANDIDATE_FEATURES.length;
  const ranker = fitRanker(
    data
      .filter((d) => d.examined)
      .map((d) => ({
        features: d.examined!.candidates.map((c) => c.features),
        correct: d.correct,
        lengths: d.examined!.candidates.map((c) => c.candidate.draft.text.length),
        weight: d.weight,
      })),
    candidateDim,
    TRAINING.ranker,
  );
  const dim = candidateDim + QUESTION_FEATURES.length;
  const regimes = (gateName: GateName, refuse: { long: number; short: number }): Regimes => {
    const all = gateRows(gateName, data, ranker);
    const rows = all.filter((r) => r.x);
    const fitGate = (subset: readonly GateRow[], options: FitOptions) =>
      fitLogistic(
        subset.map((r) => ({ x: r.x!, y: r.positive ? (1 as const) : (0 as const), weight: r.weight })),
        dim,
        options,
      );
    const longRows = rows.filter((r) => !r.short);
    const shortRows = rows.filter((r) => r.short);
    const longModel = fitGate(longRows.length > 0 ? longRows : rows, TRAINING.gate);
    const shortModel = fitGate(halves(shortRows.length > 0 ? shortRows : rows), TRAINING.gate);
    const scored = calibration?.[gateName] ?? scoredBy(all, longModel, shortModel);
    return {
      long: { ...longModel, threshold: longThreshold(scored, refuse.long) },
      short: { ...shortModel, threshold: shortThreshold(scored, refuse.short) },
    };
  };
  return {
    version: 1,
    candidateFeatures: [...CANDIDATE_FEATURES],
    questionFeatures: [...QUESTION_FEATURES],
    ranker,
    topic: regimes('topic', TRAINING.refuseOnTopic),
    answerability: regimes('answerability', TRAINING.refuseAnswerable),
    trained: {
      ...note,
      settings: TRAINING,
      questions: data.length,
      thresholds: calibration ? 'out of fold (each report held out)' : 'in sample',
    },
  };
}

/** Long reports: refuse the given share of positives, each question counted once. */
export function longThreshold(rows: readonly Calibrated[], refuse: number): number {
  const long = rows.filter((r) => !r.short);
  return thresholdFor(
    (long.length > 0 ? long : rows).filter((r) => r.positive).map((r) => ({ p: r.pLong, weight: 1 })),
    refuse,
  );
}

/** Short reports: the best balance of both classes within the refusal budget, own reports and SQuAD parts weighed alike. */
export function shortThreshold(rows: readonly Calibrated[], refuse: number): number {
  const short = rows.filter((r) => r.short);
  return balancedThreshold(
    halves(short.length > 0 ? short : [...rows]).map((r) => ({ ...r, p: r.pShort })),
    refuse,
  );
}

/**
 * The short-report gate and its threshold weigh the repo's own reports (the product's kind)
 * and the SQuAD parts equally, whatever their counts: either alone drifts to its own quirks.
 */
function halves<T extends { weight: number; own: boolean }>(rows: readonly T[]): T[] {
  const mass = (own: boolean) => rows.filter((r) => r.own === own).reduce((a, r) => a + r.weight, 0);
  const own = mass(true);
  const other = mass(false);
  if (own === 0 || other === 0) return [...rows];
  return rows.map((r) => ({ ...r, weight: r.weight / (r.own ? own : other) }));
}

export interface Score {
  offTopic: number;
  offTopicRefused: number;
  answerable: number;
  right: number;
  answerableRefused: number;
  unanswerable: number;
  unanswerableRefused: number;
}

export function emptyScore(): Score {
  return {
    offTopic: 0,
    offTopicRefused: 0,
    answerable: 0,
    right: 0,
    answerableRefused: 0,
    unanswerable: 0,
    unanswerableRefused: 0,
  };
}

/** How a policy does on labelled questions: the figures the issue asks for. */
export function score(data: readonly Labelled[], policy: Policy): Score {
  const s = emptyScore();
  for (const d of data) {
    const decision = d.examined ? decide(d.examined, policy) : undefined;
    const ranked = decision?.ranked ?? [];
    const answers = decision?.verdict === 'answer';
    if (!d.onTopic) {
      s.offTopic++;
      if (!answers) s.offTopicRefused++;
    } else if (d.answerable) {
      s.answerable++;
      if (!answers) s.answerableRefused++;
      else if (d.correct[d.examined!.candidates.findIndex((c) => c.candidate === ranked[0]!.candidate)]) s.right++;
    } else {
      s.unanswerable++;
      if (!answers) s.unanswerableRefused++;
    }
  }
  return s;
}
