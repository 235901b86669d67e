import type { Labelled } from '../eval/labelled.ts';
import { decide, gateInputs, probability } from './decide.ts';
import { CANDIDATE_FEATURES, QUESTION_FEATURES } from './features.ts';
import { balancedThreshold, type FitOptions, fitLogistic, fitRanker, thresholdFor } from './learn.ts';
import type { Policy, Regimes } from './policy.ts';

/** The training settings, in one place; the policy file records them. */
export const TRAINING = {
  ranker: { epochs: 300, rate: 0.05, l2: 1e-4 } satisfies FitOptions,
  gate: { epochs: 400, rate: 0.05, l2: 1e-3 } satisfies FitOptions,
  /** On-topic questions we accept calling off-topic, on the training data, in long and short reports. */
  refuseOnTopic: { long: 0.01, short: 0.05 },
  /** Answerable questions we accept refusing as not covered, on the training data; 5% is allowed held out. */
  refuseAnswerable: { long: 0.025, short: 0.04 },
};

export function trainPolicy(data: readonly Labelled[], note: Record<string, unknown> = {}): Policy {
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
  const inputs = data.map((d) => (d.examined ? gateInputs(d.examined, ranker) : undefined));
  const dim = candidateDim + QUESTION_FEATURES.length;
  const regimes = (
    which: 'topic' | 'answer',
    keep: (d: Labelled) => boolean,
    positive: (d: Labelled) => boolean,
    refuse: { long: number; short: number },
  ): Regimes => {
    const rows = data.flatMap((d, i) => {
      const x = inputs[i]?.[which];
      return x && keep(d)
        ? [{ x, positive: positive(d), weight: d.weight, own: d.own, short: d.examined!.shortness >= 0.5 }]
        : [];
    });
    const fitGate = (subset: typeof rows, options: FitOptions) =>
      fitLogistic(
        subset.map((r) => ({ x: r.x, y: r.positive ? (1 as const) : (0 as const), weight: r.weight })),
        dim,
        options,
      );
    const longRows = rows.filter((r) => !r.short);
    const shortRows = rows.filter((r) => r.short);
    const longModel = fitGate(longRows.length > 0 ? longRows : rows, TRAINING.gate);
    const shortModel = fitGate(halves(shortRows.length > 0 ? shortRows : rows), TRAINING.gate);
    // Each question counts once in a threshold: the weights shape the model, the rate is of questions.
    const longThreshold = thresholdFor(
      (longRows.length > 0 ? longRows : rows)
        .filter((r) => r.positive)
        .map((r) => ({ p: probability(longModel, r.x), weight: 1 })),
      refuse.long,
    );
    const shortThreshold = balancedThreshold(
      halves(shortRows.length > 0 ? shortRows : rows).map((r) => ({ ...r, p: probability(shortModel, r.x) })),
      refuse.short,
    );
    return { long: { ...longModel, threshold: longThreshold }, short: { ...shortModel, threshold: shortThreshold } };
  };
  return {
    version: 1,
    candidateFeatures: [...CANDIDATE_FEATURES],
    questionFeatures: [...QUESTION_FEATURES],
    ranker,
    topic: regimes(
      'topic',
      () => true,
      (d) => d.onTopic,
      TRAINING.refuseOnTopic,
    ),
    // Only on-topic questions teach the answer-or-silent decision; strays would make it a topic model again.
    answerability: regimes(
      'answer',
      (d) => d.onTopic,
      (d) => d.answerable,
      TRAINING.refuseAnswerable,
    ),
    trained: { ...note, settings: TRAINING, questions: data.length },
  };
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
