import type Database from 'better-sqlite3';
import type { AskSettingsStore } from '../../settings/store.ts';
import { WRITES } from '../writes.ts';
import type { SqliteWrite } from './writer.ts';

function prepare(db: Database.Database) {
  return {
    askChannels: db.prepare<[string], { channel_id: string; mode: string }>(
      'SELECT channel_id, mode FROM ask_channels WHERE guild_id = ? ORDER BY added_at, channel_id',
    ),
    cooldown: db.prepare<[string], { cooldown_seconds: number }>(
      'SELECT cooldown_seconds FROM ask_settings WHERE guild_id = ?',
    ),
    addAskChannel: db.prepare<[string, string, number, string]>(`
      INSERT INTO ask_channels (guild_id, channel_id, added_at, mode) VALUES (?, ?, ?, ?)
      ON CONFLICT (guild_id, channel_id) DO UPDATE SET mode = excluded.mode WHERE ask_channels.mode <> excluded.mode`),
    removeAskChannel: db.prepare<[string, string]>('DELETE FROM ask_channels WHERE guild_id = ? AND channel_id = ?'),
    setCooldown: db.prepare<[string, number, number]>(`
      INSERT INTO ask_settings (guild_id, cooldown_seconds, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (guild_id) DO UPDATE SET cooldown_seconds = excluded.cooldown_seconds, updated_at = excluded.updated_at`),
    // Reads the forum's table too: a forum answered also needs the posts' text.
    readsMessages: db.prepare<[], { one: number }>(
      'SELECT 1 AS one FROM ask_channels UNION ALL SELECT 1 FROM forum_settings LIMIT 1',
    ),
  };
}

/** Each server's ask-channels and cooldown (src/settings/store.ts), in bot.sqlite. */
export function sqliteAskSettingsStore(db: Database.Database, write: SqliteWrite): AskSettingsStore {
  const statements = prepare(db);
  return {
    async getAskSettings(guildId) {
      const rows = statements.askChannels.all(guildId);
      const channels = rows.map((r) => r.channel_id);
      const threads = rows.filter((r) => r.mode === 'thread').map((r) => r.channel_id);
      const cooldown = statements.cooldown.get(guildId)?.cooldown_seconds;
      const listed =
        threads.length > 0 ? { askChannelIds: channels, threadChannelIds: threads } : { askChannelIds: channels };
      return cooldown === undefined ? listed : { ...listed, cooldownSeconds: cooldown };
    },

    async addAskChannel(guildId, channelId, now, mode = 'reply') {
      const result = await write(WRITES.addAskChannel, () =>
        statements.addAskChannel.run(guildId, channelId, now.getTime(), mode),
      );
      return result.changes === 1;
    },

    async removeAskChannel(guildId, channelId) {
      const result = await write(WRITES.removeAskChannel, () => statements.removeAskChannel.run(guildId, channelId));
      return result.changes > 0;
    },

    async setAskCooldown(guildId, seconds, now) {
      await write(WRITES.setAskCooldown, () => statements.setCooldown.run(guildId, seconds, now.getTime()));
    },

    async needsMessageContent() {
      return statements.readsMessages.get() !== undefined;
    },
  };
}
