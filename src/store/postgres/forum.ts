import type { ForumStore } from '../../forum/store.ts';
import { changed, type SqlDatabase } from './connection.ts';

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
} as const;

/** The answered forum channel per guild, and the claims on answered posts, in Postgres. */
export function postgresForumStore(db: SqlDatabase): ForumStore {
  return {
    async getForumChannel(guildId: string): Promise<string | undefined> {
      const [row] = (await db.query<{ channel_id: string }>(SQL.getForumChannel, [guildId])).rows;
      return row?.channel_id;
    },

    async setForumChannel(guildId: string, channelId: string, now: Date): Promise<void> {
      await db.query(SQL.setForumChannel, [guildId, channelId, now.getTime()]);
    },

    async clearForumChannel(guildId: string): Promise<boolean> {
      return changed(db, SQL.clearForumChannel, [guildId]);
    },

    async claimThread(threadId: string, guildId: string, owner: string, now: Date): Promise<boolean> {
      return changed(db, SQL.claimThread, [threadId, guildId, owner, now.getTime()]);
    },
  };
}
