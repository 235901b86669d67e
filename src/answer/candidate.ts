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

/**
 * The `fit` a route gives when its own reading cannot measure it: priors in one place, each
 * scaled by a learned weight (the policy's fit:<kind> features), so only the ratios inside a route
 * matter. They say how far a route trusts a reading the question's form does not ask for.
 */
export const ROUTE_FIT = {
  /** A definition found without an expansion and apposition ("X, a …") is a weaker reading. */
  definitionLoose: 0.7,
  /** Timeline entries for a date the question names without asking "when" or for the timeline. */
  timelineUnasked: 0.5,
  /** The whole timeline for a question that asks for events but names no date. */
  timelineWhole: 0.8,
  /** A comparison, ranking or profile the question's form does not ask for: half its share. */
  tableUnasked: 0.5,
  /** A country's profile for a "what is X" question, which a definition answers better. */
  profileForDefinition: 0.5,
} as const;

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
