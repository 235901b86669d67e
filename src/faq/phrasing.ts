import { COMMON_WORD_RANK } from '../answer/question.ts';
import { sanitizeQuestion } from '../answer/sanitize.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { isMisspeltStopword, isStopword, words } from '../knowledge/text.ts';
import type { WordVectors } from '../semantic/wordVectors.ts';

/**
 * A question's content words as the engine reads them (src/answer/question.ts): chat markup
 * stripped, folded, aliases rewritten to their canonical terms, stopwords dropped, and a
 * mistyped question word ("wat", "teh") dropped unless the report or the curation uses it.
 * `knownWord` says whether the server's own curated phrasings use a word.
 */
export function contentWords(
  kb: KnowledgeBase,
  text: string,
  knownWord: (w: string) => boolean = () => false,
): string[] {
  const canonical = kb.lexicon.canonicalize(sanitizeQuestion(text));
  return words(canonical).filter(
    (w) => !isStopword(w) && (knownWord(w) || kb.index.knowsWord(w) || !isMisspeltStopword(w)),
  );
}

/**
 * The engine's typo repair against the report's vocabulary, with its guards: a word the
 * report knows, or a common English word, is meant as written.
 */
export function repairAgainstReport(kb: KnowledgeBase, word: string, vectors: WordVectors | undefined): string {
  if (kb.index.knowsWord(word) || (vectors?.rank(word) ?? Infinity) < COMMON_WORD_RANK) return word;
  const fixed = kb.index.correct(word);
  return fixed && !isStopword(fixed) ? fixed : word;
}
