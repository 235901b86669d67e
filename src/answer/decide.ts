import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { perKnowledgeBase } from '../knowledge/perKnowledgeBase.ts';
import { isStopword, words } from '../knowledge/text.ts';
import { termVectors } from '../semantic/termVectors.ts';
import type { WordVectors } from '../semantic/wordVectors.ts';
import { fold } from '../text/fold.ts';
import type { Candidate } from './candidate.ts';
import {
  type Asked,
  holding,
  previousSentence,
  readAsked,
  ruledOut,
  type Unmet,
  unmet,
  unmetFeatures,
} from './constraints.ts';
import {
  COVERAGE,
  candidateFeatures,
  type QuestionView,
  SEMANTIC_FLOOR,
  shortness,
  typeFound,
  viewQuestion,
} from './features.ts';
import type { Gate, Policy, Regimes } from './policy.ts';
import type { Question } from './question.ts';

/** A question's candidates, each described by the numbers the policy reads. */
export interface Examined {
  q: Question;
  /** What the question pins down (constraints.ts). */
  asked: Asked;
  /** Each candidate with its features and the constraints it leaves unmet (none when it can answer). */
  candidates: Array<{ candidate: Candidate; features: number[]; unmet: Unmet[] }>;
  /** How short the reports are (see shortness()): it picks the refusal thresholds. */
  shortness: number;
  /** Question features that do not depend on the ranker (see QUESTION_FEATURES). */
  questionFeatures: number[];
}

/** The question's length in content words at which the `terms` feature saturates. */
const LONG_QUESTION_TERMS = 8;

export interface Scored {
  candidate: Candidate;
  features: number[];
  unmet: Unmet[];
  score: number;
}

export interface Decision {
  ranked: Scored[];
  /** Probability that the question is about the reports at all. */
  topic: number;
  /** Probability that the best candidate answers the question. */
  probability: number;
  verdict: 'answer' | 'not-covered' | 'off-topic';
}

export function examine(
  kb: KnowledgeBase,
  q: Question,
  candidates: Candidate[],
  vectors: WordVectors | undefined,
): Examined {
  const view = viewQuestion(kb, q, vectors);
  const asked = readAsked(kb, q);
  const described = candidates.map((candidate) => describeCandidate(kb, view, asked, candidate, vectors));
  const short = shortness(kb.passages.length);
  const bestCoverage = Math.max(0, ...described.map((c) => c.features[COVERAGE]!));
  return {
    q,
    asked,
    shortness: short,
    candidates: described,
    questionFeatures: [
      q.coverage,
      knownSoftly(kb, q, vectors),
      unknownNames(kb, q),
      // Eight content words is a long question for a chat: longer ones all read alike.
      Math.min(1, q.terms.length / LONG_QUESTION_TERMS),
      short,
      short * bestCoverage,
    ],
  };
}

/** One candidate's features and the constraints it leaves unmet. */
export function describeCandidate(
  kb: KnowledgeBase,
  view: QuestionView,
  asked: Asked,
  candidate: Candidate,
  vectors: WordVectors | undefined,
): Examined['candidates'][number] {
  // Whether it holds the asked date or figure is read once: the features and the constraints both need it.
  const found = typeFound(view, candidate);
  const missing = unmet(asked, holding(kb, candidate, previousSentence(kb, candidate)), found);
  return {
    candidate,
    features: [...candidateFeatures(kb, view, candidate, vectors, found), ...unmetFeatures(asked, missing)],
    unmet: missing,
  };
}

export function decide(examined: Examined, policy: Policy): Decision {
  const { ranked, eligible, topic: xt, answer: xa } = gateInputs(examined, policy.ranker);
  if (!xt) return { ranked, topic: 0, probability: 0, verdict: 'off-topic' };
  const topic = gate(policy.topic, xt, examined.shortness);
  const answer = xa ? gate(policy.answerability, xa, examined.shortness) : { p: 0, pass: false };
  const verdict = !topic.pass ? 'off-topic' : !answer.pass ? 'not-covered' : 'answer';
  // An answer is the best candidate that meets the question's constraints, the others stay as related places.
  const best = eligible[0];
  const order = verdict === 'answer' && best ? [best, ...ranked.filter((s) => s !== best)] : ranked;
  return { ranked: order, topic: topic.p, probability: answer.p, verdict };
}

/**
 * The gates' inputs, shared with training: the topic gate reads the best candidate of all,
 * the answerability gate the best one that the question's constraints do not rule out
 * (undefined when every candidate is ruled out, which is "not covered" by rule).
 */
export function gateInputs(
  examined: Examined,
  ranker: readonly number[],
): { ranked: Scored[]; eligible: Scored[]; topic?: number[]; answer?: number[] } {
  const ranked = rank(examined, ranker);
  const eligible = ranked.filter((s) => !ruledOut(s.unmet));
  return {
    ranked,
    eligible,
    topic: answerabilityInput(examined, ranked),
    answer: answerabilityInput(examined, eligible),
  };
}

/** Both regimes' gates, blended by how short the report is: the probability and whether it passes. */
export function gate(regimes: Regimes, x: readonly number[], short: number): { p: number; pass: boolean } {
  const long = probability(regimes.long, x);
  const brief = probability(regimes.short, x);
  const margin = short * (brief - regimes.short.threshold) + (1 - short) * (long - regimes.long.threshold);
  return { p: short * brief + (1 - short) * long, pass: margin >= 0 };
}

export function probability(model: Pick<Gate, 'weights' | 'bias'>, x: readonly number[]): number {
  return sigmoid(dot(model.weights, x) + model.bias);
}

export function rank(examined: Examined, weights: readonly number[]): Scored[] {
  return examined.candidates
    .map(({ candidate, features, unmet }) => ({ candidate, features, unmet, score: dot(weights, features) }))
    .sort((a, b) => b.score - a.score);
}

/** The answerability model's input: the best candidate's features, then the question's. */
export function answerabilityInput(examined: Examined, ranked: readonly Scored[]): number[] | undefined {
  const [best, second] = ranked;
  if (!best) return undefined;
  const margin = Math.tanh(best.score - (second?.score ?? best.score - 1));
  return [...best.features, ...examined.questionFeatures, margin, Math.tanh(best.score)];
}

export function dot(w: readonly number[], x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (w[i] ?? 0) * x[i]!;
  return s;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Words the report never uses may still be its subject in other words ("Beijing" for
 * China): the share of them with a close neighbour in the report's vocabulary.
 */
function knownSoftly(kb: KnowledgeBase, q: Question, vectors: WordVectors | undefined): number {
  if (q.unknown.length === 0) return 1;
  if (!vectors) return 0;
  let sum = 0;
  for (const word of q.unknown) sum += wordSoftly(kb, vectors, word);
  return sum / q.unknown.length;
}

/** Words whose nearness to the reports is kept per knowledge base; past this the memory starts again. */
const SOFT_WORDS_MAX = 20_000;
const softWords = perKnowledgeBase(() => new Map<string, number>());

/** How near one word comes to the reports' vocabulary (0–1): it scans every report word, so it is kept. */
function wordSoftly(kb: KnowledgeBase, vectors: WordVectors, word: string): number {
  const known = softWords(kb);
  let near = known.get(word);
  if (near === undefined) {
    const v = vectors.vector(word);
    const tv = termVectors(kb, vectors);
    const vocabulary = reportVocabulary(kb, vectors, tv);
    near = v
      ? Math.max(0, tv.bestCosine(v, vocabulary.list, vocabulary.norms) - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR)
      : 0;
    if (known.size >= SOFT_WORDS_MAX) known.clear();
    known.set(word, near);
  }
  return near;
}

const vocabularies = new WeakMap<KnowledgeBase, { list: Int8Array[]; norms: Float64Array }>();

/** The vectors of every distinct content word the reports use, with their lengths. */
function reportVocabulary(
  kb: KnowledgeBase,
  vectors: WordVectors,
  tv: ReturnType<typeof termVectors>,
): { list: Int8Array[]; norms: Float64Array } {
  let vocabulary = vocabularies.get(kb);
  if (!vocabulary) {
    const seen = new Set<string>();
    for (const p of kb.passages) for (const w of words(p.text)) if (w.length > 2 && !isStopword(w)) seen.add(w);
    const list = [...seen].map((w) => vectors.vector(w)).filter((v) => v !== undefined);
    vocabulary = { list, norms: tv.normsOf(list) };
    vocabularies.set(kb, vocabulary);
  }
  return vocabulary;
}

/** 1 when the question capitalises a name the reports never mention ("the CEO of Tesla"). */
function unknownNames(kb: KnowledgeBase, q: Question): number {
  const body = q.text.replace(/^\s*\S+/, '');
  for (const m of body.matchAll(/\b[A-Z][\p{L}\d'’.-]+/gu)) {
    const w = fold(m[0]).replace(/['’].*$/, '');
    if (w === 'i' || isStopword(w)) continue;
    if (!kb.index.knows(kb.index.analyze(w)[0] ?? w)) return 1;
  }
  return 0;
}
