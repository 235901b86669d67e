import type { PostRecord, PostStatus, Schedule } from '../daily/domain/schedule.ts';
import type { CuratedAnswer } from '../faq/record.ts';
import type { FollowedThread, HandoffRecord, LoopCounts, ThreadKind } from '../handoff/store.ts';
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

export interface ScheduleRow {
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  paused: unknown;
  pause_reason: string | null;
  created_at: unknown;
  updated_at: unknown;
}

export function toSchedule(row: ScheduleRow, read: ColumnReader): Schedule {
  const schedule: Schedule = {
    guildId: row.guild_id,
    channelId: row.channel_id,
    time: row.time,
    timezone: row.timezone,
    paused: read.flag(row.paused),
    createdAt: new Date(read.millis(row.created_at, 'created_at')),
    updatedAt: new Date(read.millis(row.updated_at, 'updated_at')),
  };
  if (row.pause_reason !== null) schedule.pauseReason = row.pause_reason;
  return schedule;
}

export interface PostRow {
  guild_id: string;
  local_date: string;
  status: PostStatus;
  claimed_at: unknown;
  finished_at: unknown;
  message_id: string | null;
  error: string | null;
  attempts: number;
  owner: string;
  next_attempt_at: unknown;
  lease_until: unknown;
}

export function toPost(row: PostRow, read: ColumnReader): PostRecord {
  const optional = (value: unknown, column: string) =>
    value === null ? undefined : new Date(read.millis(value, column));
  const post: PostRecord = {
    guildId: row.guild_id,
    localDate: row.local_date,
    status: row.status,
    claimedAt: new Date(read.millis(row.claimed_at, 'claimed_at')),
    attempts: row.attempts,
    owner: row.owner,
  };
  const finishedAt = optional(row.finished_at, 'finished_at');
  const nextAttemptAt = optional(row.next_attempt_at, 'next_attempt_at');
  const leaseUntil = optional(row.lease_until, 'lease_until');
  if (finishedAt) post.finishedAt = finishedAt;
  if (row.message_id !== null) post.messageId = row.message_id;
  if (row.error !== null) post.error = row.error;
  if (nextAttemptAt) post.nextAttemptAt = nextAttemptAt;
  // A lease means something only while the post is claimed.
  if (leaseUntil && row.status === 'claimed') post.leaseUntil = leaseUntil;
  return post;
}

export interface HandoffRow {
  id: string;
  guild_id: string;
  asker_id: string;
  question: string;
  thread_id: string | null;
  created_at: unknown;
  first_answer_at: unknown;
  saved_at: unknown;
}

export function toHandoff(row: HandoffRow, read: ColumnReader): HandoffRecord {
  const when = (value: unknown, column: string) =>
    value === null || value === undefined ? undefined : new Date(read.millis(value, column));
  const firstAnswerAt = when(row.first_answer_at, 'first_answer_at');
  const savedAt = when(row.saved_at, 'saved_at');
  return {
    id: row.id,
    guildId: row.guild_id,
    askerId: row.asker_id,
    question: row.question,
    ...(row.thread_id ? { threadId: row.thread_id } : {}),
    createdAt: new Date(read.millis(row.created_at, 'created_at')),
    ...(firstAnswerAt ? { firstAnswerAt } : {}),
    ...(savedAt ? { savedAt } : {}),
  };
}

export interface BotThreadRow {
  thread_id: string;
  guild_id: string;
  asker_id: string;
  kind: string;
  created_at: unknown;
  other_replied_at: unknown;
  resolved_at: unknown;
}

const THREAD_KINDS: readonly ThreadKind[] = ['handoff', 'forum', 'answer'];

export function toFollowedThread(row: BotThreadRow, read: ColumnReader): FollowedThread {
  const when = (value: unknown, column: string) =>
    value === null || value === undefined ? undefined : new Date(read.millis(value, column));
  const otherRepliedAt = when(row.other_replied_at, 'other_replied_at');
  const resolvedAt = when(row.resolved_at, 'resolved_at');
  return {
    threadId: row.thread_id,
    guildId: row.guild_id,
    askerId: row.asker_id,
    // A kind a newer bot wrote is read as an answer thread: followed, never a hand-off.
    kind: THREAD_KINDS.includes(row.kind as ThreadKind) ? (row.kind as ThreadKind) : 'answer',
    createdAt: new Date(read.millis(row.created_at, 'created_at')),
    ...(otherRepliedAt ? { otherRepliedAt } : {}),
    ...(resolvedAt ? { resolvedAt } : {}),
  };
}

/** The loop's counts from the rows both dialects read alike. */
export function toLoopCounts(
  handoffs: Array<{ created_at: unknown; first_answer_at: unknown; saved_at: unknown }>,
  resolved: number,
  read: ColumnReader,
): LoopCounts {
  const answered = handoffs.filter((h) => h.first_answer_at !== null && h.first_answer_at !== undefined);
  return {
    handoffs: handoffs.length,
    answered: answered.length,
    firstAnswerMs: answered.map(
      (h) => read.millis(h.first_answer_at, 'first_answer_at') - read.millis(h.created_at, 'created_at'),
    ),
    saved: handoffs.filter((h) => h.saved_at !== null && h.saved_at !== undefined).length,
    resolved,
  };
}
