import { type AnswerModeStore, readAnswerMode } from '../../generate/modeStore.ts';
import type { SqlDatabase } from './connection.ts';

const SQL = {
  get: 'SELECT mode FROM answer_modes WHERE guild_id = $1',
  set: `INSERT INTO answer_modes (guild_id, mode, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (guild_id) DO UPDATE SET mode = EXCLUDED.mode, updated_at = EXCLUDED.updated_at`,
} as const;

/** Each server's /settings answers mode (src/generate/modeStore.ts), in Postgres. */
export function postgresAnswerModeStore(db: SqlDatabase): AnswerModeStore {
  return {
    async getAnswerMode(guildId) {
      const [row] = (await db.query<{ mode: string }>(SQL.get, [guildId])).rows;
      return readAnswerMode(row?.mode);
    },
    async setAnswerMode(guildId, mode, now) {
      await db.query(SQL.set, [guildId, mode, now.getTime()]);
    },
  };
}
