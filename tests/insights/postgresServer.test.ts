/** The InsightsStore contract on a real PostgreSQL server (skipped, saying why, where none can start). */
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  migratePostgres,
  openPostgresStoreAt,
  PG_MIGRATIONS,
  poolDatabase,
} from '../../src/daily/store/postgresStore.ts';
import { type RealPostgres, skipReason, startPostgres } from '../daily/store/realPostgres.ts';
import { insightsStoreContract } from './storeContract.ts';

if (skipReason !== undefined) {
  console.warn(`insights postgresServer.test.ts: ${skipReason}`);
  it.skip(`real PostgreSQL server: ${skipReason}`, () => {});
}

describe.skipIf(skipReason !== undefined)('InsightsStore on a real PostgreSQL server', () => {
  let server: RealPostgres;
  let admin: pg.Pool;

  beforeAll(async () => {
    server = await startPostgres();
    admin = new pg.Pool({ connectionString: server.url, max: 2 });
  }, 60_000);

  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });

  insightsStoreContract('Postgres (server)', {
    reset: async () => {
      await admin.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    },
    open: () => openPostgresStoreAt(server.url),
    seedVersion4: async () => {
      await migratePostgres(
        poolDatabase(admin),
        PG_MIGRATIONS.filter((m) => m.version <= 4),
      );
      await admin.query(
        `INSERT INTO daily_schedules (guild_id, channel_id, time, timezone, paused, created_at, updated_at)
         VALUES ('old', 'c-old', '09:00', 'UTC', false, 1, 1)`,
      );
    },
  });
});
