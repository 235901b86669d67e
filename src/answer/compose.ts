import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { clip } from '../text/clip.ts';
import { typedSpan } from './answerType.ts';
import type { Draft } from './candidate.ts';
import { notSaid } from './constraints.ts';
import type { Decision, Scored } from './decide.ts';
import { COVERAGE, sentenceBefore } from './features.ts';
import type { Question } from './question.ts';
import { suggestQuestions } from './suggestions.ts';
import type { Answer, Related } from './types.ts';

export const NOT_COVERED = "The report doesn't cover that.";
export const NOT_SAID = "The report doesn't say.";
/** How many other places a reply points to. */
const RELATED_LIMIT = 2;
/**
 * Share of the question's words a passage must hold to be offered as "the closest it comes":
 * below half, the nearest sentence is more often about something else than near the question,
 * and a bare "doesn't cover that" with suggestions serves the member better.
 */
const CLOSEST_MIN_COVERAGE = 0.5;
/** Two neighbouring sentences are joined into one answer up to this many characters. */
const JOINED_MAX = 400;
/** Candidates kept as evidence for a generated answer; src/generate/ trims them to its token budget. */
const EVIDENCE_LIMIT = 6;

/** The reply for a decision: the chosen draft with its sources, or an honest refusal. */
export function compose(kb: KnowledgeBase, q: Question, decision: Decision): Answer {
  const [best] = decision.ranked;
  if (decision.verdict === 'answer' && best) {
    const { draft } = best.candidate;
    const text = joinNeighbour(kb, best, decision.ranked[1]) ?? draft.text;
    return answerOf(q.text, { ...draft, text }, decision.probability, {
      related: related(decision.ranked.slice(1), text),
      focus: draft.focus && text.includes(draft.focus) ? draft.focus : typedSpan(q.expects, text, q.text),
      evidence: evidence(decision.ranked),
    });
  }
  const closest =
    decision.verdict === 'not-covered' &&
    decision.ranked.find((s) => s.candidate.draft.passage && s.features[COVERAGE]! >= CLOSEST_MIN_COVERAGE);
  // When the best candidate was ruled out by what the question pins down, say what that was.
  const said =
    best && best.unmet.length > 0 && decision.verdict === 'not-covered' ? notSaid(q.text, best.unmet) : undefined;
  if (closest) {
    const text = clip(closest.candidate.draft.passage!.text, 300);
    return {
      ...refusal(
        kb,
        q.text,
        `${said ?? NOT_SAID} The closest it comes: “${text}”`,
        'not-covered',
        q,
        [{ text, source: closest.candidate.draft.source }],
        decision.probability,
      ),
      evidence: evidence(decision.ranked),
    };
  }
  return refusal(kb, q.text, said ?? NOT_COVERED, 'not-covered', q, [], decision.probability);
}

/**
 * The one shape of an answer that says a draft, whoever chose the draft: the engine's decision
 * here, or the follow-up reader (src/conversation/resolve.ts) spelling out "and Japan?".
 */
export function answerOf(
  question: string,
  draft: Draft,
  confidence: number,
  more: Partial<Pick<Answer, 'related' | 'focus' | 'evidence'>> = {},
): Answer {
  return {
    question,
    answered: true,
    text: draft.text,
    source: draft.source,
    confidence: round(confidence),
    kind: draft.kind,
    related: more.related ?? [],
    suggestions: [],
    table: draft.table,
    focus: more.focus ?? draft.focus,
    passageId: draft.passage?.id,
    ...(more.evidence ? { evidence: more.evidence } : {}),
  };
}

/** A plain "not given" with nothing to suggest: the follow-up reader's answer when a table lacks the row asked for. */
export function notGiven(text: string, question: string): Answer {
  return {
    question,
    answered: false,
    text,
    source: null,
    confidence: 0,
    kind: 'not-covered',
    related: [],
    suggestions: [],
  };
}

export function refusal(
  kb: KnowledgeBase,
  question: string,
  message: string,
  kind: 'invalid' | 'not-covered',
  q?: Question,
  relatedTo: Related[] = [],
  probability = 0,
): Answer {
  return {
    question,
    answered: false,
    text: message,
    source: null,
    confidence: round(probability),
    kind,
    related: relatedTo,
    suggestions: suggestQuestions(kb, q),
  };
}

/**
 * When the two best candidates are neighbouring sentences of one paragraph, the answer is
 * often split between them: both, in the report's order, while they fit in a reply.
 */
function joinNeighbour(kb: KnowledgeBase, best: Scored, second: Scored | undefined): string | undefined {
  const a = best.candidate.draft.passage;
  const b = second?.candidate.draft.passage;
  if (!a || !b || a.kind !== 'prose' || b.kind !== 'prose') return undefined;
  const [first, then] = a.id < b.id ? [best, second!] : [second!, best];
  if (sentenceBefore(kb, then.candidate.draft.passage!) !== first.candidate.draft.passage) return undefined;
  const firstText = first.candidate.draft.text;
  const thenText = then.candidate.draft.text;
  // A draft may already hold its neighbour (withContext); then it is the whole answer.
  if (firstText.includes(thenText)) return firstText;
  const joined = `${firstText} ${thenText}`;
  return joined.length <= JOINED_MAX ? joined : undefined;
}

/** Other sentences that bear on the question, from other places than the answer. */
function related(rest: readonly Scored[], answer: string): Related[] {
  const out: Related[] = [];
  for (const { candidate } of rest) {
    const p = candidate.draft.passage;
    if (
      !p ||
      p.sectionKind === 'disclaimer' ||
      answer.includes(p.text) ||
      out.some((r) => r.text === clip(p.text, 200))
    )
      continue;
    out.push({ text: clip(p.text, 200), source: p.source });
    if (out.length >= RELATED_LIMIT) break;
  }
  return out;
}

/** The best candidates' drafts, each once, in the ranker's order. */
function evidence(ranked: readonly Scored[]): Related[] {
  const out: Related[] = [];
  for (const { candidate } of ranked) {
    const { text, source } = candidate.draft;
    if (out.some((e) => e.text === text)) continue;
    out.push({ text, source });
    if (out.length >= EVIDENCE_LIMIT) break;
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
