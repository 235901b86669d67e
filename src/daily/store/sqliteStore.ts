import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CuratedAnswer } from '../../faq/record.ts';
import type { FaqStore } from '../../faq/store.ts';
import type { ForumStore } from '../../forum/store.ts';
import { type AnswerMode, type AnswerModeStore, readAnswerMode } from '../../generate/modeStore.ts';
import type { QuestionRecord, Vote, VoteRecord, VoteSeen } from '../../insights/records.ts';
import type { InsightsStore } from '../../insights/store.ts';
import type { AskSettingsStore, StoredAskSettings } from '../../settings/store.ts';
import { DEFAULT_POLICY } from '../domain/plan.ts';
import type { ErrorRecord, PostRecord, PostResult, PostStatus, Schedule, ScheduleInput } from '../domain/schedule.ts';
import { migrate } from './migrations.ts';
import type { ColumnReader, CuratedRow, QuestionRow } from './rows.ts';
import { toCurated, toQuestion } from './rows.ts';
import type { ClaimMode, ClaimSeen, ScheduleStore } from './store.ts';
import { StoreOpenError } from './store.ts';

export const DB_FILE_NAME = 'bot.sqlite';

export interface SqliteStoreOptions {
  /** The folder that holds bot.sqlite (config.ts reads it from DATA_DIR); created if missing. */
  dataDir: string;
  /** How long to wait for another process's write lock before failing. */
  busyTimeoutMs?: number;
}

interface ScheduleRow {
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  paused: number;
  pause_reason: string | null;
  created_at: number;
  updated_at: number;
}

interface PostRow {
  guild_id: string;
  local_date: string;
  status: PostStatus;
  claimed_at: number;
  finished_at: number | null;
  message_id: string | null;
  error: string | null;
  attempts: number;
  owner: string;
  next_attempt_at: number | null;
  lease_until: number | null;
}

interface ErrorRow {
  at: number;
  message: string;
}

/** SQLite's columns for the row mappers both stores share: STRICT INTEGER columns come back as numbers. */
const SQLITE_COLUMNS: ColumnReader = { millis: (value) => value as number, flag: (value) => value !== 0 };

function toSchedule(row: ScheduleRow): Schedule {
  const schedule: Schedule = {
    guildId: row.guild_id,
    channelId: row.channel_id,
    time: row.time,
    timezone: row.timezone,
    paused: row.paused !== 0,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
  if (row.pause_reason !== null) schedule.pauseReason = row.pause_reason;
  return schedule;
}

function toPost(row: PostRow): PostRecord {
  const post: PostRecord = {
    guildId: row.guild_id,
    localDate: row.local_date,
    status: row.status,
    claimedAt: new Date(row.claimed_at),
    attempts: row.attempts,
    owner: row.owner,
  };
  if (row.finished_at !== null) post.finishedAt = new Date(row.finished_at);
  if (row.message_id !== null) post.messageId = row.message_id;
  if (row.error !== null) post.error = row.error;
  if (row.next_attempt_at !== null) post.nextAttemptAt = new Date(row.next_attempt_at);
  if (row.lease_until !== null && row.status === 'claimed') post.leaseUntil = new Date(row.lease_until);
  return post;
}

function describeOpenFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CANTOPEN') return `${message} (does the directory exist, and is it writable?)`;
  if (code === 'SQLITE_READONLY') return `${message} (the file or its directory is not writable)`;
  return message;
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's own recursive mkdirSync
 * loops forever where a parent exists but refuses children with ENOENT (procfs: /proc/nope),
 * so a bad DATA_DIR would hang start-up instead of failing.
 */
export function ensureDirectory(dir: string): void {
  try {
    if (statSync(dir).isDirectory()) return;
    throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  const parent = path.dirname(dir);
  if (parent !== dir) ensureDirectory(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    // Another process may have made it between our stat and mkdir.
    if ((error as { code?: string }).code !== 'EEXIST' || !statSync(dir).isDirectory()) throw error;
  }
}

/**
 * Opens (creating if needed) <dataDir>/bot.sqlite and brings its schema up to date. WAL mode and
 * a busy timeout let several bot processes share the file. Throws StoreOpenError naming the file.
 */
export function openSqliteStore(
  options: SqliteStoreOptions,
): ScheduleStore & ForumStore & InsightsStore & FaqStore & AskSettingsStore & AnswerModeStore {
  const dir = path.resolve(options.dataDir);
  const file = path.join(dir, DB_FILE_NAME);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  try {
    ensureDirectory(dir);
  } catch (error) {
    const reason = (error as { code?: string }).code ?? String(error);
    throw new StoreOpenError(file, `cannot create the directory ${dir} (${reason})`, { cause: error });
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('journal_mode = WAL');
    // Safe with WAL (a power cut may lose the last commits, never corrupt); much faster.
    db.pragma('synchronous = NORMAL');
    migrate(db);
  } catch (error) {
    db?.close();
    throw new StoreOpenError(file, describeOpenFailure(error), { cause: error });
  }
  return new SqliteStore(db);
}

class SqliteStore implements ScheduleStore, ForumStore, InsightsStore, FaqStore, AskSettingsStore {
  private readonly statements;
  private readonly insights: ReturnType<typeof insightsStatements>;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      getSchedule: db.prepare<[string], ScheduleRow>('SELECT * FROM daily_schedules WHERE guild_id = ?'),
      listSchedules: db.prepare<[], ScheduleRow>('SELECT * FROM daily_schedules ORDER BY guild_id'),
      upsertSchedule: db.prepare<[ScheduleInput & { now: number }], ScheduleRow>(`
        INSERT INTO daily_schedules (guild_id, channel_id, time, timezone, paused, pause_reason, created_at, updated_at)
        VALUES (@guildId, @channelId, @time, @timezone, 0, NULL, @now, @now)
        ON CONFLICT (guild_id) DO UPDATE SET
          channel_id = excluded.channel_id, time = excluded.time, timezone = excluded.timezone,
          paused = 0, pause_reason = NULL, updated_at = excluded.updated_at
        RETURNING *`),
      pause: db.prepare<[string, number, string]>(
        'UPDATE daily_schedules SET paused = 1, pause_reason = ?, updated_at = ? WHERE guild_id = ?',
      ),
      // One statement, so the primary key decides the race: the insert, or the re-claim of a
      // retryable row, happens for exactly one caller; everyone else changes nothing.
      claimScheduled: db.prepare<[ClaimParams]>(`
        INSERT INTO daily_posts (guild_id, local_date, status, claimed_at, attempts, owner, lease_until)
        VALUES (@guildId, @localDate, 'claimed', @now, 1, @owner, @leaseUntil)
        ON CONFLICT (guild_id, local_date) DO UPDATE SET
          status = 'claimed', claimed_at = excluded.claimed_at, owner = excluded.owner,
          attempts = daily_posts.attempts + 1, finished_at = NULL, next_attempt_at = NULL,
          lease_until = excluded.lease_until
        WHERE daily_posts.status = 'failed' AND daily_posts.next_attempt_at <= excluded.claimed_at`),
      claimManual: db.prepare<[ClaimParams]>(`
        INSERT INTO daily_posts (guild_id, local_date, status, claimed_at, attempts, owner, lease_until)
        VALUES (@guildId, @localDate, 'claimed', @now, 1, @owner, @leaseUntil)
        ON CONFLICT (guild_id, local_date) DO UPDATE SET
          status = 'claimed', claimed_at = excluded.claimed_at, owner = excluded.owner,
          attempts = CASE daily_posts.status WHEN 'skipped' THEN 1 ELSE daily_posts.attempts + 1 END,
          finished_at = NULL, next_attempt_at = NULL, lease_until = excluded.lease_until
        WHERE daily_posts.status IN ('failed', 'skipped', 'unconfirmed')`),
      // A compare-and-swap on the claim as the taker saw it, so two takers cannot both resend.
      takeOver: db.prepare<[TakeOverParams]>(`
        UPDATE daily_posts SET owner = @owner, claimed_at = @now, lease_until = @leaseUntil,
          attempts = attempts + 1
        WHERE guild_id = @guildId AND local_date = @localDate AND status = 'claimed'
          AND owner = @seenOwner AND claimed_at = @seenClaimedAt`),
      releaseClaim: db.prepare<[number, string, string, string]>(`
        UPDATE daily_posts SET lease_until = ?
        WHERE guild_id = ? AND local_date = ? AND owner = ? AND status = 'claimed'`),
      finishPost: db.prepare<[FinishParams]>(`
        UPDATE daily_posts SET status = @status, finished_at = @at, message_id = @messageId,
          error = @error, next_attempt_at = @nextAttemptAt, lease_until = NULL
        WHERE guild_id = @guildId AND local_date = @localDate AND status = 'claimed' AND owner = @owner`),
      cancelRetry: db.prepare<[number, string, string]>(`
        UPDATE daily_posts SET next_attempt_at = NULL, finished_at = ?
        WHERE guild_id = ? AND local_date = ? AND status = 'failed' AND next_attempt_at IS NOT NULL`),
      getPost: db.prepare<[string, string], PostRow>('SELECT * FROM daily_posts WHERE guild_id = ? AND local_date = ?'),
      // A primary-key range scan; callers ask for a few consecutive days.
      postsBetween: db.prepare<[string, string, string], PostRow>(
        'SELECT * FROM daily_posts WHERE guild_id = ? AND local_date BETWEEN ? AND ?',
      ),
      allPostsBetween: db.prepare<[string, string], PostRow>(
        'SELECT * FROM daily_posts WHERE local_date BETWEEN ? AND ?',
      ),
      listPosts: db.prepare<[string], PostRow>('SELECT * FROM daily_posts WHERE guild_id = ? ORDER BY local_date'),
      lastPost: db.prepare<[string], PostRow>(
        'SELECT * FROM daily_posts WHERE guild_id = ? ORDER BY claimed_at DESC, local_date DESC LIMIT 1',
      ),
      recordError: db.prepare<[string, number, string]>(`
        INSERT INTO daily_errors (guild_id, at, message) VALUES (?, ?, ?)
        ON CONFLICT (guild_id) DO UPDATE SET at = excluded.at, message = excluded.message`),
      lastError: db.prepare<[string], ErrorRow>('SELECT at, message FROM daily_errors WHERE guild_id = ?'),
      getForumChannel: db.prepare<[string], { channel_id: string }>(
        'SELECT channel_id FROM forum_settings WHERE guild_id = ?',
      ),
      setForumChannel: db.prepare<[string, string, number]>(`
        INSERT INTO forum_settings (guild_id, channel_id, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, updated_at = excluded.updated_at`),
      clearForumChannel: db.prepare<[string]>('DELETE FROM forum_settings WHERE guild_id = ?'),
      // As for daily posts, the primary key decides the race in one statement.
      claimThread: db.prepare<[string, string, string, number]>(`
        INSERT INTO forum_claims (thread_id, guild_id, owner, claimed_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (thread_id) DO NOTHING`),
    };
    this.insights = insightsStatements(db);
  }

  async getSchedule(guildId: string): Promise<Schedule | undefined> {
    const row = this.statements.getSchedule.get(guildId);
    return row === undefined ? undefined : toSchedule(row);
  }

  async listSchedules(): Promise<Schedule[]> {
    return this.statements.listSchedules.all().map(toSchedule);
  }

  async upsertSchedule(input: ScheduleInput, now: Date): Promise<Schedule> {
    const { guildId, channelId, time, timezone } = input;
    const row = this.statements.upsertSchedule.get({ guildId, channelId, time, timezone, now: now.getTime() });
    if (row === undefined) throw new Error(`upsert of the schedule for guild ${guildId} returned nothing`);
    return toSchedule(row);
  }

  async pause(guildId: string, reason: string, now: Date): Promise<boolean> {
    return this.statements.pause.run(reason, now.getTime(), guildId).changes > 0;
  }

  async claimPost(
    guildId: string,
    localDate: string,
    owner: string,
    now: Date,
    mode: ClaimMode = 'scheduled',
    leaseUntil: Date = new Date(now.getTime() + DEFAULT_POLICY.claimLeaseMs),
  ): Promise<boolean> {
    const statement = mode === 'manual' ? this.statements.claimManual : this.statements.claimScheduled;
    const params = { guildId, localDate, owner, now: now.getTime(), leaseUntil: leaseUntil.getTime() };
    return statement.run(params).changes === 1;
  }

  async takeOverClaim(
    guildId: string,
    localDate: string,
    seen: ClaimSeen,
    owner: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<boolean> {
    const params: TakeOverParams = {
      guildId,
      localDate,
      owner,
      now: now.getTime(),
      leaseUntil: leaseUntil.getTime(),
      seenOwner: seen.owner,
      seenClaimedAt: seen.claimedAt.getTime(),
    };
    return this.statements.takeOver.run(params).changes === 1;
  }

  async releaseClaim(guildId: string, localDate: string, owner: string, at: Date): Promise<boolean> {
    return this.statements.releaseClaim.run(at.getTime(), guildId, localDate, owner).changes === 1;
  }

  async finishPost(guildId: string, localDate: string, result: PostResult): Promise<boolean> {
    const params: FinishParams = {
      guildId,
      localDate,
      owner: result.owner,
      status: result.status,
      at: result.at.getTime(),
      messageId: result.status === 'sent' ? result.messageId : null,
      error: result.status === 'sent' ? null : result.error,
      nextAttemptAt: result.status === 'failed' ? (result.nextAttemptAt?.getTime() ?? null) : null,
    };
    return this.statements.finishPost.run(params).changes === 1;
  }

  async cancelRetry(guildId: string, localDate: string, at: Date): Promise<boolean> {
    return this.statements.cancelRetry.run(at.getTime(), guildId, localDate).changes === 1;
  }

  async getPost(guildId: string, localDate: string): Promise<PostRecord | undefined> {
    const row = this.statements.getPost.get(guildId, localDate);
    return row === undefined ? undefined : toPost(row);
  }

  async getPosts(guildId: string, localDates: readonly string[]): Promise<PostRecord[]> {
    if (localDates.length === 0) return [];
    const sorted = [...localDates].sort();
    const wanted = new Set(localDates);
    return this.statements.postsBetween
      .all(guildId, sorted[0] ?? '', sorted.at(-1) ?? '')
      .filter((row) => wanted.has(row.local_date))
      .map(toPost);
  }

  async listPostsBetween(fromDate: string, toDate: string): Promise<PostRecord[]> {
    return this.statements.allPostsBetween.all(fromDate, toDate).map(toPost);
  }

  async listPosts(guildId: string): Promise<PostRecord[]> {
    return this.statements.listPosts.all(guildId).map(toPost);
  }

  async getLastPost(guildId: string): Promise<PostRecord | undefined> {
    const row = this.statements.lastPost.get(guildId);
    return row === undefined ? undefined : toPost(row);
  }

  async recordError(guildId: string, message: string, at: Date): Promise<void> {
    this.statements.recordError.run(guildId, at.getTime(), message);
  }

  async lastError(guildId: string): Promise<ErrorRecord | undefined> {
    const row = this.statements.lastError.get(guildId);
    return row === undefined ? undefined : { at: new Date(row.at), message: row.message };
  }

  async getForumChannel(guildId: string): Promise<string | undefined> {
    return this.statements.getForumChannel.get(guildId)?.channel_id;
  }

  async setForumChannel(guildId: string, channelId: string, now: Date): Promise<void> {
    this.statements.setForumChannel.run(guildId, channelId, now.getTime());
  }

  async clearForumChannel(guildId: string): Promise<boolean> {
    return this.statements.clearForumChannel.run(guildId).changes > 0;
  }

  async claimThread(threadId: string, guildId: string, owner: string, now: Date): Promise<boolean> {
    return this.statements.claimThread.run(threadId, guildId, owner, now.getTime()).changes === 1;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // InsightsStore: questions asked and votes on their answers (src/insights/store.ts).

  async insightsSalt(candidate: string): Promise<string> {
    this.insights.offerSalt.run(candidate);
    return this.insights.salt.get()!.value;
  }

  async recordQuestion(record: QuestionRecord): Promise<void> {
    this.insights.recordQuestion.run({
      id: record.id,
      guildId: record.guildId,
      question: record.question,
      answered: record.answered ? 1 : 0,
      kind: record.kind,
      source: record.source ?? null,
      at: record.at.getTime(),
    });
  }

  async getQuestion(id: string): Promise<QuestionRecord | undefined> {
    const row = this.insights.getQuestion.get(id);
    return row === undefined ? undefined : toQuestion(row, SQLITE_COLUMNS);
  }

  async recordVote(vote: Omit<VoteRecord, 'comment'>): Promise<Vote | undefined> {
    // Read and write in one transaction, so the vote replaced is the one this write replaced.
    return this.db
      .transaction(() => {
        const previous = this.insights.getVote.get(vote.questionId, vote.voter)?.vote;
        this.insights.upsertVote.run(vote.questionId, vote.voter, vote.vote, vote.at.getTime());
        return previous;
      })
      .immediate();
  }

  async setVoteComment(questionId: string, voter: string, comment: string, at: Date): Promise<boolean> {
    return this.insights.setComment.run(comment, at.getTime(), questionId, voter).changes === 1;
  }

  async questionsSince(guildId: string, since: Date, limit: number): Promise<QuestionRecord[]> {
    return this.insights.questionsSince
      .all(guildId, since.getTime(), limit)
      .map((row) => toQuestion(row, SQLITE_COLUMNS));
  }

  async votesSince(guildId: string, since: Date): Promise<VoteSeen[]> {
    return this.insights.votesSince.all(guildId, since.getTime()).map((row) => ({
      questionId: row.question_id,
      vote: row.vote,
      ...(row.comment === null ? {} : { comment: row.comment }),
      at: new Date(row.at),
    }));
  }

  async purgeInsights(cutoff: Date): Promise<{ questions: number; votes: number }> {
    return this.db
      .transaction(() => {
        const votes = this.insights.purgeVotes.run(cutoff.getTime(), cutoff.getTime()).changes;
        const questions = this.insights.purgeQuestions.run(cutoff.getTime()).changes;
        return { questions, votes };
      })
      .immediate();
  }

  // Curated answers and per-server ask settings (issue 12). Prepared on first use, so this block
  // stays apart from the statements above.
  private curatedStatements?: ReturnType<typeof prepareCurated>;

  private get curated() {
    this.curatedStatements ??= prepareCurated(this.db);
    return this.curatedStatements;
  }

  async listCurated(guildId: string): Promise<CuratedAnswer[]> {
    return this.curated.list.all(guildId).map((row) => toCurated(row, SQLITE_COLUMNS));
  }

  async addCurated(guildId: string, phrasings: readonly string[], answer: string, now: Date): Promise<CuratedAnswer> {
    const row = this.curated.add.get(guildId, JSON.stringify(phrasings), answer, now.getTime(), now.getTime());
    if (row === undefined) throw new Error(`adding a curated answer for guild ${guildId} returned nothing`);
    return toCurated(row, SQLITE_COLUMNS);
  }

  async updateCurated(
    guildId: string,
    id: number,
    change: { phrasings: readonly string[]; answer: string },
    now: Date,
  ): Promise<CuratedAnswer | undefined> {
    const row = this.curated.update.get(JSON.stringify(change.phrasings), change.answer, now.getTime(), id, guildId);
    return row === undefined ? undefined : toCurated(row, SQLITE_COLUMNS);
  }

  async removeCurated(guildId: string, id: number): Promise<boolean> {
    return this.curated.remove.run(id, guildId).changes > 0;
  }

  async getAskSettings(guildId: string): Promise<StoredAskSettings> {
    const channels = this.curated.askChannels.all(guildId).map((r) => r.channel_id);
    const cooldown = this.curated.cooldown.get(guildId)?.cooldown_seconds;
    return cooldown === undefined
      ? { askChannelIds: channels }
      : { askChannelIds: channels, cooldownSeconds: cooldown };
  }

  async addAskChannel(guildId: string, channelId: string, now: Date): Promise<boolean> {
    return this.curated.addAskChannel.run(guildId, channelId, now.getTime()).changes === 1;
  }

  async removeAskChannel(guildId: string, channelId: string): Promise<boolean> {
    return this.curated.removeAskChannel.run(guildId, channelId).changes > 0;
  }

  async setAskCooldown(guildId: string, seconds: number, now: Date): Promise<void> {
    this.curated.setCooldown.run(guildId, seconds, now.getTime());
  }

  async needsMessageContent(): Promise<boolean> {
    return this.curated.readsMessages.get() !== undefined;
  }

  async getAnswerMode(guildId: string): Promise<AnswerMode> {
    const row = this.db
      .prepare<[string], { mode: string }>('SELECT mode FROM answer_modes WHERE guild_id = ?')
      .get(guildId);
    return readAnswerMode(row?.mode);
  }

  async setAnswerMode(guildId: string, mode: AnswerMode, now: Date): Promise<void> {
    this.db
      .prepare<[string, string, number]>(`
        INSERT INTO answer_modes (guild_id, mode, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (guild_id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at`)
      .run(guildId, mode, now.getTime());
  }
}

/** The row as SQLite stores it; the recordQuestion insert takes the same columns. */
interface SqliteQuestionRow extends QuestionRow {
  answered: number;
  at: number;
}

function insightsStatements(db: Database.Database) {
  return {
    offerSalt: db.prepare<[string]>(
      "INSERT INTO insights_meta (key, value) VALUES ('member_salt', ?) ON CONFLICT (key) DO NOTHING",
    ),
    salt: db.prepare<[], { value: string }>("SELECT value FROM insights_meta WHERE key = 'member_salt'"),
    recordQuestion: db.prepare<[Omit<SqliteQuestionRow, 'guild_id'> & { guildId: string }]>(`
      INSERT INTO insights_questions (id, guild_id, question, answered, kind, source, at)
      VALUES (@id, @guildId, @question, @answered, @kind, @source, @at)`),
    getQuestion: db.prepare<[string], SqliteQuestionRow>('SELECT * FROM insights_questions WHERE id = ?'),
    getVote: db.prepare<[string, string], { vote: Vote }>(
      'SELECT vote FROM insights_votes WHERE question_id = ? AND voter = ?',
    ),
    // A vote changed to 👍 drops the comment, which said what was wrong.
    upsertVote: db.prepare<[string, string, Vote, number]>(`
      INSERT INTO insights_votes (question_id, voter, vote, comment, at) VALUES (?, ?, ?, NULL, ?)
      ON CONFLICT (question_id, voter) DO UPDATE SET vote = excluded.vote, at = excluded.at,
        comment = CASE excluded.vote WHEN 'down' THEN insights_votes.comment END`),
    setComment: db.prepare<[string, number, string, string]>(`
      UPDATE insights_votes SET comment = ?, at = ? WHERE question_id = ? AND voter = ? AND vote = 'down'`),
    questionsSince: db.prepare<[string, number, number], SqliteQuestionRow>(
      'SELECT * FROM insights_questions WHERE guild_id = ? AND at >= ? ORDER BY at DESC LIMIT ?',
    ),
    votesSince: db.prepare<[string, number], { question_id: string; vote: Vote; comment: string | null; at: number }>(`
      SELECT v.question_id, v.vote, v.comment, v.at FROM insights_votes v
      JOIN insights_questions q ON q.id = v.question_id
      WHERE q.guild_id = ? AND q.at >= ?`),
    purgeVotes: db.prepare<[number, number]>(`
      DELETE FROM insights_votes WHERE at < ?
        OR question_id IN (SELECT id FROM insights_questions WHERE at < ?)`),
    purgeQuestions: db.prepare<[number]>('DELETE FROM insights_questions WHERE at < ?'),
  };
}

function prepareCurated(db: Database.Database) {
  return {
    list: db.prepare<[string], CuratedRow>('SELECT * FROM curated_answers WHERE guild_id = ? ORDER BY id'),
    add: db.prepare<[string, string, string, number, number], CuratedRow>(`
      INSERT INTO curated_answers (guild_id, phrasings, answer, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
      RETURNING *`),
    // The guild is part of every WHERE: an id from another server changes nothing.
    update: db.prepare<[string, string, number, number, string], CuratedRow>(`
      UPDATE curated_answers SET phrasings = ?, answer = ?, updated_at = ? WHERE id = ? AND guild_id = ?
      RETURNING *`),
    remove: db.prepare<[number, string]>('DELETE FROM curated_answers WHERE id = ? AND guild_id = ?'),
    askChannels: db.prepare<[string], { channel_id: string }>(
      'SELECT channel_id FROM ask_channels WHERE guild_id = ? ORDER BY added_at, channel_id',
    ),
    cooldown: db.prepare<[string], { cooldown_seconds: number }>(
      'SELECT cooldown_seconds FROM ask_settings WHERE guild_id = ?',
    ),
    addAskChannel: db.prepare<[string, string, number]>(`
      INSERT INTO ask_channels (guild_id, channel_id, added_at) VALUES (?, ?, ?)
      ON CONFLICT (guild_id, channel_id) DO NOTHING`),
    removeAskChannel: db.prepare<[string, string]>('DELETE FROM ask_channels WHERE guild_id = ? AND channel_id = ?'),
    setCooldown: db.prepare<[string, number, number]>(`
      INSERT INTO ask_settings (guild_id, cooldown_seconds, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (guild_id) DO UPDATE SET cooldown_seconds = excluded.cooldown_seconds, updated_at = excluded.updated_at`),
    readsMessages: db.prepare<[], { one: number }>(
      'SELECT 1 AS one FROM ask_channels UNION ALL SELECT 1 FROM forum_settings LIMIT 1',
    ),
  };
}

interface ClaimParams {
  guildId: string;
  localDate: string;
  owner: string;
  now: number;
  leaseUntil: number;
}

interface TakeOverParams extends ClaimParams {
  seenOwner: string;
  seenClaimedAt: number;
}

interface FinishParams {
  guildId: string;
  localDate: string;
  owner: string;
  status: PostStatus;
  at: number;
  messageId: string | null;
  error: string | null;
  nextAttemptAt: number | null;
}
