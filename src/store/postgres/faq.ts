import type { CuratedAnswer } from '../../faq/record.ts';
import type { FaqStore } from '../../faq/store.ts';
import type { CuratedRow } from '../rows.ts';
import { toCurated } from '../rows.ts';
import { changed, PG_COLUMNS, type SqlDatabase } from './connection.ts';

/** As sqlite/faq.ts: the guild is part of every WHERE, so an id from another server changes nothing. */
const SQL = {
  list: 'SELECT * FROM curated_answers WHERE guild_id = $1 ORDER BY id',
  add: `INSERT INTO curated_answers (guild_id, phrasings, answer, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
    RETURNING *`,
  update: `UPDATE curated_answers SET phrasings = $1, answer = $2, updated_at = $3 WHERE id = $4 AND guild_id = $5
    RETURNING *`,
  remove: 'DELETE FROM curated_answers WHERE id = $1 AND guild_id = $2 RETURNING id',
} as const;

/** Curated answers (src/faq/store.ts), in Postgres. */
export function postgresFaqStore(db: SqlDatabase): FaqStore {
  return {
    async listCurated(guildId: string): Promise<CuratedAnswer[]> {
      return (await db.query<CuratedRow>(SQL.list, [guildId])).rows.map((row) => toCurated(row, PG_COLUMNS));
    },

    async addCurated(guildId: string, phrasings: readonly string[], answer: string, now: Date): Promise<CuratedAnswer> {
      const params = [guildId, JSON.stringify(phrasings), answer, now.getTime()];
      const [row] = (await db.query<CuratedRow>(SQL.add, params)).rows;
      if (row === undefined) throw new Error(`adding a curated answer for guild ${guildId} returned nothing`);
      return toCurated(row, PG_COLUMNS);
    },

    async updateCurated(
      guildId: string,
      id: number,
      change: { phrasings: readonly string[]; answer: string },
      now: Date,
    ): Promise<CuratedAnswer | undefined> {
      const params = [JSON.stringify(change.phrasings), change.answer, now.getTime(), id, guildId];
      const [row] = (await db.query<CuratedRow>(SQL.update, params)).rows;
      return row === undefined ? undefined : toCurated(row, PG_COLUMNS);
    },

    async removeCurated(guildId: string, id: number): Promise<boolean> {
      return changed(db, SQL.remove, [id, guildId]);
    },
  };
}
