import type Database from 'better-sqlite3';
import { type AnswerModeStore, readAnswerMode } from '../../generate/modeStore.ts';
import { WRITES } from '../writes.ts';
import type { SqliteWrite } from './writer.ts';

/** Each server's /settings answers mode (src/generate/modeStore.ts), in bot.sqlite. */
export function sqliteAnswerModeStore(db: Database.Database, write: SqliteWrite): AnswerModeStore {
  const get = db.prepare<[string], { mode: string }>('SELECT mode FROM answer_modes WHERE guild_id = ?');
  const set = db.prepare<[string, string, number]>(`
    INSERT INTO answer_modes (guild_id, mode, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (guild_id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at`);
  return {
    async getAnswerMode(guildId) {
      return readAnswerMode(get.get(guildId)?.mode);
    },
    async setAnswerMode(guildId, mode, now) {
      await write(WRITES.setAnswerMode, () => set.run(guildId, mode, now.getTime()));
    },
  };
}
