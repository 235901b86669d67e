import { parseDates, parseMonthsWithoutYear } from '../knowledge/dates.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { QueryTerm } from '../knowledge/searchIndex.ts';
import { isGeneric, isMisspeltStopword, isStopword, stem, words } from '../knowledge/text.ts';
import type { Entity, PartialDate } from '../knowledge/types.ts';
import type { WordVectors } from '../semantic/wordVectors.ts';
import { editDistance } from '../text/editDistance.ts';
import { type AnswerType, expectedType } from './answerType.ts';

/** Words that say what kind of answer is wanted rather than what it is about. */
const FORM_WORD_LIST =
  `compare comparison compar versus vs differ difference different contrast happen happened happening date dates
  year years month months day role status situation stand position detail details info information going
  country countries region regions nation nations list which whose most largest biggest highest greatest top leading
  least smallest lowest tiniest fewest minimal table tables row rows column columns chart section sections paragraph
  article text page`.split(/\s+/);
const FORM_WORDS = new Set(FORM_WORD_LIST.map(stem));

/** Asking for the report as a whole rather than for a fact in it. */
const OVERVIEW =
  /\b(tl ?;? ?dr|tldr|summary|summarise|summarize|sum up|gist|overview|in short|in brief|main points?|key points?|takeaways?|highlights|what(( i|'| )?s)? (this|the) (report|article|story|piece|text) about|what does (this|the) (report|article) (say|cover)|what(( i|'| )?s)? (this|it) about)\b/;

/** How much an unknown everyday word counts against a question being on topic. */
const GENERIC_WEIGHT = 0.2;

export type Superlative = 'max' | 'min';

export interface Question {
  /** The question as asked, trimmed of chat markup. */
  text: string;
  /** Content terms, canonical and stemmed, with typo repairs at reduced weight. */
  terms: QueryTerm[];
  /** Content words the reports never use. */
  unknown: string[];
  /** The weight each unknown word has in the question, in the order of `unknown`. */
  unknownWeights: number[];
  /** Share of the question's weight the reports know about (0–1). */
  coverage: number;
  /** The IDF weight of the question's words the reports never use, which no candidate can match. */
  unknownWeight: number;
  entities: Entity[];
  dates: PartialDate[];
  months: number[];
  when: boolean;
  compare: boolean;
  which: boolean;
  superlative?: Superlative;
  wantsTimeline: boolean;
  /** A why question, which a table row cannot answer as well as prose. */
  explains: boolean;
  /** Terms of the names the question capitalises: the passage that answers should mention one. */
  names: Set<string>;
  /** The kind of thing asked for: a date for "when", a figure for "how many". */
  expects: AnswerType;
  /** "What is this report about?", "tl;dr": the report as a whole is asked for. */
  overview: boolean;
  /** "bigger than", "less than": the direction a yes/no comparison asks about. */
  comparative?: Superlative;
  /** "the second largest": the rank asked for, 1 by default. */
  ordinal?: number;
  /** "more than 5%": a bound on a figure. */
  threshold?: { op: '>' | '<'; value: number };
  /** The thing asked about ("capital" in "what is the capital of Japan"), when the question names one. */
  head?: string;
}

/** An English word this common is meant as written, not a typo of a report word ("cover" is not "over"). */
export const COMMON_WORD_RANK = 20_000;

export function analyzeQuestion(kb: KnowledgeBase, text: string, vectors?: WordVectors): Question {
  const { index, lexicon } = kb;
  const common = (w: string) => (vectors?.rank(w) ?? Infinity) < COMMON_WORD_RANK;
  const repair = (w: string) => {
    const fixed = index.correct(w);
    return fixed && !isStopword(fixed) ? fixed : w;
  };
  // Repair typos word by word first, so that a repaired phrase ("procesing capability") can still match an alias.
  const repairedWords = words(lexicon.canonicalize(text)).map((w) =>
    isStopword(w) || isGeneric(w) || FORM_WORDS.has(stem(w)) || index.knowsWord(w) || common(w) ? w : repair(w),
  );
  const canonical = lexicon.canonicalize(repairedWords.join(' '));
  const terms: QueryTerm[] = [];
  const unknown: string[] = [];
  const unknownWeights: number[] = [];
  let known = 0;
  let total = 0;
  const maxIdf = index.idf('\u0000');

  for (const word of words(canonical)) {
    if (isStopword(word)) continue;
    const term = stem(word);
    if (FORM_WORDS.has(term) || FORM_WORDS.has(word)) continue;
    if (index.knows(term)) {
      push(terms, term, 1);
      // Floored, so that a question made of the report's commonest words still counts as on topic.
      known += Math.max(1, index.idf(term));
      total += Math.max(1, index.idf(term));
      continue;
    }
    // A bare small number or percentage the reports never print is a bound ("more than 5%"), not a topic.
    if (isMisspeltStopword(word) || isMisspeltFormWord(word) || /^\d{1,2}(?:\.\d+)?%?$/.test(word)) continue;
    unknown.push(word);
    // Chat abbreviations of report words ("shr", "govt") are not new topics; "gdp" is.
    const weight = isGeneric(word) || index.abbreviates(word) ? maxIdf * GENERIC_WEIGHT : maxIdf;
    unknownWeights.push(weight);
    total += weight;
  }

  const termSet = new Set(terms.map((t) => t.term));
  const entities = kb.entities
    .map((entity) => ({ entity, at: entityPosition(kb, entity, termSet, canonical) }))
    .filter((e) => e.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((e) => e.entity);

  const dateText = `${text} ${repairedWords.join(' ')}`;
  // Read before aliases too: a report's aliases may fold "summary" into its "conclusion" section.
  const overview = OVERVIEW.test(canonical) || OVERVIEW.test(words(text).join(' '));
  return {
    text,
    terms,
    unknown,
    unknownWeights,
    // A question about the report as a whole is on topic whatever its words.
    coverage: overview ? 1 : total === 0 ? 0 : known / total,
    unknownWeight: total - known,
    entities,
    dates: dedupeDates(parseDates(dateText)),
    months: [...new Set(parseMonthsWithoutYear(dateText))],
    when: /\b(when|what year|which year|what month|which month|what date|how long ago|since when)\b/.test(canonical),
    compare:
      /\b(compare|compared|comparison|versus|vs|differ|differs|difference|differences|contrast|stack up|side by side)\b/.test(
        canonical,
      ) || mistyped(repairedWords, ['compare', 'comparison']),
    which:
      /\b(which|what|whose|who)\b.{0,20}\b(country|countries|region|regions|nation|nations|one|ones)\b|\bwho (has|have|is|are)\b/.test(
        canonical,
      ),
    superlative: superlative(canonical),
    wantsTimeline: /\b(timeline|chronology|chronological|key dates|sequence of events|what happened|events?)\b/.test(
      canonical,
    ),
    explains: /^\s*why\b/.test(canonical),
    names: namedTerms(kb, text),
    expects: expectedType(text),
    overview,
    comparative: comparative(canonical),
    ordinal: ordinal(canonical),
    threshold: threshold(canonical),
    head: askedHead(text),
  };
}

/** Heads that say only that something is asked ("the name of", "what kind of"), not what. */
const EMPTY_HEADS = new Set(
  `name names type types kind kinds sort year years date dates number amount part parts thing things one ones way ways
  reason reasons main key role example examples percentage percent term terms word words purpose much many`.split(
    /\s+/,
  ),
);

/**
 * The attribute a question asks for, by its commonest shapes: "what is the X of …",
 * "which X …", "how many X …". An answer that neither holds X nor a near synonym of it
 * is usually about the right subject but not the asked thing ("the capital of Japan").
 */
function askedHead(text: string): string | undefined {
  const lower = text.toLowerCase().replace(/[’']s\b/g, ' is');
  const m =
    /\b(?:what|which|who)\s+(?:is|are|was|were)\s+(?:the|a|an)\s+([a-z]+)(?:\s+[a-z]+)?\s+(?:of|in|for|at|on|behind|between)\b/.exec(
      lower,
    ) ??
    /\bhow (?:many|much)\s+([a-z]+)/.exec(lower) ??
    /\b(?:what|which)\s+([a-z]+)\s+(?:of|is|are|was|were|do|does|did|has|have|had|will|would|can|could)\b/.exec(lower);
  const head = m?.[1];
  return head && !EMPTY_HEADS.has(head) && !isStopword(head) && !FORM_WORDS.has(stem(head)) ? head : undefined;
}

function dedupeDates(dates: PartialDate[]): PartialDate[] {
  const seen = new Set<string>();
  return dates.filter((d) => {
    const key = `${d.year}-${d.month ?? ''}-${d.day ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "comapre": a form word typed with two letters swapped or one wrong, same first letter. */
function mistyped(typed: readonly string[], forms: readonly string[]): boolean {
  return typed.some(
    (w) =>
      w.length >= 5 &&
      forms.some((f) => f[0] === w[0] && editDistance(w, f) <= 2 && Math.abs(w.length - f.length) <= 1),
  );
}

/** "yaer", "happend": a question word mistyped is still a question word. */
function isMisspeltFormWord(word: string): boolean {
  if (word.length < 4 || word.length > 12) return false;
  // As typed, not stemmed ("comapre" is two edits from "compare", three from "compar"); a swap costs two.
  const allowed = word.length >= 6 ? 2 : 1;
  for (const form of FORM_WORD_LIST)
    if (form[0] === word[0] && Math.abs(form.length - word.length) <= 1 && editDistance(word, form) <= allowed)
      return true;
  return false;
}

/** Terms of capitalised names after the first word ("Indian Rare Earths Limited", "KIA"). */
function namedTerms(kb: KnowledgeBase, text: string): Set<string> {
  const names = new Set<string>();
  const body = text.replace(/^\s*\S+/, '');
  for (const m of body.matchAll(/\b[A-Z][\p{L}\d’'.-]*(?:\s+(?:of\s+)?[A-Z][\p{L}\d’'.-]*)*/gu)) {
    if (m[0] === 'I') continue;
    for (const t of kb.index.analyze(m[0])) if (kb.index.has(t)) names.add(t);
  }
  return names;
}

function push(terms: QueryTerm[], term: string, weight: number): void {
  const existing = terms.find((t) => t.term === term);
  if (existing) existing.weight = Math.max(existing.weight, weight);
  else terms.push({ term, weight });
}

/** Where the entity is first named in the question, or -1. */
function entityPosition(kb: KnowledgeBase, entity: Entity, terms: Set<string>, folded: string): number {
  let best = -1;
  for (const name of entity.names) {
    const nameTerms = kb.index.analyze(name);
    if (nameTerms.length === 0 || !nameTerms.every((t) => terms.has(t))) continue;
    const at = folded.indexOf(kb.lexicon.canonicalize(name).trim().split(/\s+/)[0] ?? '');
    const pos = at === -1 ? folded.length : at;
    if (best === -1 || pos < best) best = pos;
  }
  return best;
}

function superlative(lower: string): Superlative | undefined {
  if (/\b(most|largest|biggest|highest|greatest|top|leading|leader|leads)\b/.test(lower)) return 'max';
  if (/\b(least|smallest|lowest|tiniest|fewest|minimal)\b/.test(lower)) return 'min';
  return undefined;
}

function comparative(lower: string): Superlative | undefined {
  if (/\b(bigger|larger|higher|greater|more|stronger|better|ahead of|exceed|exceeds|outrank|outranks)\b/.test(lower))
    return 'max';
  if (/\b(smaller|lower|less|fewer|weaker|worse|behind)\b/.test(lower)) return 'min';
  return undefined;
}

const ORDINAL_WORDS: Record<string, number> = {
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
  '5th': 5,
};

function ordinal(lower: string): number | undefined {
  const m = /\b(second|third|fourth|fifth|2nd|3rd|4th|5th)\b/.exec(lower);
  return m ? ORDINAL_WORDS[m[1]!] : undefined;
}

function threshold(lower: string): { op: '>' | '<'; value: number } | undefined {
  const m =
    /\b(more than|over|above|greater than|at least|exceeding|higher than|bigger than|larger than|less than|under|below|fewer than|lower than|smaller than)\s+(\d+(?:\.\d+)?)/.exec(
      lower,
    );
  if (!m) return undefined;
  return { op: /less|under|below|fewer|lower|smaller/.test(m[1]!) ? '<' : '>', value: Number(m[2]) };
}
