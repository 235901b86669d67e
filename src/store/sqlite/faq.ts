import type Database from 'better-sqlite3';
import type { FaqStore } from '../../faq/store.ts';
import type { CuratedRow } from '../rows.ts';
import { toCurated } from '../rows.ts';
import { WRITES } from '../writes.ts';
import { SQLITE_COLUMNS } from './columns.ts';
import type { SqliteWrite } from './writer.ts';

function prepare(db: Database.Database) {
  return {
    list: db.prepare<[string], CuratedRow>('SELECT * FROM curated_answers WHERE guild_id = ? ORDER BY id'),
    add: db.prepare<[string, string, string, number, number], CuratedRow>(`
      INSERT INTO curated_answers (guild_id, phrasings, answer, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
      RETURNING *`),
    // The guild is part of every WHERE: an id from another server changes nothing.
    update: db.prepare<[string, string, number, number, string], CuratedRow>(`
      UPDATE curated_answers SET phrasings = ?, answer = ?, updated_at = ? WHERE id = ? AND guild_id = ?
      RETURNING *`),
    remove: db.prepare<[number, string]>('DELETE FROM curated_answers WHERE id = ? AND guild_id = ?'),
  };
}

/** Curated answers (src/faq/store.ts), in bot.sqlite. */
export function sqliteFaqStore(db: Database.Database, write: SqliteWrite): FaqStore {
  const statements = prepare(db);
  return {
    async listCurated(guildId) {
      return statements.list.all(guildId).map((row) => toCurated(row, SQLITE_COLUMNS));
    },

    async addCurated(guildId, phrasings, answer, now) {
      // .all(), never .get(): .get() hands back the RETURNING row even when the commit fails (a full disk).
      const [row] = await write(WRITES.addCurated, () =>
        statements.add.all(guildId, JSON.stringify(phrasings), answer, now.getTime(), now.getTime()),
      );
      if (row === undefined) throw new Error(`adding a curated answer for guild ${guildId} returned nothing`);
      return toCurated(row, SQLITE_COLUMNS);
    },

    async updateCurated(guildId, id, change, now) {
      const [row] = await write(WRITES.updateCurated, () =>
        statements.update.all(JSON.stringify(change.phrasings), change.answer, now.getTime(), id, guildId),
      );
      return row === undefined ? undefined : toCurated(row, SQLITE_COLUMNS);
    },

    async removeCurated(guildId, id) {
      return (await write(WRITES.removeCurated, () => statements.remove.run(id, guildId))).changes > 0;
    },
  };
}
