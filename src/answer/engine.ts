import { monthName } from '../knowledge/dates.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { loadKnowledgeBase } from '../knowledge/loadKnowledge.ts';
import { MIN_COVERAGE, MIN_MATCHED_SHARE, passageAnswer, rankPassages, relatedPassages } from './passageAnswer.ts';
import { analyzeQuestion, type Question } from './question.ts';
import { sanitizeQuestion } from './sanitize.ts';
import { suggestQuestions } from './suggestions.ts';
import { overviewAnswer } from './overview.ts';
import { cellAnswer, comparisonAnswer, filterAnswer, profileAnswer } from './tableAnswers.ts';
import { cellOf, matchColumns, type ColumnMatch } from './tables.ts';
import { timelineAnswer, timelineEntriesFor } from './timelineAnswer.ts';
import type { Answer } from './types.ts';
import { rejectInput } from './validate.ts';

export const NOT_COVERED = "The report doesn't cover that.";

export interface AnswerEngine {
  readonly kb: KnowledgeBase;
  answer(question: string): Answer;
}

export function createAnswerEngine(kb: KnowledgeBase = loadKnowledgeBase()): AnswerEngine {
  return { kb, answer: (question) => answerQuestion(kb, question) };
}

/**
 * Route a question to the part of the report that holds its answer: the timeline for
 * dates, table cells for a country's figures, passages for everything else.
 */
export function answerQuestion(kb: KnowledgeBase, raw: string): Answer {
  const text = sanitizeQuestion(raw);
  const invalid = rejectInput(raw, text);
  if (invalid) return refusal(kb, text.slice(0, 200), invalid, 'invalid');

  const q = analyzeQuestion(kb, text);
  if (q.terms.length === 0 && q.dates.length === 0 && q.months.length === 0 && !q.wantsTimeline) {
    return refusal(kb, text, NOT_COVERED, 'not-covered', q);
  }
  const structured = structuredAnswer(kb, q);
  if (structured) return structured.answered ? withRelated(kb, q, structured) : structured;

  const ranked = rankPassages(kb, q);
  if (ranked.hits.length === 0 || q.coverage < MIN_COVERAGE || ranked.matchedShare < MIN_MATCHED_SHARE) {
    return refusal(kb, text, NOT_COVERED, 'not-covered', q);
  }
  return passageAnswer(kb, q, ranked);
}

function structuredAnswer(kb: KnowledgeBase, q: Question): Answer | undefined {
  // Off-topic words ("capital of Japan") mean the tables do not hold the answer either.
  if (q.coverage < MIN_COVERAGE) return undefined;
  const entries = timelineEntriesFor(kb, q);
  if (entries) return timelineAnswer(q, entries, 0.95);
  const month = q.dates.find((d) => d.month !== undefined);
  if ((month || q.months.length > 0) && (q.when || q.wantsTimeline) && kb.timeline.length > 0) {
    // Only the year would reach the passages, and any passage naming that year is not an answer for the month.
    const asked = month ? `${monthName(month.month!)} ${month.year}` : monthName(q.months[0]!);
    const first = kb.timeline[0]!;
    const last = kb.timeline[kb.timeline.length - 1]!;
    return refusal(kb, q.text, `The report's timeline has no entry for ${asked}; it runs from ${first.label} to ${last.label}.`, 'not-covered', q);
  }

  const termSet = new Set(q.terms.map((t) => t.term));
  const columns = matchColumns(kb, termSet);
  const residual = residualWeight(kb, q, columns);

  if (q.entities.length >= 2 && (q.compare || (columns.length > 0 && residual < 1.5))) {
    return comparisonAnswer(q, q.entities, columns);
  }
  if ((q.which || q.superlative) && q.entities.length === 0) {
    const filtered = filterAnswer(kb, q, columns);
    if (filtered) return filtered;
  }
  const [entity] = q.entities;
  if (entity && columns.length > 0 && residual < 1.5) {
    const cell = cellAnswer(q, entity, columns);
    if (cell) return cell;
  }
  const overview = overviewAnswer(kb, q);
  if (overview) return overview;
  if (entity && q.entities.length === 1 && residual === 0 && columns.length === 0) return profileAnswer(q, entity);
  return undefined;
}

/** The weight of question terms that name no entity, no column and no value of those columns. */
function residualWeight(kb: KnowledgeBase, q: Question, columns: ColumnMatch[]): number {
  const named = new Set(columns.flatMap((c) => c.matched));
  for (const e of q.entities) {
    for (const n of e.names) for (const t of kb.index.analyze(n)) named.add(t);
  }
  // A value of a named column ("advanced" processing) says what is asked about that column.
  for (const c of columns) for (const e of kb.entities) for (const t of kb.index.analyze(cellOf(e, c.column)?.cell.value ?? '')) named.add(t);
  return q.terms.filter((t) => !named.has(t.term)).reduce((s, t) => s + t.weight * kb.index.idf(t.term), 0);
}

function withRelated(kb: KnowledgeBase, q: Question, answer: Answer): Answer {
  const hits = kb.index.search(q.terms, 6).filter((h) => h.passage.source.section !== answer.source?.section);
  return { ...answer, related: relatedPassages(hits, undefined, 2) };
}

function refusal(kb: KnowledgeBase, question: string, message: string, kind: 'invalid' | 'not-covered', q?: Question): Answer {
  return {
    question,
    answered: false,
    answer: message,
    source: null,
    confidence: 0,
    kind,
    related: [],
    suggestions: suggestQuestions(kb, q),
  };
}
