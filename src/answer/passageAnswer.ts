import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { Hit } from '../knowledge/searchIndex.ts';
import { clip } from '../knowledge/text.ts';
import type { Passage } from '../knowledge/types.ts';
import type { Question } from './question.ts';
import { answered } from './answered.ts';
import { ANSWER_MAX, type Answer, type Related } from './types.ts';

/** A passage must account for at least this share of the question's weight to answer it. */
export const MIN_MATCHED_SHARE = 0.5;
/** The question's words must be mostly words the reports use at all. */
export const MIN_COVERAGE = 0.7;
/** How much more a capitalised name in the question weighs than its other words. */
const NAME_WEIGHT = 1.5;

const DATED = /\b(1[89]\d\d|20\d\d)\b|\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/;

export interface Ranked {
  /** Passages that can answer, best first. */
  hits: Hit[];
  /** Every passage that shares a term with the question, for "related" links. */
  all: Hit[];
  /** Share of the question's weight that the best passage matches (0–1). */
  matchedShare: number;
}

export function rankPassages(kb: KnowledgeBase, q: Question): Ranked {
  const hits = kb.index.search(q.terms, 12);
  const asksDisclaimer = q.terms.some((t) => t.term === 'disclaimer');
  for (const hit of hits) {
    // A disclaimer answers questions about itself, but should not outrank a finding.
    if (hit.passage.sectionKind === 'disclaimer' && !asksDisclaimer) hit.score *= 0.6;
    if (q.when && DATED.test(hit.passage.text)) hit.score *= 1.6;
    // Rows state facts, not reasons.
    if (q.explains && hit.passage.kind === 'row') hit.score *= 0.7;
  }
  hits.sort((a, b) => b.score - a.score || a.passage.id - b.passage.id);
  // A passage naming only the question's subject says nothing about what was asked of it
  // ("When was IREL founded?" against a sentence that merely mentions IREL).
  const all = [...hits];
  const asked = q.terms.filter((t) => !q.names.has(t.term));
  if (asked.length > 0) {
    const relevant = hits.filter((h) => asked.some((t) => h.matched.has(t.term)));
    hits.splice(0, hits.length, ...relevant);
  }
  const top = hits[0];
  // Named things are the subject of the question, so a passage missing them misses more.
  const weight = (term: string, w: number) => w * kb.index.idf(term) * (q.names.has(term) ? NAME_WEIGHT : 1);
  const total = q.terms.reduce((s, t) => s + weight(t.term, t.weight), 0);
  const matched = top ? q.terms.filter((t) => top.matched.has(t.term)).reduce((s, t) => s + weight(t.term, t.weight), 0) : 0;
  return { hits, all, matchedShare: total === 0 ? 0 : matched / total };
}

export function passageAnswer(kb: KnowledgeBase, q: Question, ranked: Ranked): Answer {
  const top = ranked.hits[0]!;
  return answered(q, {
    answer: withContext(kb, top.passage),
    source: top.passage.source,
    confidence: round(Math.min(1, ranked.matchedShare * q.coverage + 0.1)),
    kind: 'passage',
    related: relatedPassages(ranked.all, top.passage),
  });
}

/** A short sentence often leans on the next one ("These samples …"), so include it when there is room. */
function withContext(kb: KnowledgeBase, passage: Passage): string {
  if (passage.kind !== 'prose' || passage.text.length >= 100) return clip(passage.text, ANSWER_MAX);
  const next = kb.passages[passage.id + 1];
  if (next && next.paragraph === passage.paragraph && next.source === passage.source && passage.text.length + next.text.length < ANSWER_MAX) {
    return `${passage.text} ${next.text}`;
  }
  return passage.text;
}

export function relatedPassages(hits: readonly Hit[], exclude?: Passage, limit = 3): Related[] {
  const out: Related[] = [];
  for (const hit of hits) {
    if (out.length >= limit) break;
    if (hit.passage === exclude || hit.passage.sectionKind === 'disclaimer') continue;
    out.push({ text: clip(hit.passage.text, 200), source: hit.passage.source });
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
