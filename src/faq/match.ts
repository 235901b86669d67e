import { type AnswerType, expectedType } from '../answer/answerType.ts';
import { analyzeQuestion, COMMON_WORD_RANK } from '../answer/question.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { isStopword, stem, words } from '../knowledge/text.ts';
import type { WordVectors } from '../semantic/wordVectors.ts';
import { TypoRepairer } from '../text/typoRepair.ts';
import { contentWords, repairAgainstReport } from './phrasing.ts';
import type { CuratedAnswer } from './record.ts';

/** How a question is scored against a phrasing; `npm run train:faq` chooses both numbers. */
export interface MatchSettings {
  /** How much a phrasing's word the question leaves out counts, against 1 for a word the question adds. */
  omitted: number;
  /** A question matches when its best score reaches this. */
  threshold: number;
}

/** One curated phrasing, read once per knowledge base. */
interface Reading {
  terms: Set<string>;
  expects: AnswerType;
  entities: Set<string>;
}

interface Phrasing extends Reading {
  record: CuratedAnswer;
  text: string;
}

export interface CuratedMatch {
  record: CuratedAnswer;
  /** The phrasing the question matched best. */
  phrasing: string;
  /** 0–1: 1 when the question has exactly the phrasing's terms, 0 when it asks for something else. */
  score: number;
}

/**
 * Matches a member's question against one server's curated phrasings, reading both as the
 * engine reads a question (src/answer/question.ts): typos repaired word by word, then aliases
 * rewritten and words stemmed. A typo is repaired against the curated phrasings first: Fuse.js
 * over their vocabulary proposes, an edit distance confirms (the same first letter or its first
 * two swapped; 1 edit up to 8 letters, 2 beyond), and a common English word is never repaired;
 * then against the report, by the engine's own repair.
 *
 * The score is a Tversky overlap of IDF-weighted terms: a word the question adds counts fully
 * against it ("India" where the phrasing says "China"), a word it leaves out counts `omitted`
 * ("the rules" for "the server rules"). A question naming another country or entity of the report
 * than the phrasing, or asking for another kind of thing ("who founded" against "when was …
 * founded"), scores 0 whatever its words.
 */
export class CuratedMatcher {
  private readonly phrasings: Phrasing[];
  private readonly vocabulary: Set<string>;
  private readonly speller: TypoRepairer;

  constructor(
    private readonly kb: KnowledgeBase,
    records: readonly CuratedAnswer[],
    private readonly vectors?: WordVectors,
  ) {
    const texts = records.flatMap((record) => record.phrasings.map((text) => ({ record, text })));
    this.vocabulary = new Set(
      texts.flatMap(({ text }) => contentWords(kb, text).map((w) => repairAgainstReport(kb, w, vectors))),
    );
    this.speller = new TypoRepairer(new Map([...this.vocabulary].map((w) => [w, 1])));
    this.phrasings = texts.map(({ record, text }) => ({ record, text, ...this.read(text) }));
  }

  /** The best-scoring curated answer for `question` under `omitted`, whatever its score. */
  best(question: string, omitted: number): CuratedMatch | undefined {
    if (this.phrasings.length === 0) return undefined;
    const q = this.read(question);
    let best: CuratedMatch | undefined;
    for (const p of this.phrasings) {
      const score = sameAsk(q, p) ? this.overlap(q.terms, p.terms, omitted) : 0;
      if (!best || score > best.score) best = { record: p.record, phrasing: p.text, score };
    }
    return best;
  }

  /** The curated answer `question` matches under `settings`, if any. */
  match(question: string, settings: MatchSettings): CuratedMatch | undefined {
    const best = this.best(question, settings.omitted);
    return best && best.score >= settings.threshold ? best : undefined;
  }

  private read(text: string): Reading {
    const known = (w: string) => this.vocabulary.has(w);
    const repaired = contentWords(this.kb, text, known).map((w) =>
      known(w) ? w : (this.correct(w) ?? repairAgainstReport(this.kb, w, this.vectors)),
    );
    // Rewritten after repair, as the engine does, so a repaired "fonded" still becomes its canonical term.
    const terms = words(this.kb.lexicon.canonicalize(repaired.join(' ')))
      .filter((w) => !isStopword(w))
      .map(stem);
    const entities = analyzeQuestion(this.kb, text, this.vectors).entities.map((e) => e.name);
    return { terms: new Set(terms), expects: expectedType(text), entities: new Set(entities) };
  }

  /** The curated word a mistyped one was meant to be, by the same repair as the report's (src/text/typoRepair.ts). */
  private correct(word: string): string | undefined {
    // A common English word is meant as written, as the engine reads it.
    if ((this.vectors?.rank(word) ?? Infinity) < COMMON_WORD_RANK) return undefined;
    return this.speller.correct(word);
  }

  private overlap(question: ReadonlySet<string>, phrasing: ReadonlySet<string>, omitted: number): number {
    let shared = 0;
    let added = 0;
    let left = 0;
    for (const t of question) {
      if (phrasing.has(t)) shared += this.weight(t);
      else added += this.weight(t);
    }
    for (const t of phrasing) if (!question.has(t)) left += this.weight(t);
    return shared === 0 ? 0 : shared / (shared + added + omitted * left);
  }

  /** A rare word of the report says more than a common one; a word the report never uses, the most. */
  private weight(term: string): number {
    return Math.max(1, this.kb.index.idf(term));
  }
}

/** The same entities of the report, and kinds of answer that agree. */
function sameAsk(q: Reading, p: Reading): boolean {
  if (q.entities.size !== p.entities.size || [...q.entities].some((e) => !p.entities.has(e))) return false;
  return compatible(q.expects, p.expects);
}

/** Kinds that name no particular kind of answer (a definition, yes/no, anything else) fit any kind. */
const LOOSE: ReadonlySet<AnswerType> = new Set(['other', 'definition', 'yesno']);

function compatible(a: AnswerType, b: AnswerType): boolean {
  return LOOSE.has(a) || LOOSE.has(b) || a === b;
}
