import type { KnowledgeBase } from '../../knowledge/knowledgeBase.ts';
import type { Hit } from '../../knowledge/searchIndex.ts';
import type { Passage } from '../../knowledge/types.ts';
import { clip } from '../../text/clip.ts';
import type { Candidate } from '../candidate.ts';
import { sentenceBefore } from '../features.ts';
import type { Question } from '../question.ts';
import { ANSWER_MAX } from '../types.ts';

/**
 * How many sentences the policy chooses among. BM25 puts the right one in its top 8 nine
 * times in ten; held out, 16 ranked better than 8 or 12 and as well as 20.
 */
export const PASSAGE_CANDIDATES = 16;
/** How many hits feed the paragraph-level score, so a paragraph's other sentences count too. */
const PARAGRAPH_POOL = 60;
/** A sentence shorter than this usually leans on the next one ("These samples …"). */
const SHORT_SENTENCE = 100;

/** The sentences (and table rows written out) that share words with the question. */
export function passageCandidates(kb: KnowledgeBase, q: Question): Candidate[] {
  const pool = kb.index.search(q.terms, PARAGRAPH_POOL);
  if (pool.length === 0) return [];
  const byParagraph = new Map<string, number>();
  for (const hit of pool)
    byParagraph.set(paragraphKey(hit.passage), (byParagraph.get(paragraphKey(hit.passage)) ?? 0) + hit.score);
  const topParagraph = Math.max(...byParagraph.values());
  const top = pool[0]!.score;
  return pool
    .slice(0, PASSAGE_CANDIDATES)
    .map((hit) =>
      passageCandidate(kb, hit, hit.score / top, byParagraph.get(paragraphKey(hit.passage))! / topParagraph),
    );
}

function passageCandidate(kb: KnowledgeBase, hit: Hit, retrieval: number, paragraph: number): Candidate {
  const { passage } = hit;
  return {
    kind: passage.kind === 'row' ? 'row' : 'passage',
    fit: 0,
    retrieval,
    paragraph,
    draft: { text: withContext(kb, passage), source: passage.source, kind: 'passage', passage },
  };
}

function paragraphKey(p: Passage): string {
  return `${p.reportId}|${p.source.section}|${p.paragraph}`;
}

/** A sentence that introduces what follows: a quote ("…said:") or a list ("…include:"). */
const INTRODUCES =
  /(:|\b(said|says|noted|added|warned|explained|include|includes|including|are|were|following|as follows))\s*:?\s*$/i;
/** A sentence that carries on from the one before ("It …", "These samples …", "He added …"). */
const CONTINUES =
  /^(it|its|they|their|them|this|these|those|he|his|she|her|such|the latter|the former|that|there|both|also|but|however)\b/i;

/**
 * A sentence read alone can lose what it points at: one that introduces a quote or a list
 * takes the sentence after it, as does a short one, and a sentence the next one continues
 * ("… He added that …") takes that one too, while the whole fits in a reply.
 */
export function withContext(kb: KnowledgeBase, passage: Passage): string {
  if (passage.kind !== 'prose') return clip(passage.text, ANSWER_MAX);
  const next = kb.passages[passage.id + 1];
  const follows =
    next?.kind === 'prose' &&
    sentenceBefore(kb, next) === passage &&
    passage.text.length + next.text.length < ANSWER_MAX;
  if (
    follows &&
    (passage.text.length < SHORT_SENTENCE || INTRODUCES.test(passage.text) || CONTINUES.test(next.text.trim()))
  )
    return `${passage.text} ${next.text}`;
  return clip(passage.text, ANSWER_MAX);
}
