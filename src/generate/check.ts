import { isStopword, stem, words } from '../knowledge/text.ts';
import { fold } from '../text/fold.ts';
import { type CitedSentence, splitSentences } from './sentences.ts';
import { supportModel } from './supportModel.ts';

/**
 * The supporting-sentence check: a generated sentence is shown only when the sources it cites
 * hold it. The hard rules (citation, numbers, names, direction, negation) need no learning:
 * each is a fact that must be quoted, not paraphrased. Only the word-overlap threshold is
 * learned (`npm run train:support`), since paraphrase is a matter of degree.
 */

export type Rejection =
  | 'no-citation'
  | 'unknown-source'
  | 'number'
  | 'name'
  | 'direction'
  | 'negation'
  | 'table-cell'
  | 'overlap';

export interface SentenceVerdict {
  sentence: CitedSentence;
  supported: boolean;
  /** Why it is not supported, and the word or number that failed it. */
  reason?: Rejection;
  detail?: string;
  /** Share of the claim's content words found in the cited sources. */
  overlap: number;
}

export interface AnswerVerdict {
  supported: boolean;
  sentences: SentenceVerdict[];
}

/** Every sentence of an answer, each against the sources it cites; one unsupported sentence fails it. */
export function checkAnswer(
  answer: string,
  sources: readonly string[],
  threshold = supportModel().overlap,
): AnswerVerdict {
  const sentences = splitSentences(answer).map((s) => checkSentence(s, sources, threshold));
  return { supported: sentences.length > 0 && sentences.every((s) => s.supported), sentences };
}

/** `sources` are numbered from 1, as the prompt numbers them. */
export function checkSentence(
  sentence: CitedSentence,
  sources: readonly string[],
  threshold = supportModel().overlap,
): SentenceVerdict {
  const reject = (reason: Rejection, detail?: string, overlap = 0): SentenceVerdict => ({
    sentence,
    supported: false,
    reason,
    detail,
    overlap,
  });
  if (sentence.cites.length === 0) return reject('no-citation');
  const unknown = sentence.cites.find((n) => n < 1 || n > sources.length);
  if (unknown !== undefined) return reject('unknown-source', `[${unknown}]`);
  const cited = sentence.cites.map((n) => sources[n - 1]!).join('\n');
  const evidence = evidenceOf(cited);
  const overlap = overlapOf(sentence.claim, evidence);

  const number = numbersOf(sentence.claim).find((n) => !evidence.numbers.has(n));
  if (number !== undefined) return reject('number', number, overlap);
  const name = namesOf(sentence.claim).find((n) => !evidence.words.has(fold(n)));
  if (name !== undefined) return reject('name', name, overlap);
  const direction = reversedDirection(sentence.claim, cited);
  if (direction !== undefined) return reject('direction', direction, overlap);
  const dropped = droppedOrdinal(sentence.claim, cited);
  if (dropped !== undefined) return reject('direction', dropped, overlap);
  const citedSources = sentence.cites.map((n) => sources[n - 1]!);
  const unbound = unboundCell(sentence.claim, citedSources);
  if (unbound !== undefined) return reject('table-cell', unbound, overlap);
  if (isNegated(sentence.claim) !== isNegated(bestSentence(sentence.claim, cited)))
    return reject('negation', undefined, overlap);
  if (overlap < threshold) return reject('overlap', overlap.toFixed(2), overlap);
  return { sentence, supported: true, overlap };
}

/** What the cited sources hold: their word stems and their numbers. */
export interface Evidence {
  /** Folded words as written: names must match these, not a stem ("Holding" is not "holds"). */
  words: Set<string>;
  stems: Set<string>;
  prefixes: Set<string>;
  numbers: Set<string>;
  has(word: string): boolean;
}

/** Words that share this many first letters are one word family ("dominance", "dominant"). */
const FAMILY_PREFIX = 6;

export function evidenceOf(text: string): Evidence {
  const ws = words(text);
  const stems = new Set(ws.map(stem));
  const prefixes = new Set(ws.filter((w) => w.length >= FAMILY_PREFIX).map((w) => w.slice(0, FAMILY_PREFIX)));
  const numbers = new Set(numbersOf(text));
  return {
    words: new Set(ws),
    stems,
    prefixes,
    numbers,
    has: (word) => {
      const w = fold(word);
      return stems.has(stem(w)) || (w.length >= FAMILY_PREFIX && prefixes.has(w.slice(0, FAMILY_PREFIX)));
    },
  };
}

/** Content words: folded, stop words and numbers out. */
export function contentWords(text: string): string[] {
  return words(text)
    .map((w) => w.replace(/[<%]/g, ''))
    .filter((w) => w.length > 1 && !isStopword(w) && !/\d/.test(w) && !NUMBER_WORDS.has(w));
}

/** Share of the claim's content words that the evidence holds, or holds a word of the same family. */
export function overlapOf(claim: string, evidence: Evidence): number {
  // Names are checked word for word by their own rule; counting them here would let a claim
  // made mostly of names carry one invented word ("a flood at a Tsingshan-linked smelter").
  const names = new Set(namesOf(claim).map((n) => fold(n)));
  const all = contentWords(claim);
  if (all.length === 0) return 0;
  const content = all.filter((w) => !names.has(w));
  // Only names ("China: Control Over Rare Earths High"), each already found in the sources.
  if (content.length === 0) return 1;
  return content.filter((w) => evidence.has(w)).length / content.length;
}

const NUMBER_WORDS = new Map<string, string>([
  ['one', '1'],
  ['two', '2'],
  ['three', '3'],
  ['four', '4'],
  ['five', '5'],
  ['six', '6'],
  ['seven', '7'],
  ['eight', '8'],
  ['nine', '9'],
  ['ten', '10'],
  ['eleven', '11'],
  ['twelve', '12'],
  ['fifteen', '15'],
  ['twenty', '20'],
  ['thirty', '30'],
  ['forty', '40'],
  ['fifty', '50'],
  ['hundred', 'hundred'],
  ['thousand', 'thousand'],
  ['million', 'million'],
  ['billion', 'billion'],
  ['trillion', 'trillion'],
  ['dozen', '12'],
  ['half', 'half'],
  ['twice', '2'],
  ['double', '2'],
]);

/**
 * Every number in a text, written one way: "1,000" and "1000", "five" and "5", "$6 billion" as
 * "6" and "billion". A figure's scale is a number too, so "$6 million" never passes for "$6 billion".
 */
export function numbersOf(text: string): string[] {
  const out: string[] = [];
  const t = fold(text).replace(/(\d),(\d{3})\b/g, '$1$2');
  for (const m of t.matchAll(/\d+(?:\.\d+)?/g)) out.push(String(Number(m[0])));
  for (const w of t.split(/[^a-z]+/)) {
    const n = NUMBER_WORDS.get(w);
    if (n) out.push(n);
  }
  return out;
}

/**
 * "the world's largest producer" from "the world's second-largest": every word is in the source,
 * but the rank is not. A superlative the source ranks with an ordinal must keep its ordinal.
 */
function droppedOrdinal(claim: string, cited: string): string | undefined {
  const c = fold(claim);
  for (const m of fold(cited).matchAll(/\b(second|third|fourth|fifth|sixth)[\s-]+([a-z]+est)\b/g)) {
    const superlative = new RegExp(`\\b${m[2]}\\b`);
    if (superlative.test(c) && !new RegExp(`\\b${m[1]}[\\s-]+${m[2]}\\b`).test(c)) return m[0];
  }
  return undefined;
}

/** A table row as the knowledge base writes it: "China: Control Over Rare Earths High; Processing Capability Advanced." */
const ROW = /^([^:;\n]{1,80}):\s+([^\n]+;[^\n]+)$/;

/** Words that say a claim holds for every row it names, not for one of them. */
const EVERY = /\b(?:both|all|each|every|neither|either)\b/;

/**
 * A table row's cells are bags of words side by side: "Control Over Rare Earths High; … Strategic
 * Risk Level Low" holds both "low" and "control", so word overlap alone would pass "China has low
 * control". A cell word in the claim must come with another word of its own cell, and a claim
 * about "both" rows must hold in each of them.
 */
function unboundCell(claim: string, cited: readonly string[]): string | undefined {
  const rows = cited.map((s) => ROW.exec(s.trim().replace(/\.$/, ''))).filter((m) => m !== null);
  if (rows.length === 0) return undefined;
  const prose = evidenceOf(cited.filter((s) => !ROW.test(s.trim().replace(/\.$/, ''))).join('\n'));
  const keys = evidenceOf(rows.map((m) => m[1]!).join('\n'));
  const claimStems = new Set(contentWords(claim).map(stem));
  const cellsOf = (m: RegExpExecArray) => m[2]!.split(';').map((cell) => contentWords(cell).map(stem));
  const every = EVERY.test(fold(claim)) && rows.length > 1;
  for (const w of claimStems) {
    if (prose.has(w) || keys.has(w)) continue;
    const bound = (m: RegExpExecArray) =>
      cellsOf(m).some((cell) => cell.includes(w) && cell.some((o) => o !== w && claimStems.has(o)));
    const holding = rows.filter((m) => cellsOf(m).some((cell) => cell.includes(w)));
    if (holding.length === 0) continue;
    if (!holding.some(bound)) return w;
    if (every && holding.length < rows.length) return w;
  }
  return undefined;
}

/** A capitalised word or an acronym: a name, a month or a place, which must be quoted. */
export function namesOf(claim: string): string[] {
  const out: string[] = [];
  for (const m of claim.matchAll(/\p{Lu}[\p{L}'’-]*/gu)) {
    // The first word is capitalised anyway; a verb or adverb form there ("Founded in 1961, …") is no
    // name, unless a verb follows it as its subject ("United is …").
    if (m.index === 0 && /(?:ed|ing|ly)$/.test(m[0]) && !SUBJECT_OF.test(claim.slice(m[0].length))) continue;
    const parts = m[0].replace(/['’]s$/, '').split('-');
    for (const p of parts) {
      // "KIA-controlled": the name is KIA, not "controlled".
      if (!/^\p{Lu}/u.test(p)) continue;
      const w = fold(p);
      if (w.length > 1 && !isStopword(w) && !SENTENCE_STARTERS.has(w) && /\p{L}/u.test(w)) out.push(p);
    }
  }
  return out;
}

/** What follows a sentence's subject: a first word before one of these is a name, whatever its ending. */
const SUBJECT_OF =
  /^\s+(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|does|did|do|says|said)\b/i;

/** Capitalised only because they start a sentence, and never a name. */
const SENTENCE_STARTERS = new Set(
  'however meanwhile overall yes also still yet while although though because since in on at by for its their this these those'.split(
    ' ',
  ),
);

/**
 * Words that set a claim's direction or rank, by meaning. A paraphrase may say "grew" for "rose"
 * or "over" for "more than", but "rose" for "fell" or "fewer" for "more" keeps nearly every word
 * and reverses the fact: a direction in the claim must have one of the same meaning in the source.
 */
const DIRECTIONS: Record<string, string> = Object.fromEntries(
  Object.entries({
    'went up':
      'rose rise rises rising risen grew grow grows growing increase increased increases increasing gain gained gains climbed jumped surged',
    'went down':
      'fell fall falls falling fallen drop dropped drops declined decline declines declining decrease decreased decreases shrank shrink lost slumped plunged',
    'more than': 'more over above higher greater exceed exceeded exceeds exceeding',
    'less than': 'less fewer under below lower',
    top: 'largest highest biggest most best maximum majority top leading',
    bottom: 'smallest lowest least worst minimum minority bottom fewest',
    first: 'first earliest pioneering',
    last: 'last latest final',
  }).flatMap(([meaning, ws]) => ws.split(' ').map((w) => [w, meaning])),
);

/** The first direction word of the claim whose meaning no word of the cited sources has. */
function reversedDirection(claim: string, cited: string): string | undefined {
  const held = new Set(words(cited).flatMap((w) => DIRECTIONS[w] ?? []));
  return words(claim).find((w) => DIRECTIONS[w] !== undefined && !held.has(DIRECTIONS[w]!));
}

const NEGATION = /\b(?:not|no|never|none|nor|cannot|without|lacks?|lacking|neither|n't)\b|n't\b/;

function isNegated(text: string): boolean {
  return NEGATION.test(fold(text));
}

/** The cited sentence that shares most with the claim, whose polarity the claim must keep. */
function bestSentence(claim: string, cited: string): string {
  const parts = cited.split(/(?<=[.!?])\s+|\n/).filter((p) => p.trim());
  let best = cited;
  let bestScore = -1;
  for (const p of parts) {
    const score = overlapOf(claim, evidenceOf(p));
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}
