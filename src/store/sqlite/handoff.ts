import type Database from 'better-sqlite3';
import type { HandoffStore } from '../../handoff/store.ts';
import { type BotThreadRow, type HandoffRow, toFollowedThread, toHandoff, toLoopCounts } from '../rows.ts';
import { WRITES } from '../writes.ts';
import { SQLITE_COLUMNS } from './columns.ts';
import type { SqliteWrite } from './writer.ts';

type HelperRow = { role_id: string; channel_id: string | null; daily_limit: number };
type LoopRow = { created_at: number; first_answer_at: number | null; saved_at: number | null };

function prepare(db: Database.Database) {
  return {
    getHelpers: db.prepare<[string], HelperRow>(
      'SELECT role_id, channel_id, daily_limit FROM helper_settings WHERE guild_id = ?',
    ),
    setHelpers: db.prepare<[string, string, string | null, number, number]>(`
      INSERT INTO helper_settings (guild_id, role_id, channel_id, daily_limit, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (guild_id) DO UPDATE SET role_id = excluded.role_id, channel_id = excluded.channel_id,
        daily_limit = excluded.daily_limit, updated_at = excluded.updated_at`),
    clearHelpers: db.prepare<[string]>('DELETE FROM helper_settings WHERE guild_id = ?'),
    // The limit is read and the row written in one statement: SQLite runs it under one write lock.
    addHandoff: db.prepare<[string, string, string, string, number, string, string, number, number]>(`
      INSERT INTO handoffs (id, guild_id, asker_id, question, created_at)
      SELECT ?, ?, ?, ?, ?
      WHERE (SELECT count(*) FROM handoffs WHERE guild_id = ? AND asker_id = ? AND created_at >= ?) < ?
      ON CONFLICT (id) DO NOTHING`),
    removeHandoff: db.prepare<[string]>('DELETE FROM handoffs WHERE id = ?'),
    setThread: db.prepare<[string, string]>('UPDATE handoffs SET thread_id = ? WHERE id = ?'),
    byThread: db.prepare<[string], HandoffRow>('SELECT * FROM handoffs WHERE thread_id = ?'),
    byId: db.prepare<[string], HandoffRow>('SELECT * FROM handoffs WHERE id = ?'),
    saved: db.prepare<[number, string]>('UPDATE handoffs SET saved_at = coalesce(saved_at, ?) WHERE thread_id = ?'),
    follow: db.prepare<[string, string, string, string, number]>(`
      INSERT INTO bot_threads (thread_id, guild_id, asker_id, kind, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (thread_id) DO NOTHING`),
    followed: db.prepare<[string], BotThreadRow>('SELECT * FROM bot_threads WHERE thread_id = ?'),
    otherReplied: db.prepare<[number, string]>(
      'UPDATE bot_threads SET other_replied_at = ? WHERE thread_id = ? AND other_replied_at IS NULL',
    ),
    firstAnswer: db.prepare<[number, string]>(
      'UPDATE handoffs SET first_answer_at = ? WHERE thread_id = ? AND first_answer_at IS NULL',
    ),
    resolved: db.prepare<[number, string]>(
      'UPDATE bot_threads SET resolved_at = ? WHERE thread_id = ? AND resolved_at IS NULL',
    ),
    loop: db.prepare<[string, number], LoopRow>(
      'SELECT created_at, first_answer_at, saved_at FROM handoffs WHERE guild_id = ? AND created_at >= ? AND thread_id IS NOT NULL',
    ),
    purgeHandoffs: db.prepare<[number]>('DELETE FROM handoffs WHERE created_at < ?'),
    purgeThreads: db.prepare<[number]>('DELETE FROM bot_threads WHERE created_at < ?'),
    resolvedCount: db.prepare<[string, number], { n: number }>(
      'SELECT count(*) AS n FROM bot_threads WHERE guild_id = ? AND resolved_at >= ?',
    ),
  };
}

/** Helpers, hand-offs and followed threads (src/handoff/store.ts), in bot.sqlite. */
export function sqliteHandoffStore(db: Database.Database, write: SqliteWrite): HandoffStore {
  const s = prepare(db);
  return {
    async getHelpers(guildId) {
      const row = s.getHelpers.get(guildId);
      if (!row) return undefined;
      return {
        roleId: row.role_id,
        ...(row.channel_id ? { channelId: row.channel_id } : {}),
        dailyLimit: row.daily_limit,
      };
    },
    async setHelpers(guildId, settings, now) {
      await write(WRITES.setHelpers, () =>
        s.setHelpers.run(guildId, settings.roleId, settings.channelId ?? null, settings.dailyLimit, now.getTime()),
      );
    },
    async clearHelpers(guildId) {
      return (await write(WRITES.clearHelpers, () => s.clearHelpers.run(guildId))).changes > 0;
    },
    async addHandoff(record, limit, since) {
      const { id, guildId, askerId, question, createdAt } = record;
      const result = await write(WRITES.addHandoff, () =>
        s.addHandoff.run(id, guildId, askerId, question, createdAt.getTime(), guildId, askerId, since.getTime(), limit),
      );
      return result.changes === 1;
    },
    async removeHandoff(id) {
      await write(WRITES.removeHandoff, () => s.removeHandoff.run(id));
    },
    async setHandoffThread(id, threadId) {
      await write(WRITES.setHandoffThread, () => s.setThread.run(threadId, id));
    },
    async handoffByThread(threadId) {
      const row = s.byThread.get(threadId);
      return row ? toHandoff(row, SQLITE_COLUMNS) : undefined;
    },
    async getHandoff(id) {
      const row = s.byId.get(id);
      return row ? toHandoff(row, SQLITE_COLUMNS) : undefined;
    },
    async markHandoffSaved(threadId, at) {
      return (await write(WRITES.markHandoffSaved, () => s.saved.run(at.getTime(), threadId))).changes > 0;
    },
    async followThread(thread, at) {
      await write(WRITES.followThread, () =>
        s.follow.run(thread.threadId, thread.guildId, thread.askerId, thread.kind, at.getTime()),
      );
    },
    async getFollowedThread(threadId) {
      const row = s.followed.get(threadId);
      return row ? toFollowedThread(row, SQLITE_COLUMNS) : undefined;
    },
    async markOtherReplied(threadId, at) {
      return write(WRITES.markOtherReplied, () =>
        db.transaction(() => {
          s.firstAnswer.run(at.getTime(), threadId);
          return s.otherReplied.run(at.getTime(), threadId).changes > 0;
        })(),
      );
    },
    async markResolved(threadId, at) {
      return (await write(WRITES.markResolved, () => s.resolved.run(at.getTime(), threadId))).changes > 0;
    },
    async purgeHandoffs(cutoff) {
      return write(WRITES.purgeHandoffs, () =>
        db.transaction(() => ({
          handoffs: s.purgeHandoffs.run(cutoff.getTime()).changes,
          threads: s.purgeThreads.run(cutoff.getTime()).changes,
        }))(),
      );
    },
    async loopCounts(guildId, since) {
      const rows = s.loop.all(guildId, since.getTime());
      const resolved = s.resolvedCount.get(guildId, since.getTime())?.n ?? 0;
      return toLoopCounts(rows, resolved, SQLITE_COLUMNS);
    },
  };
}
