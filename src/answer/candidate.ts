import type { Passage, Source } from '../knowledge/types.ts';
import { clip } from '../text/clip.ts';
import { ANSWER_MAX, type AnswerKind, type AnswerTable } from './types.ts';

/** Where a candidate came from; the policy learns how far to trust each route. */
export const CANDIDATE_KINDS = [
  'passage',
  'row',
  'timeline',
  'cell',
  'comparison',
  'filter',
  'overview',
  'profile',
  'brief',
  'definition',
] as const;
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

/** What a candidate would say if chosen, before the reply is composed around it. */
export interface Draft {
  text: string;
  source: Source;
  kind: AnswerKind;
  table?: AnswerTable;
  /** The answering part (a date, figure or name) that renderers show in bold. */
  focus?: string;
  /** The sentence behind a passage answer, for related links and follow-ups. */
  passage?: Passage;
}

/** One possible answer, proposed by a route and scored by the policy. */
export interface Candidate {
  kind: CandidateKind;
  draft: Draft;
  /**
   * How much of the question the route itself accounts for (0–1): the row and column for
   * a cell, the dates for a timeline entry. Passages leave it at 0; their words speak.
   */
  fit: number;
  /** The retrieval score behind a passage, relative to the best passage (0–1). */
  retrieval?: number;
  /** How strongly the passage's paragraph as a whole matches, relative to the best (0–1). */
  paragraph?: number;
}

/** A draft with its text kept to what a reader sees first. */
export function draft(parts: Draft): Draft {
  return { ...parts, text: clip(parts.text, ANSWER_MAX) };
}
