import { DEFAULT_POLICY } from '../../daily/domain/plan.ts';
import type { ErrorRecord, PostRecord, PostResult, Schedule, ScheduleInput } from '../../daily/domain/schedule.ts';
import type { ClaimMode, ClaimSeen, ScheduleStore } from '../../daily/store.ts';
import { type PostRow, type ScheduleRow, toPost, toSchedule } from '../rows.ts';
import { changed, int8, PG_COLUMNS, type SqlDatabase } from './connection.ts';

interface ErrorRow {
  at: unknown;
  message: string;
}

const POST_COLUMNS =
  'guild_id, local_date, status, claimed_at, finished_at, message_id, error, attempts, owner, next_attempt_at, lease_until';

// Each claim is one INSERT … ON CONFLICT DO UPDATE … WHERE, so the primary key decides the race:
// Postgres locks the conflicting row and re-checks the WHERE against its latest version, so a
// re-claim happens for exactly one caller and everyone else gets no row back. The SET lists
// match sqlite/daily.ts.
const CLAIM_INSERT = `
  INSERT INTO daily_posts (guild_id, local_date, status, claimed_at, attempts, owner, lease_until)
  VALUES ($1, $2, 'claimed', $3, 1, $4, $5)
  ON CONFLICT (guild_id, local_date) DO UPDATE SET
    status = 'claimed', claimed_at = EXCLUDED.claimed_at, owner = EXCLUDED.owner,
    finished_at = NULL, next_attempt_at = NULL, lease_until = EXCLUDED.lease_until,`;

const SQL = {
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

/** Daily schedules, posts and their claims, and the last error per guild, in Postgres. */
export function postgresScheduleStore(db: SqlDatabase): Omit<ScheduleStore, 'close'> {
  const posts = async (text: string, params: unknown[]): Promise<PostRecord[]> =>
    (await db.query<PostRow>(text, params)).rows.map((row) => toPost(row, PG_COLUMNS));

  return {
    async getSchedule(guildId: string): Promise<Schedule | undefined> {
      const [row] = (await db.query<ScheduleRow>(SQL.getSchedule, [guildId])).rows;
      return row === undefined ? undefined : toSchedule(row, PG_COLUMNS);
    },

    async listSchedules(): Promise<Schedule[]> {
      return (await db.query<ScheduleRow>(SQL.listSchedules)).rows.map((row) => toSchedule(row, PG_COLUMNS));
    },

    async upsertSchedule(input: ScheduleInput, now: Date): Promise<Schedule> {
      const { guildId, channelId, time, timezone } = input;
      const params = [guildId, channelId, time, timezone, now.getTime()];
      const [row] = (await db.query<ScheduleRow>(SQL.upsertSchedule, params)).rows;
      if (row === undefined) throw new Error(`upsert of the schedule for guild ${guildId} returned nothing`);
      return toSchedule(row, PG_COLUMNS);
    },

    async pause(guildId: string, reason: string, now: Date): Promise<boolean> {
      return changed(db, SQL.pause, [reason, now.getTime(), guildId]);
    },

    async claimPost(
      guildId: string,
      localDate: string,
      owner: string,
      now: Date,
      mode: ClaimMode = 'scheduled',
      leaseUntil: Date = new Date(now.getTime() + DEFAULT_POLICY.claimLeaseMs),
    ): Promise<boolean> {
      const text = mode === 'manual' ? SQL.claimManual : SQL.claimScheduled;
      return changed(db, text, [guildId, localDate, now.getTime(), owner, leaseUntil.getTime()]);
    },

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
      return changed(db, SQL.takeOver, params);
    },

    async releaseClaim(guildId: string, localDate: string, owner: string, at: Date): Promise<boolean> {
      return changed(db, SQL.releaseClaim, [at.getTime(), guildId, localDate, owner]);
    },

    async finishPost(guildId: string, localDate: string, result: PostResult): Promise<boolean> {
      return changed(db, SQL.finishPost, [
        guildId,
        localDate,
        result.owner,
        result.status,
        result.at.getTime(),
        result.status === 'sent' ? result.messageId : null,
        result.status === 'sent' ? null : result.error,
        result.status === 'failed' ? (result.nextAttemptAt?.getTime() ?? null) : null,
      ]);
    },

    async cancelRetry(guildId: string, localDate: string, at: Date): Promise<boolean> {
      return changed(db, SQL.cancelRetry, [at.getTime(), guildId, localDate]);
    },

    async getPost(guildId: string, localDate: string): Promise<PostRecord | undefined> {
      return (await posts(SQL.getPost, [guildId, localDate]))[0];
    },

    async getPosts(guildId: string, localDates: readonly string[]): Promise<PostRecord[]> {
      if (localDates.length === 0) return [];
      return posts(SQL.getPosts, [guildId, [...localDates]]);
    },

    async listPostsBetween(fromDate: string, toDate: string): Promise<PostRecord[]> {
      return posts(SQL.allPostsBetween, [fromDate, toDate]);
    },

    async listPosts(guildId: string): Promise<PostRecord[]> {
      return posts(SQL.listPosts, [guildId]);
    },

    async getLastPost(guildId: string): Promise<PostRecord | undefined> {
      return (await posts(SQL.lastPost, [guildId]))[0];
    },

    async recordError(guildId: string, message: string, at: Date): Promise<void> {
      await db.query(SQL.recordError, [guildId, at.getTime(), message]);
    },

    async lastError(guildId: string): Promise<ErrorRecord | undefined> {
      const [row] = (await db.query<ErrorRow>(SQL.lastError, [guildId])).rows;
      return row === undefined ? undefined : { at: new Date(int8(row.at, 'at')), message: row.message };
    },
  };
}
