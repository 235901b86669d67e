import type { AskChannelMode, AskSettingsStore, StoredAskSettings } from '../../settings/store.ts';
import { changed, type SqlDatabase } from './connection.ts';

const SQL = {
  askChannels: 'SELECT channel_id, mode FROM ask_channels WHERE guild_id = $1 ORDER BY added_at, channel_id',
  cooldown: 'SELECT cooldown_seconds FROM ask_settings WHERE guild_id = $1',
  addAskChannel: `INSERT INTO ask_channels (guild_id, channel_id, added_at, mode) VALUES ($1, $2, $3, $4)
    ON CONFLICT (guild_id, channel_id) DO UPDATE SET mode = EXCLUDED.mode WHERE ask_channels.mode <> EXCLUDED.mode
    RETURNING channel_id`,
  removeAskChannel: 'DELETE FROM ask_channels WHERE guild_id = $1 AND channel_id = $2 RETURNING channel_id',
  setCooldown: `INSERT INTO ask_settings (guild_id, cooldown_seconds, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (guild_id) DO UPDATE SET cooldown_seconds = EXCLUDED.cooldown_seconds, updated_at = EXCLUDED.updated_at`,
  // Reads the forum's table too: a forum answered also needs the posts' text.
  readsMessages: '(SELECT 1 AS one FROM ask_channels LIMIT 1) UNION ALL (SELECT 1 FROM forum_settings LIMIT 1) LIMIT 1',
} as const;

/** Each server's ask-channels and cooldown (src/settings/store.ts), in Postgres. */
export function postgresAskSettingsStore(db: SqlDatabase): AskSettingsStore {
  return {
    async getAskSettings(guildId: string): Promise<StoredAskSettings> {
      const channels = (await db.query<{ channel_id: string; mode: string }>(SQL.askChannels, [guildId])).rows;
      const [cooldown] = (await db.query<{ cooldown_seconds: number }>(SQL.cooldown, [guildId])).rows;
      const askChannelIds = channels.map((r) => r.channel_id);
      const threadChannelIds = channels.filter((r) => r.mode === 'thread').map((r) => r.channel_id);
      const listed: StoredAskSettings =
        threadChannelIds.length > 0 ? { askChannelIds, threadChannelIds } : { askChannelIds };
      return cooldown === undefined ? listed : { ...listed, cooldownSeconds: cooldown.cooldown_seconds };
    },

    async addAskChannel(
      guildId: string,
      channelId: string,
      now: Date,
      mode: AskChannelMode = 'reply',
    ): Promise<boolean> {
      return changed(db, SQL.addAskChannel, [guildId, channelId, now.getTime(), mode]);
    },

    async removeAskChannel(guildId: string, channelId: string): Promise<boolean> {
      return changed(db, SQL.removeAskChannel, [guildId, channelId]);
    },

    async setAskCooldown(guildId: string, seconds: number, now: Date): Promise<void> {
      await db.query(SQL.setCooldown, [guildId, seconds, now.getTime()]);
    },

    async needsMessageContent(): Promise<boolean> {
      return (await db.query(SQL.readsMessages)).rows.length > 0;
    },
  };
}
