import type { Labelled } from '../eval/labelled.ts';
import { answerabilityInput, decide, probability, rank } from './decide.ts';
import { CANDIDATE_FEATURES, QUESTION_FEATURES } from './features.ts';
import { balancedThreshold, fitLogistic, fitRanker, thresholdFor, type FitOptions } from './learn.ts';
import type { Policy } from './policy.ts';

/** The training settings, in one place; the policy file records them. */
export const TRAINING = {
  ranker: { epochs: 300, rate: 0.05, l2: 1e-4 } satisfies FitOptions,
  topic: { epochs: 400, rate: 0.05, l2: 1e-4 } satisfies FitOptions,
  answerability: { epochs: 400, rate: 0.05, l2: 1e-4 } satisfies FitOptions,
  /** On-topic questions we accept calling off-topic, on the training data, in long and short reports. */
  refuseOnTopic: { long: 0.01, short: 0.02 },
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
        lengths: d.examined!.candidates.map((c) => c.candidate.draft.answer.length),
        weight: d.weight,
      })),
    candidateDim,
    TRAINING.ranker,
  );
  const inputs = data.map((d) => (d.examined ? answerabilityInput(d.examined, rank(d.examined, ranker)) : undefined));
  const dim = candidateDim + QUESTION_FEATURES.length;
  const examples = (keep: (d: Labelled) => boolean, label: (d: Labelled) => boolean) =>
    data.flatMap((d, i) => (inputs[i] && keep(d) ? [{ x: inputs[i]!, y: label(d) ? (1 as const) : (0 as const), weight: d.weight }] : []));
  const topic = fitLogistic(examples(() => true, (d) => d.onTopic), dim, TRAINING.topic);
  // Only on-topic questions teach the answer-or-silent decision; strays would make it a topic model again.
  const answerability = fitLogistic(examples((d) => d.onTopic, (d) => d.answerable), dim, TRAINING.answerability);
  const probabilities = (model: { weights: number[]; bias: number }) =>
    inputs.map((x) => (x ? probability({ ...model, threshold: 0, shortThreshold: 0 }, x) : 0));
  const fitted = (model: { weights: number[]; bias: number }, positive: (d: Labelled) => boolean, keep: (d: Labelled) => boolean, refuse: { long: number; short: number }) => {
    const p = probabilities(model);
    const rows = data.flatMap((d, i) => (keep(d) ? [{ p: p[i]!, positive: positive(d), short: d.examined?.shortness ?? 1 }] : []));
    return {
      ...model,
      threshold: thresholdFor(rows.filter((r) => r.short < 0.5 && r.positive).map((r) => ({ p: r.p, weight: 1 })), refuse.long),
      shortThreshold: balancedThreshold(rows.filter((r) => r.short >= 0.5), refuse.short),
    };
  };
  return {
    version: 1,
    candidateFeatures: [...CANDIDATE_FEATURES],
    questionFeatures: [...QUESTION_FEATURES],
    ranker,
    topic: fitted(topic, (d) => d.onTopic, () => true, TRAINING.refuseOnTopic),
    answerability: fitted(answerability, (d) => d.answerable, (d) => d.onTopic, TRAINING.refuseAnswerable),
    trained: { ...note, settings: TRAINING, questions: data.length },
  };
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

/** How a policy does on labelled questions: the figures the issue asks for. */
export function score(data: readonly Labelled[], policy: Policy): Score {
  const s: Score = { offTopic: 0, offTopicRefused: 0, answerable: 0, right: 0, answerableRefused: 0, unanswerable: 0, unanswerableRefused: 0 };
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
