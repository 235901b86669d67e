import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import { migratePostgres, openPostgresStore, PG_MIGRATIONS } from '../../src/daily/store/postgresStore.ts';
import { insightsStoreContract } from './storeContract.ts';

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
});
afterAll(async () => {
  await db.close();
});

insightsStoreContract('Postgres (PGlite)', {
  reset: async () => {
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  },
  open: () => openPostgresStore(db),
  seedVersion4: async () => {
    await migratePostgres(
      db,
      PG_MIGRATIONS.filter((m) => m.version <= 4),
    );
    await db.query(
      `INSERT INTO daily_schedules (guild_id, channel_id, time, timezone, paused, created_at, updated_at)
       VALUES ('old', 'c-old', '09:00', 'UTC', false, 1, 1)`,
    );
  },
});
