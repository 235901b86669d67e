/**
 * PostgresStore against a real PostgreSQL server over node-postgres: the store contract with
 * truly concurrent connections, migrations raced by several openers, and several OS processes
 * racing for the same slots. The server is started once for the file (realPostgres.ts); where
 * its binaries are not installed, everything here is skipped, saying why.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScheduleStore } from '../../src/daily/store.ts';
import { openStore } from '../../src/store/open.ts';
import { POSTGRES_SETTINGS } from '../../src/store/postgres/connection.ts';
import { PG_MIGRATIONS } from '../../src/store/postgres/migrations.ts';
import { openPostgresStoreAt, poolDatabase } from '../../src/store/postgres/open.ts';
import { makeTempDir, memoryLogger, removeDir } from '../daily/helpers.ts';
import { serverBackend } from './backends.ts';
import { storeContract } from './contract.ts';
import { skipReason } from './realPostgres.ts';

/** Several openers at once, as when every host of a deployment starts together. */
const OPENERS = 8;
const RACE = { processes: 4, guilds: 40, days: 10 };
const RACE_SCRIPT = path.join(import.meta.dirname, 'claimRace.ts');
const T0 = new Date('2026-05-01T10:00:00Z');

if (skipReason !== undefined) {
  console.warn(`postgresServer.test.ts: ${skipReason}`);
  it.skip(`real PostgreSQL server: ${skipReason}`, () => {});
}

describe.skipIf(skipReason !== undefined)('PostgresStore on a real PostgreSQL server', () => {
  const postgres = serverBackend();
  const emptyDatabase = postgres.reset;

  beforeAll(() => {
    console.info(
      `postgresServer.test.ts: PostgreSQL started in ${postgres.server.startMs} ms on port ${postgres.server.port}`,
    );
  });

  storeContract(postgres);

  describe('specific to node-postgres and a server', () => {
    const opened: ScheduleStore[] = [];
    const open = async () => {
      const store = await openPostgresStoreAt(postgres.server.url);
      opened.push(store);
      return store;
    };

    beforeEach(async () => {
      for (const store of opened.splice(0)) await store.close();
      await emptyDatabase();
    });

    afterAll(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    it('gets int8 columns as strings from node-postgres, and reads them back as the same instants', async () => {
      const store = await open();
      await store.claimPost('g1', 'd1', 'a', T0, 'scheduled', new Date(T0.getTime() + 1));
      const raw = await postgres.admin.query('SELECT claimed_at, lease_until FROM daily_posts');
      expect(raw.rows).toEqual([{ claimed_at: String(T0.getTime()), lease_until: String(T0.getTime() + 1) }]);
      expect(await store.getPost('g1', 'd1')).toMatchObject({ claimedAt: T0, leaseUntil: new Date(T0.getTime() + 1) });
    });

    it(`${OPENERS} stores opening an empty database at once migrate it once`, async () => {
      const stores = await Promise.all(Array.from({ length: OPENERS }, open));
      const steps = await postgres.admin.query<{ version: number; n: string }>(
        `SELECT version, count(*) AS n FROM ${POSTGRES_SETTINGS.migrationsTable} GROUP BY version ORDER BY version`,
      );
      expect(steps.rows).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, n: '1' })));
      for (const store of stores) expect(await store.listSchedules()).toEqual([]);
    });

    it('rolls back a transaction whose work throws, and the pool goes on working', async () => {
      const pool = new pg.Pool({ connectionString: postgres.server.url, max: 1 });
      try {
        const db = poolDatabase(pool);
        await db.exec('CREATE TABLE t (n INTEGER)');
        await expect(
          db.transaction(async (tx) => {
            await tx.query('INSERT INTO t VALUES ($1)', [1]);
            throw new Error('work failed');
          }),
        ).rejects.toThrow('work failed');
        // The one connection is back in the pool, outside any transaction.
        await db.query('INSERT INTO t VALUES ($1)', [2]);
        expect((await postgres.admin.query('SELECT n FROM t')).rows).toEqual([{ n: 2 }]);
      } finally {
        await pool.end();
      }
    });

    it('logs an idle connection the server drops, instead of crashing, and goes on working', async () => {
      const logger = memoryLogger();
      const store = await openPostgresStoreAt(`${postgres.server.url}?application_name=dropped`, { logger });
      opened.push(store);
      await store.listSchedules();
      await postgres.admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dropped'",
      );
      await vi.waitFor(() => expect(logger.entries).toHaveLength(1));
      expect(logger.entries[0]).toMatchObject({ level: 'warn', msg: 'postgres: an idle connection failed' });
      expect(await store.listSchedules()).toEqual([]);
    });

    it('is what openStore opens when DATABASE_URL is set', async () => {
      const dir = makeTempDir();
      try {
        const store = await openStore({ dataDir: dir, databaseUrl: postgres.server.url });
        opened.push(store);
        await store.upsertSchedule({ guildId: 'g1', channelId: 'c', time: '09:00', timezone: 'UTC' }, T0);
        expect((await postgres.admin.query('SELECT guild_id FROM daily_schedules')).rows).toEqual([{ guild_id: 'g1' }]);
      } finally {
        removeDir(dir);
      }
    });

    it(`${RACE.processes} processes racing for ${RACE.guilds * RACE.days} guild-days: each slot has exactly one winner, claim and re-claim`, async () => {
      const children = Array.from({ length: RACE.processes }, (_, i) => raceChild(postgres.server.url, `proc-${i}`));
      try {
        await Promise.all(children.map((c) => c.next()));
        const slots = RACE.guilds * RACE.days;
        const finalOwner = new Map<string, string>();
        for (const phase of ['claim', 'reclaim']) {
          // Every child is ready (connected, migrated) before any starts: they start together.
          for (const c of children) c.send(`go ${phase}`);
          const results = await Promise.all(children.map(async (c) => JSON.parse(await c.next()) as RaceResult));
          const won = results.flatMap((r) => r.won);
          expect(won).toHaveLength(slots);
          expect(new Set(won).size).toBe(slots);
          results.forEach((r, i) => {
            for (const slot of r.won) finalOwner.set(slot, `proc-${i}`);
          });
        }
        for (const c of children) c.send('quit');
        expect(await Promise.all(children.map((c) => c.exited))).toEqual(children.map(() => 0));

        const rows = await postgres.admin.query<{ slot: string; owner: string; status: string; attempts: number }>(
          "SELECT guild_id || ' ' || local_date AS slot, owner, status, attempts FROM daily_posts",
        );
        expect(rows.rows).toHaveLength(slots);
        for (const row of rows.rows) {
          expect(row).toEqual({ slot: row.slot, owner: finalOwner.get(row.slot), status: 'sent', attempts: 2 });
        }
      } finally {
        for (const c of children) c.kill();
      }
    }, 60_000);
  });
});

interface RaceResult {
  phase: string;
  won: string[];
}

/** A claimRace.ts process, read line by line. */
function raceChild(url: string, owner: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', RACE_SCRIPT, url, owner, String(RACE.guilds), String(RACE.days)],
    { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    exited,
    async next(): Promise<string> {
      const { value, done } = await lines.next();
      if (done) throw new Error(`${owner} ended without answering (exit ${await exited}): ${stderr}`);
      return value;
    },
    send(line: string) {
      child.stdin?.write(`${line}\n`);
    },
    kill() {
      if (child.exitCode === null) child.kill();
    },
  };
}
