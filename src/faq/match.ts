import Fuse from 'fuse.js';
import { type AnswerType, expectedType } from '../answer/answerType.ts';
import { COMMON_WORD_RANK } from '../answer/question.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { stem } from '../knowledge/text.ts';
import type { WordVectors } from '../semantic/wordVectors.ts';
import { editDistance } from '../text/editDistance.ts';
import { contentWords, repairAgainstReport } from './phrasing.ts';
import type { CuratedAnswer } from './record.ts';

/** One curated phrasing, read once per knowledge base. */
interface Phrasing {
  record: CuratedAnswer;
  text: string;
  terms: Set<string>;
  weight: number;
  expects: AnswerType;
}

export interface CuratedMatch {
  record: CuratedAnswer;
  /** The phrasing the question matched best. */
  phrasing: string;
  /** Weighted overlap of the question's terms with the phrasing's, 0–1; 0 when they ask for different things. */
  score: number;
}

/**
 * Matches a member's question against one server's curated phrasings. Typos are repaired
 * word by word as the engine repairs them: Fuse.js over the curated phrasings' vocabulary
 * proposes, an edit distance confirms (same first letter or its first two swapped; 1 edit up
 * to 8 letters, 2 beyond), and a common English word is never repaired. Then every phrasing
 * is scored by the IDF-weighted Dice overlap of its terms with the question's, so a question
 * must share the phrasing's distinctive words (a country, a name) and little else may differ.
 * A question asking for another kind of thing ("who founded…" against "when was … founded")
 * scores 0 whatever its words.
 */
export class CuratedMatcher {
  private readonly phrasings: Phrasing[];
  private readonly vocabulary: Set<string>;
  private readonly fuse: Fuse<string>;

  constructor(
    private readonly kb: KnowledgeBase,
    records: readonly CuratedAnswer[],
    private readonly vectors?: WordVectors,
  ) {
    const read = records.flatMap((record) =>
      record.phrasings.map((text) => ({
        record,
        text,
        words: contentWords(kb, text).map((w) => repairAgainstReport(kb, w, vectors)),
      })),
    );
    this.vocabulary = new Set(read.flatMap((p) => p.words));
    this.fuse = new Fuse([...this.vocabulary], { includeScore: true, threshold: 0.34, ignoreLocation: true });
    this.phrasings = read.map(({ record, text, words }) => {
      const terms = new Set(words.map(stem));
      return { record, text, terms, weight: this.weigh(terms), expects: expectedType(text) };
    });
  }

  get size(): number {
    return this.phrasings.length;
  }

  /** The best-scoring curated answer for `question`, whatever its score. */
  best(question: string): CuratedMatch | undefined {
    if (this.phrasings.length === 0) return undefined;
    const terms = this.questionTerms(question);
    const expects = expectedType(question);
    const weight = this.weigh(terms);
    let best: CuratedMatch | undefined;
    for (const p of this.phrasings) {
      const score = compatible(expects, p.expects) ? dice(terms, weight, p, (t) => this.termWeight(t)) : 0;
      if (!best || score > best.score) best = { record: p.record, phrasing: p.text, score };
    }
    return best;
  }

  /** The question's terms: each word repaired against the curation first, then against the report. */
  questionTerms(question: string): Set<string> {
    const known = (w: string) => this.vocabulary.has(w);
    const out = new Set<string>();
    for (const word of contentWords(this.kb, question, known)) {
      const repaired = known(word) ? word : (this.correct(word) ?? repairAgainstReport(this.kb, word, this.vectors));
      out.add(stem(repaired));
    }
    return out;
  }

  /** The curated word a mistyped one was meant to be, as SearchIndex.correct does for the report. */
  private correct(word: string): string | undefined {
    if (word.length < 4 || /\d/.test(word) || (this.vectors?.rank(word) ?? Infinity) < COMMON_WORD_RANK) return undefined;
    const limit = word.length <= 8 ? 1 : 2;
    let best: { word: string; distance: number } | undefined;
    for (const { item } of this.fuse.search(word, { limit: 10 })) {
      const sameStart = item[0] === word[0] || (item[0] === word[1] && item[1] === word[0]);
      const distance = editDistance(word, item);
      if (!sameStart || distance > limit || Math.abs(item.length - word.length) > limit) continue;
      if (!best || distance < best.distance) best = { word: item, distance };
    }
    return best?.word;
  }

  /** A rare word of the report says more than a common one; a word the report never uses, the most. */
  private termWeight(term: string): number {
    return Math.max(1, this.kb.index.idf(term));
  }

  private weigh(terms: ReadonlySet<string>): number {
    let total = 0;
    for (const t of terms) total += this.termWeight(t);
    return total;
  }
}

function dice(terms: ReadonlySet<string>, weight: number, p: Phrasing, termWeight: (t: string) => number): number {
  if (weight === 0 || p.weight === 0) return 0;
  let shared = 0;
  for (const t of terms) if (p.terms.has(t)) shared += termWeight(t);
  return (2 * shared) / (weight + p.weight);
}

/** "other" asks for nothing in particular, so it fits any kind; two particular kinds must agree. */
function compatible(a: AnswerType, b: AnswerType): boolean {
  return a === 'other' || b === 'other' || a === b;
}
