import type { KnowledgeBase } from '../../knowledge/knowledgeBase.ts';
import type { Candidate } from '../candidate.ts';
import type { Question } from '../question.ts';
import { definitionCandidates } from './definition.ts';
import { overviewCandidates } from './overview.ts';
import { passageCandidates } from './passages.ts';
import { tableCandidates } from './tables.ts';
import { timelineCandidates } from './timeline.ts';

/** Every route proposes; none decides. The policy weighs them all in decide.ts. */
export function propose(kb: KnowledgeBase, q: Question): Candidate[] {
  return [
    ...timelineCandidates(kb, q),
    ...tableCandidates(kb, q),
    ...definitionCandidates(kb, q),
    ...overviewCandidates(kb, q),
    ...passageCandidates(kb, q),
  ];
}
