import type { HandoffStore } from '../../handoff/store.ts';
import { type BotThreadRow, type HandoffRow, toFollowedThread, toHandoff, toLoopCounts } from '../rows.ts';
import { changed, int8, PG_COLUMNS, type SqlDatabase } from './connection.ts';

/** As sqlite/handoff.ts. */
const SQL = {
  getHelpers: 'SELECT role_id, channel_id, daily_limit FROM helper_settings WHERE guild_id = $1',
  setHelpers: `INSERT INTO helper_settings (guild_id, role_id, channel_id, daily_limit, updated_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (guild_id) DO UPDATE SET role_id = EXCLUDED.role_id, channel_id = EXCLUDED.channel_id,
      daily_limit = EXCLUDED.daily_limit, updated_at = EXCLUDED.updated_at`,
  clearHelpers: 'DELETE FROM helper_settings WHERE guild_id = $1 RETURNING guild_id',
  // The asker's row is locked first (an advisory lock per guild and member, held to the commit), so
  // two presses at once on two processes count one after the other.
  lockAsker: 'SELECT pg_advisory_xact_lock(hashtext($1))',
  addHandoff: `INSERT INTO handoffs (id, guild_id, asker_id, question, created_at)
    SELECT $1, $2, $3, $4, $5
    WHERE (SELECT count(*) FROM handoffs WHERE guild_id = $2 AND asker_id = $3 AND created_at >= $6) < $7
    ON CONFLICT (id) DO NOTHING
    RETURNING id`,
  removeHandoff: 'DELETE FROM handoffs WHERE id = $1',
  setThread: 'UPDATE handoffs SET thread_id = $1 WHERE id = $2',
  byThread: 'SELECT * FROM handoffs WHERE thread_id = $1',
  byId: 'SELECT * FROM handoffs WHERE id = $1',
  saved: 'UPDATE handoffs SET saved_at = coalesce(saved_at, $1) WHERE thread_id = $2 RETURNING id',
  follow: `INSERT INTO bot_threads (thread_id, guild_id, asker_id, kind, created_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (thread_id) DO NOTHING`,
  followed: 'SELECT * FROM bot_threads WHERE thread_id = $1',
  firstAnswer: 'UPDATE handoffs SET first_answer_at = $1 WHERE thread_id = $2 AND first_answer_at IS NULL',
  otherReplied: `UPDATE bot_threads SET other_replied_at = $1 WHERE thread_id = $2 AND other_replied_at IS NULL
    RETURNING thread_id`,
  resolved: 'UPDATE bot_threads SET resolved_at = $1 WHERE thread_id = $2 AND resolved_at IS NULL RETURNING thread_id',
  loop: `SELECT created_at, first_answer_at, saved_at FROM handoffs
    WHERE guild_id = $1 AND created_at >= $2 AND thread_id IS NOT NULL`,
  purgeHandoffs: 'DELETE FROM handoffs WHERE created_at < $1 RETURNING id',
  purgeThreads: 'DELETE FROM bot_threads WHERE created_at < $1 RETURNING thread_id',
  resolvedCount: 'SELECT count(*) AS n FROM bot_threads WHERE guild_id = $1 AND resolved_at >= $2',
} as const;

/** Helpers, hand-offs and followed threads (src/handoff/store.ts), in Postgres. */
export function postgresHandoffStore(db: SqlDatabase): HandoffStore {
  return {
    async getHelpers(guildId) {
      const [row] = (
        await db.query<{ role_id: string; channel_id: string | null; daily_limit: number }>(SQL.getHelpers, [guildId])
      ).rows;
      if (!row) return undefined;
      return {
        roleId: row.role_id,
        ...(row.channel_id ? { channelId: row.channel_id } : {}),
        dailyLimit: row.daily_limit,
      };
    },
    async setHelpers(guildId, settings, now) {
      await db.query(SQL.setHelpers, [
        guildId,
        settings.roleId,
        settings.channelId ?? null,
        settings.dailyLimit,
        now.getTime(),
      ]);
    },
    clearHelpers: (guildId) => changed(db, SQL.clearHelpers, [guildId]),
    async addHandoff(record, limit, since) {
      const { id, guildId, askerId, question, createdAt } = record;
      return db.transaction(async (tx) => {
        await tx.query(SQL.lockAsker, [`handoff:${guildId}:${askerId}`]);
        const params = [id, guildId, askerId, question, createdAt.getTime(), since.getTime(), limit];
        return (await tx.query(SQL.addHandoff, params)).rows.length === 1;
      });
    },
    async removeHandoff(id) {
      await db.query(SQL.removeHandoff, [id]);
    },
    async setHandoffThread(id, threadId) {
      await db.query(SQL.setThread, [threadId, id]);
    },
    async handoffByThread(threadId) {
      const [row] = (await db.query<HandoffRow>(SQL.byThread, [threadId])).rows;
      return row ? toHandoff(row, PG_COLUMNS) : undefined;
    },
    async getHandoff(id) {
      const [row] = (await db.query<HandoffRow>(SQL.byId, [id])).rows;
      return row ? toHandoff(row, PG_COLUMNS) : undefined;
    },
    markHandoffSaved: (threadId, at) => changed(db, SQL.saved, [at.getTime(), threadId]),
    async followThread(thread, at) {
      await db.query(SQL.follow, [thread.threadId, thread.guildId, thread.askerId, thread.kind, at.getTime()]);
    },
    async getFollowedThread(threadId) {
      const [row] = (await db.query<BotThreadRow>(SQL.followed, [threadId])).rows;
      return row ? toFollowedThread(row, PG_COLUMNS) : undefined;
    },
    async markOtherReplied(threadId, at) {
      return db.transaction(async (tx) => {
        await tx.query(SQL.firstAnswer, [at.getTime(), threadId]);
        return (await tx.query(SQL.otherReplied, [at.getTime(), threadId])).rows.length === 1;
      });
    },
    markResolved: (threadId, at) => changed(db, SQL.resolved, [at.getTime(), threadId]),
    async purgeHandoffs(cutoff) {
      return db.transaction(async (tx) => ({
        handoffs: (await tx.query(SQL.purgeHandoffs, [cutoff.getTime()])).rows.length,
        threads: (await tx.query(SQL.purgeThreads, [cutoff.getTime()])).rows.length,
      }));
    },
    async loopCounts(guildId, since) {
      const rows = (
        await db.query<{ created_at: unknown; first_answer_at: unknown; saved_at: unknown }>(SQL.loop, [
          guildId,
          since.getTime(),
        ])
      ).rows;
      const [count] = (await db.query<{ n: unknown }>(SQL.resolvedCount, [guildId, since.getTime()])).rows;
      return toLoopCounts(rows, int8(count?.n ?? 0, 'n'), PG_COLUMNS);
    },
  };
}
