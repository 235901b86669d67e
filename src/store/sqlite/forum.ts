import type Database from 'better-sqlite3';
import type { ForumStore } from '../../forum/store.ts';
import { WRITES } from '../writes.ts';
import type { SqliteWrite } from './writer.ts';

function prepare(db: Database.Database) {
  return {
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
}

/** The answered forum channel per guild, and the claims on answered posts, in bot.sqlite. */
export function sqliteForumStore(db: Database.Database, write: SqliteWrite): ForumStore {
  const statements = prepare(db);
  return {
    async getForumChannel(guildId) {
      return statements.getForumChannel.get(guildId)?.channel_id;
    },

    async setForumChannel(guildId, channelId, now) {
      await write(WRITES.setForumChannel, () => statements.setForumChannel.run(guildId, channelId, now.getTime()));
    },

    async clearForumChannel(guildId) {
      return (await write(WRITES.clearForumChannel, () => statements.clearForumChannel.run(guildId))).changes > 0;
    },

    async claimThread(threadId, guildId, owner, now) {
      const result = await write(WRITES.claimThread, () =>
        statements.claimThread.run(threadId, guildId, owner, now.getTime()),
      );
      return result.changes === 1;
    },
  };
}
