import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { clip } from '../text/clip.ts';
import { typedSpan } from './answerType.ts';
import { notSaid } from './constraints.ts';
import type { Decision, Scored } from './decide.ts';
import type { Question } from './question.ts';
import { suggestQuestions } from './suggestions.ts';
import type { Answer, Related } from './types.ts';

export const NOT_COVERED = "The report doesn't cover that.";
export const NOT_SAID = "The report doesn't say.";
/** How many other places a reply points to. */
const RELATED_LIMIT = 2;
/** Share of the question's words the best candidate must hold to be offered as "the closest it comes". */
const CLOSEST_MIN_COVERAGE = 0.5;

/** The reply for a decision: the chosen draft with its sources, or an honest refusal. */
export function compose(kb: KnowledgeBase, q: Question, decision: Decision): Answer {
  const [best] = decision.ranked;
  if (decision.verdict === 'answer' && best) {
    const { draft } = best.candidate;
    return {
      question: q.text,
      answered: true,
      text: draft.text,
      source: draft.source,
      confidence: round(decision.probability),
      kind: draft.kind,
      related: related(decision.ranked.slice(1), draft.text),
      suggestions: [],
      table: draft.table,
      focus: draft.focus && draft.text.includes(draft.focus) ? draft.focus : typedSpan(q.expects, draft.text, q.text),
      passageId: draft.passage?.id,
    };
  }
  const closest =
    decision.verdict === 'not-covered' &&
    decision.ranked.find((s) => s.candidate.draft.passage && s.features[0]! >= CLOSEST_MIN_COVERAGE);
  // When the best candidate was ruled out by what the question pins down, say what that was.
  const said =
    best && best.unmet.length > 0 && decision.verdict === 'not-covered' ? notSaid(q.text, best.unmet) : undefined;
  if (closest) {
    const text = clip(closest.candidate.draft.passage!.text, 300);
    return refusal(
      kb,
      q.text,
      `${said ?? NOT_SAID} The closest it comes: “${text}”`,
      'not-covered',
      q,
      [{ text, source: closest.candidate.draft.source }],
      decision.probability,
    );
  }
  return refusal(kb, q.text, said ?? NOT_COVERED, 'not-covered', q, [], decision.probability);
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

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
