import type { CuratedAnswer } from '../faq/record.ts';
import type { QuestionRecord } from '../insights/records.ts';

/**
 * How one driver hands over the columns whose type differs between the dialects; the tables
 * are otherwise the same, so both stores map their rows with the functions below.
 */
export interface ColumnReader {
  /** Epoch milliseconds: SQLite's INTEGER is a number, Postgres's BIGINT needs int8(). */
  millis(value: unknown, column: string): number;
  /** SQLite keeps a boolean as 0/1, Postgres as a boolean. */
  flag(value: unknown): boolean;
}

export interface CuratedRow {
  id: number;
  guild_id: string;
  phrasings: string;
  answer: string;
  created_at: unknown;
  updated_at: unknown;
}

export function toCurated(row: CuratedRow, read: ColumnReader): CuratedAnswer {
  return {
    id: row.id,
    guildId: row.guild_id,
    phrasings: JSON.parse(row.phrasings) as string[],
    answer: row.answer,
    createdAt: new Date(read.millis(row.created_at, 'created_at')),
    updatedAt: new Date(read.millis(row.updated_at, 'updated_at')),
  };
}

export interface QuestionRow {
  id: string;
  guild_id: string;
  question: string;
  answered: unknown;
  kind: string;
  source: string | null;
  at: unknown;
}

export function toQuestion(row: QuestionRow, read: ColumnReader): QuestionRecord {
  return {
    id: row.id,
    guildId: row.guild_id,
    question: row.question,
    answered: read.flag(row.answered),
    kind: row.kind,
    ...(row.source === null ? {} : { source: row.source }),
    at: new Date(read.millis(row.at, 'at')),
  };
}
