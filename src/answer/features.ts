import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { isStopword, stem, words } from '../knowledge/text.ts';
import type { Passage } from '../knowledge/types.ts';
import { termVectors } from '../semantic/termVectors.ts';
import type { WordVectors } from '../semantic/wordVectors.ts';
import { fold } from '../text/fold.ts';
import { holdsType } from './answerType.ts';
import { CANDIDATE_KINDS, type Candidate } from './candidate.ts';
import { type FuzzyHit, fuzzySearch } from './fuzzy.ts';
import type { Question } from './question.ts';
import { textView } from './textView.ts';

/**
 * What the policy knows about a candidate, in a fixed order. Every candidate, whatever
 * route proposed it, is described by the same numbers, so one ranker can weigh a
 * timeline entry against a sentence.
 */
export const CANDIDATE_FEATURES = [
  'coverage',
  'nameCoverage',
  'bigrams',
  'proximity',
  'typeFound',
  'typeMissing',
  'softCoverage',
  'missingKey',
  'density',
  'headMissing',
  'contextCoverage',
  'contextNames',
  'attributeCoverage',
  'retrieval',
  'paragraph',
  'titleMatch',
  'length',
  'rawOverlap',
  'prefixOverlap',
  'sequence',
  'typeFound:date',
  'typeFound:number',
  'typeFound:person',
  'fuzzyScore',
  'fuzzyRank',
  ...CANDIDATE_KINDS.map((k) => `kind:${k}`),
  ...CANDIDATE_KINDS.map((k) => `fit:${k}`),
  // What the candidate leaves unmet of what the question pins down (constraints.ts), appended by examine().
  'unmetNames',
  'unmetType',
  'unmetCount',
  'unmetHolder',
  'unmetRule',
] as const;

/** Where a named feature sits in a candidate's row, so code reads it by name, not by position. */
export function featureIndex(name: (typeof CANDIDATE_FEATURES)[number]): number {
  return CANDIDATE_FEATURES.indexOf(name);
}

/** The IDF-weighted share of the question a candidate holds, the feature other stages read. */
export const COVERAGE = featureIndex('coverage');

/** What the policy knows about the question itself, for the answer-or-refuse decision. */
export const QUESTION_FEATURES = [
  'known',
  'knownSoft',
  'unknownNames',
  'terms',
  'shortReport',
  'shortReportCoverage',
  'margin',
  'rankScore',
] as const;

/**
 * A news analysis runs to 40–80 passages, an encyclopedia article to 120 and more. A short
 * report has few places to hide an answer, so an unmatched word there says more about
 * "not covered"; the policy learns a refusal threshold for each kind and blends them.
 */
export const SHORT_REPORT_PASSAGES = 80;
export const LONG_REPORT_PASSAGES = 120;

/** 1 for a short report, 0 for a long one, in between on a straight line. */
export function shortness(passages: number): number {
  return Math.min(1, Math.max(0, (LONG_REPORT_PASSAGES - passages) / (LONG_REPORT_PASSAGES - SHORT_REPORT_PASSAGES)));
}

/** Below this cosine two words are treated as unrelated; GloVe gives unrelated pairs up to about this much. */
export const SEMANTIC_FLOOR = 0.35;

/** The question as the features see it, computed once per question. */
export interface QuestionView {
  q: Question;
  /** Term → its weight in the question (IDF × analysis weight). */
  weights: Map<string, number>;
  total: number;
  /** Adjacent term pairs of the question, order-free. */
  pairs: Set<string>;
  /** Folded words of the question, to tell new names in an answer from echoed ones. */
  folded: Set<string>;
  /** The question's content words as typed (folded, unstemmed), in order. */
  said: string[];
  /** Their stems, in order, for the longest common subsequence. */
  saidStems: string[];
  /** The passages MiniSearch's fuzzy, prefix-matching BM25 finds, by id. */
  fuzzy: Map<number, FuzzyHit>;
  /** Cosines of a question word's vector against report words already compared, by TermVectors id. */
  cosines: Map<Int8Array, number[]>;
  /** The question's names, as a list. */
  names: string[];
  /** The vectors of the words the reports never use, in q.unknown's order. */
  unknownVectors: Array<Int8Array | undefined>;
  /** The asked-for attribute's index term and vector ("capital" in "the capital of Japan"). */
  headTerm?: string;
  headVector?: Int8Array;
}

export function viewQuestion(kb: KnowledgeBase, q: Question, vectors: WordVectors | undefined): QuestionView {
  const weights = new Map<string, number>();
  for (const t of q.terms) weights.set(t.term, Math.max(weights.get(t.term) ?? 0, t.weight * kb.index.idf(t.term)));
  const ordered = q.terms.map((t) => t.term);
  const pairs = new Set(ordered.slice(1).map((t, i) => pair(ordered[i]!, t)));
  // Words the reports never use still count against every candidate's coverage.
  const total = [...weights.values()].reduce((a, b) => a + b, 0) + q.unknownWeight;
  const folded = words(q.text);
  const said = [...new Set(folded.filter((w) => w.length > 1 && !isStopword(w)))];
  return {
    q,
    weights,
    total,
    pairs,
    folded: new Set(folded.map(fold)),
    said,
    saidStems: said.map(stem),
    fuzzy: fuzzySearch(kb, q.text),
    cosines: new Map(),
    names: [...q.names],
    unknownVectors: q.unknown.map((word) => vectors?.vector(word)),
    headTerm: q.head ? (kb.index.analyze(q.head)[0] ?? q.head) : undefined,
    headVector: q.head ? vectors?.vector(q.head) : undefined,
  };
}

/**
 * Whether the candidate holds a thing of the type asked (a date, figure, name) beyond the
 * question's own words; 0 for definitions and yes/no questions, which their own routes judge.
 */
export function typeFound(view: QuestionView, c: Candidate): number {
  return typeAsked(view.q) ? holdsType(view.q.expects, c.draft.text, view.folded) : 0;
}

function typeAsked(q: Question): boolean {
  return q.expects !== 'other' && q.expects !== 'yesno' && q.expects !== 'definition';
}

/** `found` is typeFound(view, c), computed once by the caller. */
export function candidateFeatures(
  kb: KnowledgeBase,
  view: QuestionView,
  c: Candidate,
  vectors: WordVectors | undefined,
  found: number,
): number[] {
  const text = c.draft.text;
  const body = c.draft.passage ? kb.index.termsOf(c.draft.passage.id) : textView(kb, text).analyzed;
  const { set: bodySet, pairs: bodyPairs } = termSets(body);
  const titleSet = textView(kb, c.draft.source.section).terms;
  const { weights, total, q } = view;

  let matched = 0;
  let titleMatched = 0;
  let soft = 0;
  // The heaviest single word of the question the candidate neither holds nor paraphrases.
  let missingKey = 0;
  const unmatched: string[] = [];
  for (const [term, w] of weights) {
    if (bodySet.has(term) || titleSet.has(term)) matched += w;
    else unmatched.push(term);
    if (titleSet.has(term)) titleMatched += w;
  }
  const tv = vectors && termVectors(kb, vectors);
  const mine = tv ? vectorsOf(bodySet, tv) : undefined;
  const closeness = (v: Int8Array | undefined) => {
    if (!v || !tv || !mine) return 0;
    let seen = view.cosines.get(v);
    if (!seen) {
      seen = [];
      view.cosines.set(v, seen);
    }
    const best = tv.bestCosineSeen(v, mine, seen);
    return Math.max(0, best - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR);
  };
  // How close in meaning each unmatched word comes to the candidate's words, computed once.
  const near = new Map(unmatched.map((term) => [term, closeness(tv?.of(term))]));
  for (const term of unmatched) {
    const close = near.get(term)!;
    soft += weights.get(term)! * close;
    missingKey = Math.max(missingKey, weights.get(term)! * (1 - close));
  }
  // What is asked about the names: the question's other words, matched outright or in meaning.
  // "The capital of Japan" matches Japan and nothing of what is asked about it.
  let attributeTotal = 0;
  let attributeMatched = 0;
  for (const [term, w] of weights) {
    if (q.names.has(term) || /^\d/.test(term)) continue;
    attributeTotal += w;
    attributeMatched += w * (near.get(term) ?? 1);
  }
  view.unknownVectors.forEach((vector, i) => {
    const close = closeness(vector);
    missingKey = Math.max(missingKey, q.unknownWeights[i]! * (1 - close));
    attributeTotal += q.unknownWeights[i]!;
    attributeMatched += q.unknownWeights[i]! * close;
  });

  // The asked-for attribute, held by the candidate or close in meaning to one of its words.
  const { headTerm } = view;
  const headMissing = !headTerm || bodySet.has(headTerm) || titleSet.has(headTerm) ? 0 : 1 - closeness(view.headVector);

  const { names } = view;
  const nameCoverage = names.length === 0 ? 1 : count(names, (n) => bodySet.has(n) || titleSet.has(n)) / names.length;
  // "It was commissioned by Odo": a sentence opening on a pronoun takes its subject from the one before.
  const before = antecedent(kb, c);
  const withBefore = (t: string) => bodySet.has(t) || titleSet.has(t) || (before?.has(t) ?? false);
  let contextMatched = 0;
  for (const [term, w] of weights) if (withBefore(term)) contextMatched += w;
  const contextNames = names.length === 0 ? 1 : count(names, withBefore) / names.length;
  const bigrams = view.pairs.size === 0 ? 0 : count(view.pairs, (p) => bodyPairs.has(p)) / view.pairs.size;
  // Definitions and yes/no questions are judged by their own routes, not by a typed span.
  const asked = typeAsked(q);
  const fuzzyHit = c.draft.passage ? view.fuzzy.get(c.draft.passage.id) : undefined;

  const out: number[] = [
    share(matched, total),
    nameCoverage,
    bigrams,
    proximity(body, weights),
    asked ? found : 0,
    asked ? 1 - found : 0,
    share(soft, total),
    share(missingKey, total),
    body.length === 0 ? 0 : count(body, (t) => weights.has(t)) / body.length,
    headMissing,
    share(contextMatched, total),
    contextNames,
    attributeTotal === 0 ? 1 : share(attributeMatched, attributeTotal),
    c.retrieval ?? 0,
    c.paragraph ?? 0,
    share(titleMatched, total),
    Math.min(1, Math.log1p(text.length) / 7),
    ...lexicalOverlap(kb, view, text),
    q.expects === 'date' ? found : 0,
    q.expects === 'number' ? found : 0,
    q.expects === 'person' ? found : 0,
    fuzzyHit?.relative ?? 0,
    fuzzyHit ? 1 / (1 + fuzzyHit.rank) : 0,
  ];
  for (const k of CANDIDATE_KINDS) out.push(c.kind === k ? 1 : 0);
  for (const k of CANDIDATE_KINDS) out.push(c.kind === k ? c.fit : 0);
  return out;
}

/** A term list's set and adjacent pairs, kept while the list lives: a passage's terms come back for every question. */
const termSetCache = new WeakMap<readonly string[], { set: ReadonlySet<string>; pairs: ReadonlySet<string> }>();

function termSets(terms: readonly string[]): { set: ReadonlySet<string>; pairs: ReadonlySet<string> } {
  let sets = termSetCache.get(terms);
  if (!sets) {
    sets = { set: new Set(terms), pairs: new Set(terms.slice(1).map((t, i) => pair(terms[i]!, t))) };
    termSetCache.set(terms, sets);
  }
  return sets;
}

/**
 * Overlap the stemmed terms miss or blur: the question's words as typed, their 5-letter
 * prefixes ("nationalisation" and "nationalise"), and how much of the question's word order
 * the candidate keeps (longest common subsequence of stems).
 */
function lexicalOverlap(kb: KnowledgeBase, view: QuestionView, text: string): [number, number, number] {
  const n = view.said.length;
  if (n === 0) return [0, 0, 0];
  const mine = textView(kb, text);
  let raw = 0;
  let prefix = 0;
  for (const w of view.said) {
    if (mine.wordSet.has(w)) raw++;
    if (mine.prefixes.has(w.slice(0, 5))) prefix++;
  }
  return [raw / n, prefix / n, longestCommon(view.saidStems, mine.contentStems) / n];
}

/** Length of the longest common subsequence, in one row of memory. */
function longestCommon(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

type TermVectors = ReturnType<typeof termVectors>;
/** Vectors with their lengths, for TermVectors.bestCosine. */
type VectorList = { list: Int8Array[]; norms: Float64Array; ids: Int32Array };
const termSetVectors = new WeakMap<TermVectors, WeakMap<ReadonlySet<string>, VectorList>>();

/**
 * The vectors of a candidate's terms. The set comes from termSets(), kept as long as its
 * passage's or text's terms are: the same sentences and rows come back question after question.
 */
function vectorsOf(terms: ReadonlySet<string>, tv: TermVectors): VectorList {
  let cache = termSetVectors.get(tv);
  if (!cache) {
    cache = new WeakMap();
    termSetVectors.set(tv, cache);
  }
  let vectors = cache.get(terms);
  if (!vectors) {
    const list = [...terms].map((t) => tv.of(t)).filter((v) => v !== undefined);
    vectors = { list, norms: tv.normsOf(list), ids: tv.idsOf(list) };
    cache.set(terms, vectors);
  }
  return vectors;
}

/** Words that point back to the sentence before ("It", "Their", "These engines"). */
const ANAPHOR = /^(it|its|they|their|them|this|these|those|he|his|she|her|such|the latter|the former)\b/i;

/** The previous sentence's terms, when the candidate sentence opens by pointing back to it. */
export function antecedent(kb: KnowledgeBase, c: Candidate): Set<string> | undefined {
  const p = c.draft.passage;
  if (p?.kind !== 'prose' || !ANAPHOR.test(p.text)) return undefined;
  const prev = sentenceBefore(kb, p);
  return prev ? new Set(kb.index.termsOf(prev.id)) : undefined;
}

/** The sentence before a passage in the same paragraph, section and report, if there is one. */
export function sentenceBefore(kb: KnowledgeBase, p: Passage): Passage | undefined {
  const prev = kb.passages[p.id - 1];
  const same =
    prev && prev.paragraph === p.paragraph && prev.source.section === p.source.section && prev.reportId === p.reportId;
  return same ? prev : undefined;
}

/**
 * How tightly the matched words sit together: matched terms over the shortest window
 * holding all of them. Answers in SQuAD-style text usually sit beside the asked words.
 */
function proximity(body: readonly string[], weights: ReadonlyMap<string, number>): number {
  const positions: Array<[number, string]> = [];
  body.forEach((t, i) => {
    if (weights.has(t)) positions.push([i, t]);
  });
  const distinct = new Set(positions.map(([, t]) => t)).size;
  if (distinct <= 1) return distinct === 1 ? 0.5 : 0;
  let best = Infinity;
  const counts = new Map<string, number>();
  let have = 0;
  let left = 0;
  for (let right = 0; right < positions.length; right++) {
    const t = positions[right]![1];
    counts.set(t, (counts.get(t) ?? 0) + 1);
    if (counts.get(t) === 1) have++;
    while (have === distinct) {
      best = Math.min(best, positions[right]![0] - positions[left]![0] + 1);
      const lt = positions[left]![1];
      counts.set(lt, counts.get(lt)! - 1);
      if (counts.get(lt) === 0) have--;
      left++;
    }
  }
  return distinct / best;
}

/** How many items pass, without building the list. */
function count<T>(items: Iterable<T>, test: (item: T) => boolean): number {
  let n = 0;
  for (const item of items) if (test(item)) n++;
  return n;
}

export function share(n: number, of: number): number {
  return of <= 0 ? 0 : Math.min(1, n / of);
}

function pair(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}
