import type { Labelled } from '../eval/labelled.ts';
import { answerabilityInput, decide, probability, rank } from './decide.ts';
import { CANDIDATE_FEATURES, QUESTION_FEATURES } from './features.ts';
import { fitLogistic, fitRanker, thresholdFor, type FitOptions } from './learn.ts';
import type { Policy } from './policy.ts';

/** The training settings, in one place; the policy file records them. */
export const TRAINING = {
  ranker: { epochs: 300, rate: 0.05, l2: 1e-4 } satisfies FitOptions,
  topic: { epochs: 400, rate: 0.05, l2: 1e-4 } satisfies FitOptions,
  answerability: { epochs: 400, rate: 0.05, l2: 1e-4 } satisfies FitOptions,
  /** On-topic questions we accept calling off-topic, on the training data. */
  refuseOnTopic: 0.01,
  /** Answerable questions we accept refusing as not covered, on the training data; 5% is allowed held out. */
  refuseAnswerable: 0.025,
};

export function trainPolicy(data: readonly Labelled[], note: Record<string, unknown> = {}): Policy {
  const candidateDim = CANDIDATE_FEATURES.length;
  const ranker = fitRanker(
    data.filter((d) => d.examined).map((d) => ({ features: d.examined!.candidates.map((c) => c.features), correct: d.correct, weight: d.weight })),
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
  const threshold = (model: { weights: number[]; bias: number }, keep: (d: Labelled) => boolean, share: number) =>
    thresholdFor(
      data.flatMap((d, i) => (keep(d) ? [{ p: inputs[i] ? probability({ ...model, threshold: 0 }, inputs[i]!) : 0, weight: d.weight }] : [])),
      share,
    );
  return {
    version: 1,
    candidateFeatures: [...CANDIDATE_FEATURES],
    questionFeatures: [...QUESTION_FEATURES],
    ranker,
    topic: { ...topic, threshold: threshold(topic, (d) => d.onTopic, TRAINING.refuseOnTopic) },
    answerability: { ...answerability, threshold: threshold(answerability, (d) => d.answerable, TRAINING.refuseAnswerable) },
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
