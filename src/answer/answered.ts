import { clip } from '../knowledge/text.ts';
import type { Question } from './question.ts';
import { ANSWER_MAX, type Answer } from './types.ts';

export type AnsweredParts = Pick<Answer, 'answer' | 'source' | 'kind'> & Partial<Pick<Answer, 'confidence' | 'related' | 'table'>>;

/** An answer found: the parts every route shares are filled in once, and the text kept to ANSWER_MAX. */
export function answered(q: Question, parts: AnsweredParts): Answer {
  return {
    question: q.text,
    answered: true,
    related: [],
    suggestions: [],
    confidence: 0.95,
    ...parts,
    answer: clip(parts.answer, ANSWER_MAX),
  };
}
