import pg from 'pg';
import type { CuratedAnswer } from '../../faq/record.ts';
import type { FaqStore } from '../../faq/store.ts';
import type { ForumStore } from '../../forum/store.ts';
import { type AnswerMode, readAnswerMode } from '../../generate/modeStore.ts';
import type { QuestionRecord, Vote, VoteRecord, VoteSeen } from '../../insights/records.ts';
import type { InsightsStore } from '../../insights/store.ts';
import { scrubSecrets } from '../../logger.ts';
import type { AskSettingsStore, StoredAskSettings } from '../../settings/store.ts';
import { DEFAULT_POLICY } from '../domain/plan.ts';
import type { ErrorRecord, PostRecord, PostResult, PostStatus, Schedule, ScheduleInput } from '../domain/schedule.ts';
import type { ColumnReader, CuratedRow, QuestionRow } from './rows.ts';
import { toCurated, toQuestion } from './rows.ts';
import type { ClaimMode, ClaimSeen, ScheduleStore } from './store.ts';
import { StoreOpenError } from './store.ts';

/**
 * What the store needs of a Postgres connection: node-postgres (`pg.Pool`, through
 * poolDatabase) and PGlite both fit, so the same SQL runs in production and in every test run.
 */
export interface SqlConnection {
  /** One statement, with $1… parameters. */
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** A script of several statements without parameters (a migration step). */
  exec(sql: string): Promise<unknown>;
}

export interface SqlDatabase extends SqlConnection {
  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlConnection) => Promise<T>): Promise<T>;
}

/** Every Postgres setting the bot chooses, in one place. */
export const POSTGRES_SETTINGS = {
  /** Connections per process: ticks are serial, so a few cover /daily commands alongside them. */
  maxConnections: 5,
  /** Start-up fails after this rather than hang when the server does not answer. */
  connectTimeoutMs: 10_000,
  /** Taken inside the migration transaction; processes starting together migrate one at a time. */
  migrationLockName: 'report-bot:daily-store-migrations',
  migrationsTable: 'daily_schema_migrations',
} as const;

export interface PgMigration {
  /** Numbered as the SQLite steps are (migrations.ts), so a version means the same schema in both. */
  version: number;
  description: string;
  sql: string;
}

/**
 * Ordered schema steps. A fresh database starts at the SQLite schema's v3 in one step, as there
 * were never Postgres databases at v1 or v2. Append new steps; never edit one that has shipped.
 * Times are epoch milliseconds in BIGINT, as in SQLite, so a claim's compare-and-swap on
 * claimed_at is exact; ids are TEXT, as snowflakes overflow a double.
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 3,
    description: "schedules, posts with claim leases and the 'unconfirmed' status, last error per guild",
    sql: `
      CREATE TABLE daily_schedules (
        guild_id     TEXT PRIMARY KEY,
        channel_id   TEXT NOT NULL,
        time         TEXT NOT NULL,
        timezone     TEXT NOT NULL,
        paused       BOOLEAN NOT NULL DEFAULT false,
        pause_reason TEXT,
        created_at   BIGINT NOT NULL,
        updated_at   BIGINT NOT NULL
      );

      -- The primary key is what allows one post per guild per local day.
      CREATE TABLE daily_posts (
        guild_id        TEXT NOT NULL,
        local_date      TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'skipped', 'unconfirmed')),
        claimed_at      BIGINT NOT NULL,
        finished_at     BIGINT,
        message_id      TEXT,
        error           TEXT,
        attempts        INTEGER NOT NULL,
        owner           TEXT NOT NULL,
        next_attempt_at BIGINT,
        lease_until     BIGINT,
        PRIMARY KEY (guild_id, local_date)
      );
      CREATE INDEX daily_posts_by_claim ON daily_posts (guild_id, claimed_at);
      CREATE INDEX daily_posts_by_date ON daily_posts (local_date);

      CREATE TABLE daily_errors (
        guild_id TEXT PRIMARY KEY,
        at       BIGINT NOT NULL,
        message  TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: 'forum channels answered per guild, and the posts claimed there (as SQLite v4)',
    sql: `
      CREATE TABLE forum_settings (
        guild_id   TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );

      -- The primary key is what allows one answer per post, across restarts and processes.
      CREATE TABLE forum_claims (
        thread_id  TEXT PRIMARY KEY,
        guild_id   TEXT NOT NULL,
        owner      TEXT NOT NULL,
        claimed_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 5,
    description: 'questions asked and votes on their answers, for /insights (as SQLite v5)',
    sql: `
      CREATE TABLE insights_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE insights_questions (
        id       TEXT PRIMARY KEY,
        guild_id TEXT NOT NULL,
        question TEXT NOT NULL,
        answered BOOLEAN NOT NULL,
        kind     TEXT NOT NULL,
        source   TEXT,
        at       BIGINT NOT NULL
      );
      CREATE INDEX insights_questions_by_guild ON insights_questions (guild_id, at);
      CREATE INDEX insights_questions_by_time ON insights_questions (at);

      -- The primary key is what allows one vote per member per answer.
      CREATE TABLE insights_votes (
        question_id TEXT NOT NULL,
        voter       TEXT NOT NULL,
        vote        TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        comment     TEXT,
        at          BIGINT NOT NULL,
        PRIMARY KEY (question_id, voter)
      );
      CREATE INDEX insights_votes_by_time ON insights_votes (at);
    `,
  },
  {
    version: 6,
    description: "curated answers, and each server's ask-channels and cooldown (as SQLite v6)",
    sql: `
      CREATE TABLE curated_answers (
        id         INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        guild_id   TEXT NOT NULL,
        phrasings  TEXT NOT NULL,
        answer     TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX curated_answers_by_guild ON curated_answers (guild_id, id);

      CREATE TABLE ask_channels (
        guild_id   TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        added_at   BIGINT NOT NULL,
        PRIMARY KEY (guild_id, channel_id)
      );

      CREATE TABLE ask_settings (
        guild_id         TEXT PRIMARY KEY,
        cooldown_seconds INTEGER NOT NULL,
        updated_at       BIGINT NOT NULL
      );
    `,
  },
  {
    version: 7,
    description: "each server's answer mode (as SQLite v7)",
    sql: `
      CREATE TABLE answer_modes (
        guild_id   TEXT PRIMARY KEY,
        mode       TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
    `,
  },
];

/**
 * Brings the database up to the last of `migrations`, all in one transaction under an advisory
 * lock: a second process starting at the same moment waits, then finds nothing left to do.
 * Returns the schema version.
 */
export async function migratePostgres(
  db: SqlDatabase,
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<number> {
  const latest = migrations.at(-1)?.version ?? 0;
  const table = POSTGRES_SETTINGS.migrationsTable;
  return db.transaction(async (tx) => {
    // Before anything else, even the table's creation: two CREATE TABLE IF NOT EXISTS racing
    // each other can both miss the table and one then fails on the catalog's unique index.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [POSTGRES_SETTINGS.migrationLockName]);
    await tx.query(`
      CREATE TABLE IF NOT EXISTS ${table} (
        version     INTEGER PRIMARY KEY,
        description TEXT NOT NULL,
        applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    const found = await schemaVersionOf(tx);
    if (found > latest) {
      throw new Error(`its schema version ${found} is newer than this bot understands (${latest}); update the bot`);
    }
    for (const step of migrations) {
      if (step.version <= found) continue;
      await tx.exec(step.sql);
      await tx.query(`INSERT INTO ${table} (version, description) VALUES ($1, $2)`, [step.version, step.description]);
    }
    return latest;
  });
}

/** The highest applied step; 0 for a database the bot has never opened. */
export async function schemaVersionOf(db: SqlConnection): Promise<number> {
  const { rows } = await db.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${POSTGRES_SETTINGS.migrationsTable}`,
  );
  return rows[0]?.version ?? 0;
}

/**
 * A BIGINT column as a number: node-postgres hands int8 over as a decimal string (it may exceed
 * 2^53), PGlite as a number. Epoch milliseconds fit a double; anything else is a bug, not a date.
 */
export function int8(value: unknown, column: string): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n === 'bigint' && n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER)) {
    return Number(n);
  }
  if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
  throw new Error(`column ${column}: expected an int8 holding a safe integer, got ${typeof value} ${String(value)}`);
}

/** Postgres's columns for the row mappers both stores share. */
const PG_COLUMNS: ColumnReader = { millis: int8, flag: (value) => value as boolean };

function optionalInt8(value: unknown, column: string): number | null {
  return value === null ? null : int8(value, column);
}

interface ScheduleRow {
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  paused: boolean;
  pause_reason: string | null;
  created_at: unknown;
  updated_at: unknown;
}

interface PostRow {
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

interface ErrorRow {
  at: unknown;
  message: string;
}

function toSchedule(row: ScheduleRow): Schedule {
  const schedule: Schedule = {
    guildId: row.guild_id,
    channelId: row.channel_id,
    time: row.time,
    timezone: row.timezone,
    paused: row.paused,
    createdAt: new Date(int8(row.created_at, 'created_at')),
    updatedAt: new Date(int8(row.updated_at, 'updated_at')),
  };
  if (row.pause_reason !== null) schedule.pauseReason = row.pause_reason;
  return schedule;
}

function toPost(row: PostRow): PostRecord {
  const post: PostRecord = {
    guildId: row.guild_id,
    localDate: row.local_date,
    status: row.status,
    claimedAt: new Date(int8(row.claimed_at, 'claimed_at')),
    attempts: row.attempts,
    owner: row.owner,
  };
  const finishedAt = optionalInt8(row.finished_at, 'finished_at');
  const nextAttemptAt = optionalInt8(row.next_attempt_at, 'next_attempt_at');
  const leaseUntil = optionalInt8(row.lease_until, 'lease_until');
  if (finishedAt !== null) post.finishedAt = new Date(finishedAt);
  if (row.message_id !== null) post.messageId = row.message_id;
  if (row.error !== null) post.error = row.error;
  if (nextAttemptAt !== null) post.nextAttemptAt = new Date(nextAttemptAt);
  if (leaseUntil !== null && row.status === 'claimed') post.leaseUntil = new Date(leaseUntil);
  return post;
}

const POST_COLUMNS =
  'guild_id, local_date, status, claimed_at, finished_at, message_id, error, attempts, owner, next_attempt_at, lease_until';

// Each claim is one INSERT … ON CONFLICT DO UPDATE … WHERE, so the primary key decides the race:
// Postgres locks the conflicting row and re-checks the WHERE against its latest version, so a
// re-claim happens for exactly one caller and everyone else gets no row back. The SET lists
// match sqliteStore.ts.
const CLAIM_INSERT = `
  INSERT INTO daily_posts (guild_id, local_date, status, claimed_at, attempts, owner, lease_until)
  VALUES ($1, $2, 'claimed', $3, 1, $4, $5)
  ON CONFLICT (guild_id, local_date) DO UPDATE SET
    status = 'claimed', claimed_at = EXCLUDED.claimed_at, owner = EXCLUDED.owner,
    finished_at = NULL, next_attempt_at = NULL, lease_until = EXCLUDED.lease_until,`;

const SQL = {
  getForumChannel: 'SELECT channel_id FROM forum_settings WHERE guild_id = $1',
  setForumChannel: `
    INSERT INTO forum_settings (guild_id, channel_id, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (guild_id) DO UPDATE SET channel_id = EXCLUDED.channel_id, updated_at = EXCLUDED.updated_at`,
  clearForumChannel: 'DELETE FROM forum_settings WHERE guild_id = $1 RETURNING guild_id',
  // The thread's primary key decides: exactly one INSERT ever returns a row.
  claimThread: `
    INSERT INTO forum_claims (thread_id, guild_id, owner, claimed_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (thread_id) DO NOTHING
    RETURNING thread_id`,
  getSchedule: 'SELECT * FROM daily_schedules WHERE guild_id = $1',
  listSchedules: 'SELECT * FROM daily_schedules ORDER BY guild_id',
  upsertSchedule: `
    INSERT INTO daily_schedules (guild_id, channel_id, time, timezone, paused, pause_reason, created_at, updated_at)
    VALUES ($1, $2, $3, $4, false, NULL, $5, $5)
    ON CONFLICT (guild_id) DO UPDATE SET
      channel_id = EXCLUDED.channel_id, time = EXCLUDED.time, timezone = EXCLUDED.timezone,
      paused = false, pause_reason = NULL, updated_at = EXCLUDED.updated_at
    RETURNING *`,
  pause: `UPDATE daily_schedules SET paused = true, pause_reason = $1, updated_at = $2 WHERE guild_id = $3
    RETURNING guild_id`,
  claimScheduled: `${CLAIM_INSERT}
    attempts = daily_posts.attempts + 1
    WHERE daily_posts.status = 'failed' AND daily_posts.next_attempt_at <= EXCLUDED.claimed_at
    RETURNING guild_id`,
  claimManual: `${CLAIM_INSERT}
    attempts = CASE daily_posts.status WHEN 'skipped' THEN 1 ELSE daily_posts.attempts + 1 END
    WHERE daily_posts.status IN ('failed', 'skipped', 'unconfirmed')
    RETURNING guild_id`,
  // A compare-and-swap on the claim as the taker saw it; a concurrent taker blocks on the row
  // lock, then re-reads the row, finds another owner and changes nothing.
  takeOver: `
    UPDATE daily_posts SET owner = $3, claimed_at = $4, lease_until = $5, attempts = attempts + 1
    WHERE guild_id = $1 AND local_date = $2 AND status = 'claimed' AND owner = $6 AND claimed_at = $7
    RETURNING guild_id`,
  releaseClaim: `
    UPDATE daily_posts SET lease_until = $1
    WHERE guild_id = $2 AND local_date = $3 AND owner = $4 AND status = 'claimed'
    RETURNING guild_id`,
  finishPost: `
    UPDATE daily_posts SET status = $4, finished_at = $5, message_id = $6, error = $7, next_attempt_at = $8,
      lease_until = NULL
    WHERE guild_id = $1 AND local_date = $2 AND status = 'claimed' AND owner = $3
    RETURNING guild_id`,
  cancelRetry: `
    UPDATE daily_posts SET next_attempt_at = NULL, finished_at = $1
    WHERE guild_id = $2 AND local_date = $3 AND status = 'failed' AND next_attempt_at IS NOT NULL
    RETURNING guild_id`,
  getPost: `SELECT ${POST_COLUMNS} FROM daily_posts WHERE guild_id = $1 AND local_date = $2`,
  getPosts: `SELECT ${POST_COLUMNS} FROM daily_posts WHERE guild_id = $1 AND local_date = ANY($2::text[])
    ORDER BY local_date`,
  allPostsBetween: `SELECT ${POST_COLUMNS} FROM daily_posts WHERE local_date BETWEEN $1 AND $2
    ORDER BY local_date, guild_id`,
  listPosts: `SELECT ${POST_COLUMNS} FROM daily_posts WHERE guild_id = $1 ORDER BY local_date`,
  lastPost: `SELECT ${POST_COLUMNS} FROM daily_posts WHERE guild_id = $1
    ORDER BY claimed_at DESC, local_date DESC LIMIT 1`,
  recordError: `
    INSERT INTO daily_errors (guild_id, at, message) VALUES ($1, $2, $3)
    ON CONFLICT (guild_id) DO UPDATE SET at = EXCLUDED.at, message = EXCLUDED.message`,
  lastError: 'SELECT at, message FROM daily_errors WHERE guild_id = $1',
} as const;

export interface PostgresStoreOptions {
  /** Called once by close(): ends the pool the store was opened with. Omit for a borrowed database. */
  onClose?: () => Promise<void>;
}

/**
 * ScheduleStore over Postgres. Takes a migrated database: openPostgresStore and openStore
 * migrate first.
 */
export class PostgresStore implements ScheduleStore, ForumStore, InsightsStore, FaqStore, AskSettingsStore {
  private closed = false;

  constructor(
    private readonly db: SqlDatabase,
    private readonly options: PostgresStoreOptions = {},
  ) {}

  /** Whether the statement changed (or inserted) a row: every write returns one row when it does. */
  private async changed(text: string, params: unknown[]): Promise<boolean> {
    return (await this.db.query(text, params)).rows.length === 1;
  }

  private async posts(text: string, params: unknown[]): Promise<PostRecord[]> {
    return (await this.db.query<PostRow>(text, params)).rows.map(toPost);
  }

  async getSchedule(guildId: string): Promise<Schedule | undefined> {
    const [row] = (await this.db.query<ScheduleRow>(SQL.getSchedule, [guildId])).rows;
    return row === undefined ? undefined : toSchedule(row);
  }

  async listSchedules(): Promise<Schedule[]> {
    return (await this.db.query<ScheduleRow>(SQL.listSchedules)).rows.map(toSchedule);
  }

  async upsertSchedule(input: ScheduleInput, now: Date): Promise<Schedule> {
    const { guildId, channelId, time, timezone } = input;
    const params = [guildId, channelId, time, timezone, now.getTime()];
    const [row] = (await this.db.query<ScheduleRow>(SQL.upsertSchedule, params)).rows;
    if (row === undefined) throw new Error(`upsert of the schedule for guild ${guildId} returned nothing`);
    return toSchedule(row);
  }

  async pause(guildId: string, reason: string, now: Date): Promise<boolean> {
    return this.changed(SQL.pause, [reason, now.getTime(), guildId]);
  }

  async claimPost(
    guildId: string,
    localDate: string,
    owner: string,
    now: Date,
    mode: ClaimMode = 'scheduled',
    leaseUntil: Date = new Date(now.getTime() + DEFAULT_POLICY.claimLeaseMs),
  ): Promise<boolean> {
    const text = mode === 'manual' ? SQL.claimManual : SQL.claimScheduled;
    return this.changed(text, [guildId, localDate, now.getTime(), owner, leaseUntil.getTime()]);
  }

  async takeOverClaim(
    guildId: string,
    localDate: string,
    seen: ClaimSeen,
    owner: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<boolean> {
    const params = [
      guildId,
      localDate,
      owner,
      now.getTime(),
      leaseUntil.getTime(),
      seen.owner,
      seen.claimedAt.getTime(),
    ];
    return this.changed(SQL.takeOver, params);
  }

  async releaseClaim(guildId: string, localDate: string, owner: string, at: Date): Promise<boolean> {
    return this.changed(SQL.releaseClaim, [at.getTime(), guildId, localDate, owner]);
  }

  async finishPost(guildId: string, localDate: string, result: PostResult): Promise<boolean> {
    return this.changed(SQL.finishPost, [
      guildId,
      localDate,
      result.owner,
      result.status,
      result.at.getTime(),
      result.status === 'sent' ? result.messageId : null,
      result.status === 'sent' ? null : result.error,
      result.status === 'failed' ? (result.nextAttemptAt?.getTime() ?? null) : null,
    ]);
  }

  async cancelRetry(guildId: string, localDate: string, at: Date): Promise<boolean> {
    return this.changed(SQL.cancelRetry, [at.getTime(), guildId, localDate]);
  }

  async getPost(guildId: string, localDate: string): Promise<PostRecord | undefined> {
    return (await this.posts(SQL.getPost, [guildId, localDate]))[0];
  }

  async getPosts(guildId: string, localDates: readonly string[]): Promise<PostRecord[]> {
    if (localDates.length === 0) return [];
    return this.posts(SQL.getPosts, [guildId, [...localDates]]);
  }

  async listPostsBetween(fromDate: string, toDate: string): Promise<PostRecord[]> {
    return this.posts(SQL.allPostsBetween, [fromDate, toDate]);
  }

  async listPosts(guildId: string): Promise<PostRecord[]> {
    return this.posts(SQL.listPosts, [guildId]);
  }

  async getLastPost(guildId: string): Promise<PostRecord | undefined> {
    return (await this.posts(SQL.lastPost, [guildId]))[0];
  }

  async recordError(guildId: string, message: string, at: Date): Promise<void> {
    await this.db.query(SQL.recordError, [guildId, at.getTime(), message]);
  }

  async lastError(guildId: string): Promise<ErrorRecord | undefined> {
    const [row] = (await this.db.query<ErrorRow>(SQL.lastError, [guildId])).rows;
    return row === undefined ? undefined : { at: new Date(int8(row.at, 'at')), message: row.message };
  }

  async getForumChannel(guildId: string): Promise<string | undefined> {
    const [row] = (await this.db.query<{ channel_id: string }>(SQL.getForumChannel, [guildId])).rows;
    return row?.channel_id;
  }

  async setForumChannel(guildId: string, channelId: string, now: Date): Promise<void> {
    await this.db.query(SQL.setForumChannel, [guildId, channelId, now.getTime()]);
  }

  async clearForumChannel(guildId: string): Promise<boolean> {
    return this.changed(SQL.clearForumChannel, [guildId]);
  }

  async claimThread(threadId: string, guildId: string, owner: string, now: Date): Promise<boolean> {
    return this.changed(SQL.claimThread, [threadId, guildId, owner, now.getTime()]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.options.onClose?.();
  }

  // InsightsStore: questions asked and votes on their answers (src/insights/store.ts).

  async insightsSalt(candidate: string): Promise<string> {
    // A racing process's salt, committed after this statement's snapshot, is seen only by a second try.
    for (let attempt = 0; attempt < 2; attempt++) {
      const [row] = (await this.db.query<{ value: string }>(INSIGHTS_SQL.salt, [candidate])).rows;
      if (row) return row.value;
    }
    throw new Error('insights_meta holds no member salt after offering one');
  }

  async recordQuestion(record: QuestionRecord): Promise<void> {
    await this.db.query(INSIGHTS_SQL.recordQuestion, [
      record.id,
      record.guildId,
      record.question,
      record.answered,
      record.kind,
      record.source ?? null,
      record.at.getTime(),
    ]);
  }

  async getQuestion(id: string): Promise<QuestionRecord | undefined> {
    const [row] = (await this.db.query<QuestionRow>(INSIGHTS_SQL.getQuestion, [id])).rows;
    return row === undefined ? undefined : toQuestion(row, PG_COLUMNS);
  }

  async recordVote(vote: Omit<VoteRecord, 'comment'>): Promise<Vote | undefined> {
    const params = [vote.questionId, vote.voter, vote.vote, vote.at.getTime()];
    const [row] = (await this.db.query<{ previous: Vote | null }>(INSIGHTS_SQL.upsertVote, params)).rows;
    return row?.previous ?? undefined;
  }

  async setVoteComment(questionId: string, voter: string, comment: string, at: Date): Promise<boolean> {
    return this.changed(INSIGHTS_SQL.setComment, [comment, at.getTime(), questionId, voter]);
  }

  async questionsSince(guildId: string, since: Date, limit: number): Promise<QuestionRecord[]> {
    const params = [guildId, since.getTime(), limit];
    return (await this.db.query<QuestionRow>(INSIGHTS_SQL.questionsSince, params)).rows.map((row) =>
      toQuestion(row, PG_COLUMNS),
    );
  }

  async votesSince(guildId: string, since: Date): Promise<VoteSeen[]> {
    type Row = { question_id: string; vote: Vote; comment: string | null; at: unknown };
    const { rows } = await this.db.query<Row>(INSIGHTS_SQL.votesSince, [guildId, since.getTime()]);
    return rows.map((row) => ({
      questionId: row.question_id,
      vote: row.vote,
      ...(row.comment === null ? {} : { comment: row.comment }),
      at: new Date(int8(row.at, 'at')),
    }));
  }

  async purgeInsights(cutoff: Date): Promise<{ questions: number; votes: number }> {
    return this.db.transaction(async (tx) => {
      const count = async (sql: string) => (await tx.query<{ n: number }>(sql, [cutoff.getTime()])).rows[0]?.n ?? 0;
      const votes = await count(INSIGHTS_SQL.purgeVotes);
      const questions = await count(INSIGHTS_SQL.purgeQuestions);
      return { questions, votes };
    });
  }

  // Curated answers and per-server ask settings (issue 12); the SQL is CURATED_SQL below.
  async listCurated(guildId: string): Promise<CuratedAnswer[]> {
    return (await this.db.query<CuratedRow>(CURATED_SQL.list, [guildId])).rows.map((row) => toCurated(row, PG_COLUMNS));
  }

  async addCurated(guildId: string, phrasings: readonly string[], answer: string, now: Date): Promise<CuratedAnswer> {
    const params = [guildId, JSON.stringify(phrasings), answer, now.getTime()];
    const [row] = (await this.db.query<CuratedRow>(CURATED_SQL.add, params)).rows;
    if (row === undefined) throw new Error(`adding a curated answer for guild ${guildId} returned nothing`);
    return toCurated(row, PG_COLUMNS);
  }

  async updateCurated(
    guildId: string,
    id: number,
    change: { phrasings: readonly string[]; answer: string },
    now: Date,
  ): Promise<CuratedAnswer | undefined> {
    const params = [JSON.stringify(change.phrasings), change.answer, now.getTime(), id, guildId];
    const [row] = (await this.db.query<CuratedRow>(CURATED_SQL.update, params)).rows;
    return row === undefined ? undefined : toCurated(row, PG_COLUMNS);
  }

  async removeCurated(guildId: string, id: number): Promise<boolean> {
    return this.changed(CURATED_SQL.remove, [id, guildId]);
  }

  async getAskSettings(guildId: string): Promise<StoredAskSettings> {
    const channels = (await this.db.query<{ channel_id: string }>(CURATED_SQL.askChannels, [guildId])).rows;
    const [cooldown] = (await this.db.query<{ cooldown_seconds: number }>(CURATED_SQL.cooldown, [guildId])).rows;
    const askChannelIds = channels.map((r) => r.channel_id);
    return cooldown === undefined ? { askChannelIds } : { askChannelIds, cooldownSeconds: cooldown.cooldown_seconds };
  }

  async addAskChannel(guildId: string, channelId: string, now: Date): Promise<boolean> {
    return this.changed(CURATED_SQL.addAskChannel, [guildId, channelId, now.getTime()]);
  }

  async removeAskChannel(guildId: string, channelId: string): Promise<boolean> {
    return this.changed(CURATED_SQL.removeAskChannel, [guildId, channelId]);
  }

  async setAskCooldown(guildId: string, seconds: number, now: Date): Promise<void> {
    await this.db.query(CURATED_SQL.setCooldown, [guildId, seconds, now.getTime()]);
  }

  async needsMessageContent(): Promise<boolean> {
    return (await this.db.query(CURATED_SQL.readsMessages)).rows.length > 0;
  }

  async getAnswerMode(guildId: string): Promise<AnswerMode> {
    const [row] = (
      await this.db.query<{ mode: string }>('SELECT mode FROM answer_modes WHERE guild_id = $1', [guildId])
    ).rows;
    return readAnswerMode(row?.mode);
  }

  async setAnswerMode(guildId: string, mode: AnswerMode, now: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO answer_modes (guild_id, mode, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (guild_id) DO UPDATE SET mode = EXCLUDED.mode, updated_at = EXCLUDED.updated_at`,
      [guildId, mode, now.getTime()],
    );
  }
}

const INSIGHTS_SQL = {
  // The first salt offered is kept: racing processes all get the one that won.
  salt: `
    WITH offered AS (
      INSERT INTO insights_meta (key, value) VALUES ('member_salt', $1)
      ON CONFLICT (key) DO NOTHING
      RETURNING value
    )
    SELECT value FROM offered UNION ALL SELECT value FROM insights_meta WHERE key = 'member_salt'
    LIMIT 1`,
  recordQuestion: `
    INSERT INTO insights_questions (id, guild_id, question, answered, kind, source, at)
    VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  getQuestion: 'SELECT * FROM insights_questions WHERE id = $1',
  // One statement: the vote it replaced comes back with it. A vote changed to 👍 drops the comment.
  upsertVote: `
    WITH previous AS (SELECT vote FROM insights_votes WHERE question_id = $1 AND voter = $2)
    INSERT INTO insights_votes (question_id, voter, vote, comment, at) VALUES ($1, $2, $3, NULL, $4)
    ON CONFLICT (question_id, voter) DO UPDATE SET vote = EXCLUDED.vote, at = EXCLUDED.at,
      comment = CASE EXCLUDED.vote WHEN 'down' THEN insights_votes.comment END
    RETURNING (SELECT vote FROM previous) AS previous`,
  setComment: `
    UPDATE insights_votes SET comment = $1, at = $2 WHERE question_id = $3 AND voter = $4 AND vote = 'down'
    RETURNING question_id`,
  questionsSince: 'SELECT * FROM insights_questions WHERE guild_id = $1 AND at >= $2 ORDER BY at DESC LIMIT $3',
  votesSince: `
    SELECT v.question_id, v.vote, v.comment, v.at FROM insights_votes v
    JOIN insights_questions q ON q.id = v.question_id
    WHERE q.guild_id = $1 AND q.at >= $2`,
  // Counted in the database: a year of a busy server's rows need not travel to be counted.
  purgeVotes: `
    WITH gone AS (
      DELETE FROM insights_votes WHERE at < $1
        OR question_id IN (SELECT id FROM insights_questions WHERE at < $1)
      RETURNING 1)
    SELECT count(*)::int AS n FROM gone`,
  purgeQuestions:
    'WITH gone AS (DELETE FROM insights_questions WHERE at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
};

/** As sqliteStore.ts: the guild is part of every WHERE, so an id from another server changes nothing. */
const CURATED_SQL = {
  list: 'SELECT * FROM curated_answers WHERE guild_id = $1 ORDER BY id',
  add: `INSERT INTO curated_answers (guild_id, phrasings, answer, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
    RETURNING *`,
  update: `UPDATE curated_answers SET phrasings = $1, answer = $2, updated_at = $3 WHERE id = $4 AND guild_id = $5
    RETURNING *`,
  remove: 'DELETE FROM curated_answers WHERE id = $1 AND guild_id = $2 RETURNING id',
  askChannels: 'SELECT channel_id FROM ask_channels WHERE guild_id = $1 ORDER BY added_at, channel_id',
  cooldown: 'SELECT cooldown_seconds FROM ask_settings WHERE guild_id = $1',
  addAskChannel: `INSERT INTO ask_channels (guild_id, channel_id, added_at) VALUES ($1, $2, $3)
    ON CONFLICT (guild_id, channel_id) DO NOTHING RETURNING channel_id`,
  removeAskChannel: 'DELETE FROM ask_channels WHERE guild_id = $1 AND channel_id = $2 RETURNING channel_id',
  setCooldown: `INSERT INTO ask_settings (guild_id, cooldown_seconds, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (guild_id) DO UPDATE SET cooldown_seconds = EXCLUDED.cooldown_seconds, updated_at = EXCLUDED.updated_at`,
  readsMessages: '(SELECT 1 AS one FROM ask_channels LIMIT 1) UNION ALL (SELECT 1 FROM forum_settings LIMIT 1) LIMIT 1',
} as const;

/** Migrates `db`, then returns a store over it. */
export async function openPostgresStore(db: SqlDatabase, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  await migratePostgres(db);
  return new PostgresStore(db, options);
}

/** A pg.Pool as a SqlDatabase: each transaction holds one pooled connection from BEGIN to COMMIT. */
export function poolDatabase(pool: pg.Pool): SqlDatabase {
  const query = async <Row>(client: pg.Pool | pg.PoolClient, text: string, params?: unknown[]) =>
    (await client.query(text, params)) as unknown as { rows: Row[] };
  // Without parameters, node-postgres uses the simple protocol, which runs several statements.
  const exec = (client: pg.Pool | pg.PoolClient, sql: string) => client.query(sql);
  return {
    query: (text, params) => query(pool, text, params),
    exec: (sql) => exec(pool, sql),
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work({
          query: (text, params) => query(client, text, params),
          exec: (sql) => exec(client, sql),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A connection that cannot even roll back is destroyed rather than handed to the next caller.
        client.release(broken);
      }
    },
  };
}

/** Only messages about problems; the bot's logger fits. */
export interface StoreLogger {
  warn(obj: object, msg?: string): void;
}

/**
 * `url` with its password (in the user part or a query parameter) removed, for messages and
 * logs. Anything but a postgres URL is not shown at all: 'bot:secret@db' parses as a URL
 * whose scheme is 'bot:', with the password where the path would be.
 */
export function redactDatabaseUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed === undefined || !/^postgres(ql)?:$/.test(parsed.protocol)) return '(an unparseable DATABASE_URL)';
  parsed.password = '';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass/i.test(key)) parsed.searchParams.set(key, '[redacted]');
  }
  return parsed.toString();
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

export interface OpenPostgresOptions {
  logger?: StoreLogger;
  /** Overrides POSTGRES_SETTINGS.connectTimeoutMs (tests). */
  connectTimeoutMs?: number;
}

/**
 * Connects to the server at `url`, migrates it and returns the store; close() ends the pool.
 * Throws StoreOpenError naming the URL without its password.
 */
export async function openPostgresStoreAt(url: string, options: OpenPostgresOptions = {}): Promise<PostgresStore> {
  const { logger, connectTimeoutMs = POSTGRES_SETTINGS.connectTimeoutMs } = options;
  const where = redactDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: POSTGRES_SETTINGS.maxConnections,
    connectionTimeoutMillis: connectTimeoutMs,
  });
  // An idle connection the server drops emits 'error' on the pool, which would end the process
  // if nobody listened; the pool replaces it, and a query on a dead connection fails to its caller.
  pool.on('error', (error) => logger?.warn({ err: error, database: where }, 'postgres: an idle connection failed'));
  try {
    return await openPostgresStore(poolDatabase(pool), { onClose: () => pool.end() });
  } catch (error) {
    await pool.end().catch(() => undefined);
    const detail = error instanceof Error ? error.message : String(error);
    throw new StoreOpenError(where, scrubSecrets(detail, [url, passwordOf(url)]), { cause: error });
  }
}
