/** The curated-answer and settings contract (storeContract.ts) on SQLite, PGlite and, where installed, a real PostgreSQL server. */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { openPostgresStore, openPostgresStoreAt } from '../../src/daily/store/postgresStore.ts';
import { openSqliteStore } from '../../src/daily/store/sqliteStore.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { type RealPostgres, skipReason, startPostgres } from '../daily/store/realPostgres.ts';
import { faqStoreContract } from './storeContract.ts';

describe('SQLite', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
    return () => removeDir(dir);
  });
  faqStoreContract('SQLite', { reset: async () => {}, open: async () => openSqliteStore({ dataDir: dir }) });
});

describe('PGlite', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db.close();
  });
  faqStoreContract('Postgres (PGlite)', {
    reset: async () => {
      await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    },
    open: () => openPostgresStore(db),
  });
});

if (skipReason !== undefined) it.skip(`real PostgreSQL server: ${skipReason}`, () => {});

describe.skipIf(skipReason !== undefined)('a real PostgreSQL server', () => {
  let server: RealPostgres;
  let admin: pg.Pool;
  beforeAll(async () => {
    server = await startPostgres();
    admin = new pg.Pool({ connectionString: server.url, max: 1 });
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });
  faqStoreContract('Postgres (server)', {
    reset: async () => {
      await admin.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    },
    open: () => openPostgresStoreAt(server.url),
  });
});
