import { TypoRepairer } from '../text/typoRepair.ts';
import type { Lexicon } from './lexicon.ts';
import { isStopword, stem, words } from './text.ts';
import type { Passage } from './types.ts';

/** BM25 parameters; the usual defaults suit sentence-sized passages. */
const K1 = 1.2;
const B = 0.75;
/** Section titles say what a passage is about, but less precisely than its own words. */
const TITLE_WEIGHT = 0.5;
/** Two question words side by side in a passage ("logistical problems") say more than the two apart. */
const PHRASE_BONUS = 0.25;

export interface Hit {
  passage: Passage;
  score: number;
  /** Query terms found in the passage or its section title. */
  matched: Set<string>;
}

export interface QueryTerm {
  term: string;
  weight: number;
}

/**
 * A BM25 inverted index over passages, with Fuse.js over the vocabulary to
 * repair typos. Fuse is not run over the passages themselves: its per-record
 * Bitap scan grows with text length, while postings keep a question's cost
 * proportional to the terms it uses, which matters when many reports are loaded.
 */
export class SearchIndex {
  private readonly postings = new Map<string, Array<{ doc: number; tf: number; title: number }>>();
  private readonly lengths: number[] = [];
  /** Adjacent term pairs of each passage, built the first time a search reaches it. */
  private readonly pairs: Array<Set<string> | undefined> = [];
  /** Each passage's terms in order, for the features that look at word order. */
  private readonly docTerms: string[][] = [];
  /** The commonest written form of each term, so word vectors can be looked up for it. */
  private readonly surfaceOfTerm = new Map<string, { word: string; uses: number }>();
  private readonly avgLength: number;
  /** Typo repair over the reports' words, shared with the curated-answer matcher (src/text/typoRepair.ts). */
  private readonly speller: TypoRepairer;
  /** Titles, column names and entity names are analysed on every question; their terms never change. */
  private readonly analyzed = new Map<string, string[]>();
  /** Words as written in the reports and in the alias groups, with how often the reports use them. */
  private readonly surface = new Map<string, number>();
  /** Terms of alias words: on-topic even where the report does not use them. */
  private readonly aliasTerms = new Set<string>();

  constructor(
    readonly passages: readonly Passage[],
    private readonly lexicon: Lexicon,
  ) {
    for (const [doc, passage] of passages.entries()) {
      for (const w of words(passage.text)) this.surface.set(w, (this.surface.get(w) ?? 0) + 1);
      for (const w of words(passage.source.section)) this.surface.set(w, this.surface.get(w) ?? 1);
      const body = this.analyze(passage.text);
      const title = this.analyze(passage.source.section);
      this.lengths.push(body.length);
      this.docTerms.push(body);
      const counts = new Map<string, { doc: number; tf: number; title: number }>();
      const entry = (t: string) => {
        let e = counts.get(t);
        if (!e) {
          e = { doc, tf: 0, title: 0 };
          counts.set(t, e);
        }
        return e;
      };
      for (const t of body) entry(t).tf++;
      for (const t of title) entry(t).title = 1;
      for (const [term, e] of counts) {
        let list = this.postings.get(term);
        if (!list) {
          list = [];
          this.postings.set(term, list);
        }
        list.push(e);
      }
    }
    for (const group of lexicon.groups) {
      for (const member of group) {
        for (const w of words(member)) this.surface.set(w, this.surface.get(w) ?? 0);
        for (const t of this.analyze(member)) this.aliasTerms.add(t);
        for (const w of words(member)) if (!isStopword(w)) this.aliasTerms.add(stem(w));
      }
    }
    for (const [word, uses] of this.surface) {
      if (isStopword(word)) continue;
      const term = stem(word);
      const seen = this.surfaceOfTerm.get(term);
      if (!seen || uses > seen.uses) this.surfaceOfTerm.set(term, { word, uses });
    }
    const total = this.lengths.reduce((a, b) => a + b, 0);
    this.avgLength = total / Math.max(1, this.lengths.length);
    this.speller = new TypoRepairer(this.surface);
  }

  /** Index terms of a text: canonical aliases, stemmed, without stopwords. */
  analyze(text: string): string[] {
    const cached = this.analyzed.get(text);
    if (cached) return cached;
    const out: string[] = [];
    for (const word of words(this.lexicon.canonicalize(text))) if (!isStopword(word)) out.push(stem(word));
    if (text.length <= 120) {
      if (this.analyzed.size >= 10_000) this.analyzed.clear();
      this.analyzed.set(text, out);
    }
    return out;
  }

  private pairsOf(doc: number): Set<string> {
    let set = this.pairs[doc];
    if (!set) {
      const body = this.docTerms[doc] ?? [];
      this.pairs[doc] = set = new Set(body.slice(1).map((t, i) => pair(body[i]!, t)));
    }
    return set;
  }

  /** The passage's terms in reading order. */
  termsOf(doc: number): readonly string[] {
    return this.docTerms[doc] ?? [];
  }

  /** How the reports usually write a term ("companies" for "company"), or the term itself. */
  surfaceOf(term: string): string {
    return this.surfaceOfTerm.get(term)?.word ?? term;
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** A term the reports or the alias groups use, so a question holding it is on topic. */
  knows(term: string): boolean {
    return this.postings.has(term) || this.aliasTerms.has(term);
  }

  /**
   * A word as typed is the reports' own: written in them or in an alias, or stemming to an
   * indexed term. "shar" stems like "share" but is only half of the phrase "market share".
   */
  knowsWord(word: string): boolean {
    return this.surface.has(word) || this.postings.has(stem(word));
  }

  /** Inverse document frequency; an unseen term gets the highest value a term can have. */
  idf(term: string): number {
    const n = this.passages.length;
    const df = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** "shr" for "share": a short form made of a known word's letters, in order, from its first. */
  abbreviates(word: string): boolean {
    if (word.length > 4) return false;
    for (const known of this.surface.keys()) {
      if (known.length <= word.length || known[0] !== word[0]) continue;
      let i = 0;
      for (const ch of known) if (ch === word[i]) i++;
      if (i === word.length) return true;
    }
    return false;
  }

  /**
   * The known word a misspelt one was meant to be. Fuse proposes candidates; an edit
   * distance check confirms them, because Fuse's Bitap score also accepts a short word
   * found inside a long one, which is no typo. Typists rarely miss the first letter, and
   * requiring it keeps unrelated names ("Chile") from turning into report words ("while").
   */
  correct(word: string): string | undefined {
    return this.surface.has(word) ? undefined : this.speller.correct(word);
  }

  search(query: readonly QueryTerm[], limit = 8): Hit[] {
    const scores = new Map<number, Hit>();
    for (const { term, weight } of query) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const { doc, tf, title } of list) {
        const norm = tf + K1 * (1 - B + (B * (this.lengths[doc] ?? 0)) / this.avgLength);
        const body = (tf * (K1 + 1)) / norm;
        const gain = weight * idf * (body + TITLE_WEIGHT * title);
        let hit = scores.get(doc);
        if (!hit) {
          hit = { passage: this.passages[doc]!, score: 0, matched: new Set<string>() };
          scores.set(doc, hit);
        }
        hit.score += gain;
        hit.matched.add(term);
      }
    }
    const queryPairs = query.slice(1).map((t, i) => pair(query[i]!.term, t.term));
    for (const [doc, hit] of scores) {
      const together = queryPairs.filter((p) => this.pairsOf(doc).has(p)).length;
      hit.score *= 1 + PHRASE_BONUS * together;
    }
    return [...scores.values()].sort((a, b) => b.score - a.score || a.passage.id - b.passage.id).slice(0, limit);
  }
}

/** Word order varies between question and text ("controlled by Beijing", "China, which controls"). */
function pair(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}
