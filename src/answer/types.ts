import type { Source } from '../knowledge/types.ts';

export type AnswerKind =
  | 'passage'
  | 'cell'
  | 'profile'
  | 'comparison'
  | 'filter'
  | 'timeline'
  | 'table'
  | 'summary'
  | 'definition'
  | 'not-covered'
  | 'invalid';

export interface Related {
  text: string;
  source: Source;
}

/** Rows behind a structured answer, for adapters that can show them as fields or a grid. */
export interface AnswerTable {
  title: string;
  columns: string[];
  rows: string[][];
}

export interface Answer {
  question: string;
  answered: boolean;
  /** What a reader sees first: at most about 400 characters, in the report's own words. */
  text: string;
  source: Source | null;
  /** 0–1: how much of the question the answer's source accounts for. */
  confidence: number;
  kind: AnswerKind;
  related: Related[];
  /** Questions the report can answer, offered when this one missed. */
  suggestions: string[];
  table?: AnswerTable;
  /** The answering part of `answer` (a date, figure or name), which renderers may show in bold. */
  focus?: string;
  /** The sentence a passage answer starts from, so a follow-up can read on from it. */
  passageId?: number;
  /**
   * The top candidates' own text and source, best first, for a generated answer to cite
   * (src/generate/). Set for answers and for "the closest it comes"; never shown as it is.
   */
  evidence?: Related[];
}

export const ANSWER_MAX = 400;
