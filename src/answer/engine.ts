import { monthName } from '../knowledge/dates.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { loadKnowledgeBase } from '../knowledge/loadKnowledge.ts';
import { sharedWordVectors, type WordVectors } from '../semantic/wordVectors.ts';
import { compose, NOT_COVERED, refusal } from './compose.ts';
import { decide, type Examined, examine } from './decide.ts';
import { bareNameQuestion, STRAY_REPLY, strayIntent } from './intent.ts';
import { type Policy, sharedPolicy } from './policy.ts';
import { propose } from './propose/index.ts';
import { analyzeQuestion, type Question } from './question.ts';
import { sanitizeQuestion } from './sanitize.ts';
import type { Answer } from './types.ts';
import { rejectInput } from './validate.ts';

export { NOT_COVERED, NOT_SAID } from './compose.ts';

export interface AnswerEngine {
  readonly kb: KnowledgeBase;
  answer(question: string): Answer;
}

export interface EngineParts {
  policy?: Policy;
  vectors?: WordVectors;
}

export function createAnswerEngine(kb: KnowledgeBase = loadKnowledgeBase(), parts: EngineParts = {}): AnswerEngine {
  const policy = parts.policy ?? sharedPolicy();
  const vectors = parts.vectors ?? sharedWordVectors();
  return { kb, answer: (question) => runPipeline(kb, question, policy, vectors) };
}

/**
 * analyse → propose → decide → compose. Every route proposes candidates; the learned
 * policy ranks them and decides whether the best one answers or the report is silent.
 */
export function runPipeline(
  kb: KnowledgeBase,
  raw: string,
  policy: Policy = sharedPolicy(),
  vectors: WordVectors | undefined = sharedWordVectors(),
): Answer {
  const text = sanitizeQuestion(raw);
  const invalid = rejectInput(raw, text);
  if (invalid) return refusal(kb, text.slice(0, 200), invalid, 'invalid');
  // The raw text too: sanitising drops '*' as Markdown, and "15*3" is a sum.
  const stray = strayIntent(raw) ?? strayIntent(text);
  if (stray) return refusal(kb, text, STRAY_REPLY[stray], 'not-covered');
  const examined = examineQuestion(kb, bareNameQuestion(text) ?? text, vectors);
  if (!examined.candidates) return refusal(kb, text, examined.refusal, 'not-covered', examined.q);
  return compose(kb, examined.q, decide(examined.candidates, policy));
}

/**
 * The first two stages, shared with training: the analysed question and its described
 * candidates, or why there can be none.
 */
export function examineQuestion(
  kb: KnowledgeBase,
  text: string,
  vectors: WordVectors | undefined,
): { q: Question; candidates?: Examined; refusal: string } {
  const q = analyzeQuestion(kb, text, vectors);
  const missing = missingMonth(kb, q);
  if (missing) return { q, refusal: missing };
  if (
    q.terms.length === 0 &&
    q.dates.length === 0 &&
    q.months.length === 0 &&
    !q.wantsTimeline &&
    !q.overview &&
    !q.threshold
  )
    return { q, refusal: NOT_COVERED };
  return { q, candidates: examine(kb, q, propose(kb, q), vectors), refusal: NOT_COVERED };
}

/** A month the timeline lacks: a passage naming only that year would not answer for the month. */
function missingMonth(kb: KnowledgeBase, q: Question): string | undefined {
  const month = q.dates.find((d) => d.month !== undefined);
  if (!(month || q.months.length > 0) || !(q.when || q.wantsTimeline) || kb.timeline.length === 0) return undefined;
  const asked = month ? { year: month.year, month: month.month } : { month: q.months[0]! };
  if (kb.timeline.some((e) => e.date.month === asked.month && (asked.year === undefined || e.date.year === asked.year)))
    return undefined;
  const first = kb.timeline[0]!;
  const last = kb.timeline[kb.timeline.length - 1]!;
  const label = asked.year ? `${monthName(asked.month!)} ${asked.year}` : monthName(asked.month!);
  return `The report's timeline has no entry for ${label}; it runs from ${first.label} to ${last.label}.`;
}
