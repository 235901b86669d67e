import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CANDIDATE_FEATURES, QUESTION_FEATURES } from './features.ts';

export const POLICY_FILE = fileURLToPath(new URL('../../model/policy.json', import.meta.url));

/**
 * The learned decision: weights that rank candidates, and a logistic model with its
 * threshold that says whether the best one answers. `npm run train` writes it; nothing
 * in it is set by hand.
 */
export interface Policy {
  version: 1;
  candidateFeatures: string[];
  questionFeatures: string[];
  /** One weight per candidate feature; the best candidate has the highest sum. */
  ranker: number[];
  /** Is the question about the reports at all? Off-topic questions get a plain refusal. */
  topic: Regimes;
  /** On topic: does the best candidate answer it, or is the report silent on it? */
  answerability: Regimes;
  /** How it was trained, for the record. */
  trained: Record<string, unknown>;
}

/** A logistic model over the best candidate's features, then the question's, and the probability it must reach. */
export interface Gate {
  weights: number[];
  bias: number;
  threshold: number;
}

/**
 * Short news analyses and long encyclopedia articles fail differently: in a short report an
 * unmatched word usually means "not covered", in a long one it is often a paraphrase. Each
 * kind has its own gate, and decide.ts blends them by the report's length.
 */
export interface Regimes {
  long: Gate;
  short: Gate;
}

let shared: Policy | undefined;

export function loadPolicy(file = POLICY_FILE): Policy {
  if (!existsSync(file)) throw new Error(`No answer policy at ${file}: run \`npm run train\` to create it.`);
  const policy = JSON.parse(readFileSync(file, 'utf8')) as Policy;
  const expected = [...CANDIDATE_FEATURES, ...QUESTION_FEATURES].join(',');
  if ([...policy.candidateFeatures, ...policy.questionFeatures].join(',') !== expected) {
    throw new Error(`The answer policy at ${file} was trained on other features: run \`npm run train\` again.`);
  }
  return policy;
}

export function sharedPolicy(): Policy {
  shared ??= loadPolicy();
  return shared;
}
