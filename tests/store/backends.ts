/**
 * The three databases every store contract runs on: a SQLite file, PGlite (Postgres in WASM, in
 * this process) and, where its binaries are installed, a real PostgreSQL server (realPostgres.ts).
 * Each backend registers its own set-up and tear-down hooks in the describe that calls it.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { BotStore } from '../../src/store/botStore.ts';
import { migratePostgres, PG_MIGRATIONS } from '../../src/store/postgres/migrations.ts';
import { openPostgresStore, openPostgresStoreAt, poolDatabase } from '../../src/store/postgres/open.ts';
import { MIGRATIONS, migrate } from '../../src/store/sqlite/migrations.ts';
import { DB_FILE_NAME, openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { type RealPostgres, skipReason, startPostgres } from './realPostgres.ts';

export interface StoreBackend {
  /** As the contracts' describe names show it: 'SQLite', 'Postgres (PGlite)', 'Postgres (server)'. */
  readonly name: string;
  /** Before each test: the next open() finds an empty database, as on a first start. */
  reset(): Promise<void>;
  /** Opens (migrating if need be) a store on the current database, as another process would. */
  open(): Promise<BotStore>;
  /** Applies the migrations up to `version` only, as an older bot left the database. */
  migrateTo(version: number): Promise<void>;
  /** Runs one statement without parameters, written in SQL both dialects read (a fixture row). */
  run(sql: string): Promise<void>;
}

const EMPTY_SCHEMA = 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;';

/** A new folder each test; the stores one test opens share its file, as processes would. */
export function sqliteBackend(): StoreBackend {
  let dir: string | undefined;
  afterAll(() => {
    if (dir !== undefined) removeDir(dir);
  });
  const current = () => {
    if (dir === undefined) throw new Error('sqliteBackend: reset() comes before any use');
    return dir;
  };
  const withFile = (work: (db: Database.Database) => void) => {
    const db = new Database(path.join(current(), DB_FILE_NAME));
    try {
      work(db);
    } finally {
      db.close();
    }
  };
  return {
    name: 'SQLite',
    // The contracts close every store of a test before the next reset, so its folder can go.
    reset: async () => {
      if (dir !== undefined) removeDir(dir);
      dir = makeTempDir();
    },
    open: async () => openSqliteStore({ dataDir: current() }),
    migrateTo: async (version) =>
      withFile((db) => {
        migrate(
          db,
          MIGRATIONS.filter((m) => m.version <= version),
        );
      }),
    run: async (sql) => withFile((db) => db.exec(sql)),
  };
}

/** One PGlite for the describe; each reset empties its public schema. */
export function pgliteBackend(): StoreBackend & { readonly db: PGlite } {
  let db: PGlite | undefined;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db?.close();
  });
  const current = () => {
    if (db === undefined) throw new Error('pgliteBackend: used outside a test');
    return db;
  };
  return {
    name: 'Postgres (PGlite)',
    get db() {
      return current();
    },
    reset: async () => {
      await current().exec(EMPTY_SCHEMA);
    },
    open: () => openPostgresStore(current()),
    migrateTo: async (version) => {
      await migratePostgres(
        current(),
        PG_MIGRATIONS.filter((m) => m.version <= version),
      );
    },
    run: async (sql) => {
      await current().exec(sql);
    },
  };
}

/**
 * One real PostgreSQL server for the describe, with a pool to look at it from outside the
 * store; each reset empties its public schema. Call it inside describe.skipIf(skipReason).
 */
export function serverBackend(): StoreBackend & { readonly server: RealPostgres; readonly admin: pg.Pool } {
  let server: RealPostgres | undefined;
  let admin: pg.Pool | undefined;
  beforeAll(async () => {
    server = await startPostgres();
    admin = new pg.Pool({ connectionString: server.url, max: 2 });
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });
  const started = () => {
    if (server === undefined || admin === undefined) throw new Error('serverBackend: the server did not start');
    return { server, admin };
  };
  return {
    name: 'Postgres (server)',
    get server() {
      return started().server;
    },
    get admin() {
      return started().admin;
    },
    reset: async () => {
      await started().admin.query(EMPTY_SCHEMA);
    },
    open: () => openPostgresStoreAt(started().server.url),
    migrateTo: async (version) => {
      await migratePostgres(
        poolDatabase(started().admin),
        PG_MIGRATIONS.filter((m) => m.version <= version),
      );
    },
    run: async (sql) => {
      await started().admin.query(sql);
    },
  };
}

/** Runs `contract` on each backend in its own describe; without a server, says why it skips that one. */
export function onEveryBackend(contract: (backend: StoreBackend) => void): void {
  describe('SQLite', () => contract(sqliteBackend()));
  describe('PGlite', () => contract(pgliteBackend()));
  if (skipReason !== undefined) it.skip(`real PostgreSQL server: ${skipReason}`, () => {});
  describe.skipIf(skipReason !== undefined)('a real PostgreSQL server', () => contract(serverBackend()));
}
