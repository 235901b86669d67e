/**
 * A PostgreSQL server an operator set read-only (`ALTER DATABASE … SET
 * default_transaction_read_only = on`, as for maintenance, or a failover to a replica) still
 * answers every read. Each change must fail as StoreWriteError, and /healthz must say so.
 * A real server (realPostgres.ts); skipped, saying why, where its binaries are not installed.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeProbe } from '../../src/compose.ts';
import { healthOf } from '../../src/health/report.ts';
import type { BotStore } from '../../src/store/botStore.ts';
import { openPostgresStoreAt } from '../../src/store/postgres/open.ts';
import { READ_ONLY } from '../../src/store/writeError.ts';
import { type RealPostgres, skipReason, startPostgres } from './realPostgres.ts';

const T0 = new Date('2026-05-01T10:00:00Z');

if (skipReason !== undefined) it.skip(`read-only PostgreSQL: ${skipReason}`, () => {});

describe.skipIf(skipReason !== undefined)('PostgreSQL set read-only while the bot runs', () => {
  let server: RealPostgres;
  let admin: pg.Client;
  let store: BotStore;

  beforeAll(async () => {
    server = await startPostgres();
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    store = await openPostgresStoreAt(server.url);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await admin?.end();
    await server?.stop();
  });

  /** The setting applies to sessions started after it: end the bot's, as a failover would. */
  async function setReadOnly(on: boolean): Promise<void> {
    await admin.query(`ALTER DATABASE postgres SET default_transaction_read_only = ${on ? 'on' : 'off'}`);
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = $1',
      ['postgres'],
    );
  }

  it('fails each change as StoreWriteError (25006), stores nothing, and /healthz answers 503 READ_ONLY', async () => {
    const first = await store.addCurated('g', ['what is lithium?'], 'A metal.', T0);
    expect((await healthOf({ store: storeProbe(store) })).status).toBe(200);
    await setReadOnly(true);
    try {
      const refused = { name: 'StoreWriteError', code: '25006' };
      // The first query after the sessions ended may meet a connection the pool has not yet dropped.
      await store.listCurated('g').catch(() => undefined);
      await expect(store.addCurated('g', ['what is cobalt?'], 'Another metal.', T0)).rejects.toMatchObject({
        ...refused,
        // The same words as SQLite's, so one alert fits either database.
        message: 'a curated answer was not stored: the database is read-only (transaction_read_only is on) (25006)',
      });
      await expect(store.removeCurated('g', first.id)).rejects.toMatchObject(refused);
      await expect(store.setAskCooldown('g', 30, T0)).rejects.toMatchObject(refused);
      await expect(
        store.upsertSchedule({ guildId: 'g', channelId: 'c', time: '09:00', timezone: 'UTC' }, T0),
      ).rejects.toMatchObject(refused);
      // Reads go on: curated answers still match.
      expect((await store.listCurated('g')).map((r) => r.id)).toEqual([first.id]);
      const health = await healthOf({ store: storeProbe(store) });
      expect(health).toMatchObject({ status: 503, body: { ok: false, store: { reachable: false, error: READ_ONLY } } });
    } finally {
      await setReadOnly(false);
    }
    await store.listCurated('g').catch(() => undefined);
    expect((await healthOf({ store: storeProbe(store) })).status).toBe(200);
  }, 30_000);
});
