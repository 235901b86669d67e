import type Database from 'better-sqlite3';
import { DEFAULT_POLICY } from '../../daily/domain/plan.ts';
import type { ErrorRecord, PostResult, PostStatus, ScheduleInput } from '../../daily/domain/schedule.ts';
import type { ClaimMode, ClaimSeen, ScheduleStore } from '../../daily/store.ts';
import { type PostRow, type ScheduleRow, toPost, toSchedule } from '../rows.ts';
import { WRITES } from '../writes.ts';
import { SQLITE_COLUMNS } from './columns.ts';
import type { SqliteWrite } from './writer.ts';

interface ErrorRow {
  at: number;
  message: string;
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

function prepare(db: Database.Database) {
  return {
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
  };
}

/** Daily schedules, posts and their claims, and the last error per guild, in bot.sqlite. */
export function sqliteScheduleStore(db: Database.Database, write: SqliteWrite): Omit<ScheduleStore, 'close'> {
  const statements = prepare(db);
  return {
    async getSchedule(guildId) {
      const row = statements.getSchedule.get(guildId);
      return row === undefined ? undefined : toSchedule(row, SQLITE_COLUMNS);
    },

    async listSchedules() {
      return statements.listSchedules.all().map((row) => toSchedule(row, SQLITE_COLUMNS));
    },

    async upsertSchedule(input, now) {
      const { guildId, channelId, time, timezone } = input;
      // .all(), never .get(): .get() hands back the RETURNING row even when the commit fails (a full disk).
      const [row] = await write(WRITES.upsertSchedule, () =>
        statements.upsertSchedule.all({ guildId, channelId, time, timezone, now: now.getTime() }),
      );
      if (row === undefined) throw new Error(`upsert of the schedule for guild ${guildId} returned nothing`);
      return toSchedule(row, SQLITE_COLUMNS);
    },

    async pause(guildId, reason, now) {
      return (await write(WRITES.pause, () => statements.pause.run(reason, now.getTime(), guildId))).changes > 0;
    },

    async claimPost(
      guildId: string,
      localDate: string,
      owner: string,
      now: Date,
      mode: ClaimMode = 'scheduled',
      leaseUntil: Date = new Date(now.getTime() + DEFAULT_POLICY.claimLeaseMs),
    ) {
      const statement = mode === 'manual' ? statements.claimManual : statements.claimScheduled;
      const params = { guildId, localDate, owner, now: now.getTime(), leaseUntil: leaseUntil.getTime() };
      return (await write(WRITES.claimPost, () => statement.run(params))).changes === 1;
    },

    async takeOverClaim(
      guildId: string,
      localDate: string,
      seen: ClaimSeen,
      owner: string,
      now: Date,
      leaseUntil: Date,
    ) {
      const params: TakeOverParams = {
        guildId,
        localDate,
        owner,
        now: now.getTime(),
        leaseUntil: leaseUntil.getTime(),
        seenOwner: seen.owner,
        seenClaimedAt: seen.claimedAt.getTime(),
      };
      return (await write(WRITES.takeOverClaim, () => statements.takeOver.run(params))).changes === 1;
    },

    async releaseClaim(guildId, localDate, owner, at) {
      const result = await write(WRITES.releaseClaim, () =>
        statements.releaseClaim.run(at.getTime(), guildId, localDate, owner),
      );
      return result.changes === 1;
    },

    async finishPost(guildId: string, localDate: string, result: PostResult) {
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
      return (await write(WRITES.finishPost, () => statements.finishPost.run(params))).changes === 1;
    },

    async cancelRetry(guildId, localDate, at) {
      const result = await write(WRITES.cancelRetry, () =>
        statements.cancelRetry.run(at.getTime(), guildId, localDate),
      );
      return result.changes === 1;
    },

    async getPost(guildId, localDate) {
      const row = statements.getPost.get(guildId, localDate);
      return row === undefined ? undefined : toPost(row, SQLITE_COLUMNS);
    },

    async getPosts(guildId, localDates) {
      if (localDates.length === 0) return [];
      const sorted = [...localDates].sort();
      const wanted = new Set(localDates);
      return statements.postsBetween
        .all(guildId, sorted[0] ?? '', sorted.at(-1) ?? '')
        .filter((row) => wanted.has(row.local_date))
        .map((row) => toPost(row, SQLITE_COLUMNS));
    },

    async listPostsBetween(fromDate, toDate) {
      return statements.allPostsBetween.all(fromDate, toDate).map((row) => toPost(row, SQLITE_COLUMNS));
    },

    async listPosts(guildId) {
      return statements.listPosts.all(guildId).map((row) => toPost(row, SQLITE_COLUMNS));
    },

    async getLastPost(guildId) {
      const row = statements.lastPost.get(guildId);
      return row === undefined ? undefined : toPost(row, SQLITE_COLUMNS);
    },

    async recordError(guildId, message, at) {
      await write(WRITES.recordError, () => statements.recordError.run(guildId, at.getTime(), message));
    },

    async lastError(guildId): Promise<ErrorRecord | undefined> {
      const row = statements.lastError.get(guildId);
      return row === undefined ? undefined : { at: new Date(row.at), message: row.message };
    },
  };
}
