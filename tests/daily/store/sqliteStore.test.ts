import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../src/daily/domain/plan.ts';
import { MIGRATIONS, migrate, schemaVersion } from '../../../src/daily/store/migrations.ts';
import { DB_FILE_NAME, openSqliteStore } from '../../../src/daily/store/sqliteStore.ts';
import type { ScheduleStore } from '../../../src/daily/store/store.ts';
import { StoreOpenError } from '../../../src/daily/store/store.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

const T0 = new Date('2026-05-01T10:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const input = { guildId: 'g1', channelId: 'c1', time: '09:00', timezone: 'Europe/London' };

let dir: string;
const open: ScheduleStore[] = [];

function openStore(dataDir = dir): ScheduleStore {
  const store = openSqliteStore({ dataDir });
  open.push(store);
  return store;
}

beforeEach(() => {
  dir = makeTempDir();
});

afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  removeDir(dir);
});

describe('opening', () => {
  it('creates the data directory and applies every migration to a fresh file', () => {
    const dataDir = path.join(dir, 'nested', 'data');
    openStore(dataDir);
    const file = path.join(dataDir, DB_FILE_NAME);
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)?.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('is idempotent when reopened, and keeps data', async () => {
    const first = openStore();
    await first.upsertSchedule(input, T0);
    await first.close();
    const second = openStore();
    expect((await second.getSchedule('g1'))?.time).toBe('09:00');
    const third = openStore();
    expect(await third.listSchedules()).toHaveLength(1);
  });

  it('upgrades a file made by an older version step by step', async () => {
    const file = path.join(dir, DB_FILE_NAME);
    const db = new Database(file);
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toBe(1);
    db.prepare(
      `INSERT INTO daily_schedules (guild_id, channel_id, time, timezone, paused, created_at, updated_at)
       VALUES ('old', 'c', '08:00', 'UTC', 0, 1, 1)`,
    ).run();
    db.close();
    const store = openStore();
    expect((await store.getSchedule('old'))?.time).toBe('08:00');
    await store.close();
    const upgraded = new Database(file);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    upgraded.close();
  });

  // Every version from before claim leases a user may still have on disk, each with a post in each
  // state it allowed. A version 3 file is upgraded with its rows in tests/forum/store.test.ts.
  it.each(MIGRATIONS.filter((m) => m.version < 3).map((m) => m.version))(
    'upgrades a version %i file with posts, giving a claim left open the lease its version assumed',
    async (version) => {
      const file = path.join(dir, DB_FILE_NAME);
      const db = new Database(file);
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= version),
      );
      const insert = db.prepare(
        `INSERT INTO daily_posts (guild_id, local_date, status, claimed_at, attempts, owner, message_id, next_attempt_at)
         VALUES ('g1', ?, ?, ?, ?, 'old', ?, ?)`,
      );
      insert.run('2026-04-29', 'sent', T0.getTime(), 1, 'm1', null);
      insert.run('2026-04-30', 'failed', T0.getTime(), 2, null, later(5).getTime());
      insert.run('2026-05-01', 'claimed', T0.getTime(), 1, null, null);
      db.close();

      const store = openStore();
      expect(await store.listPosts('g1')).toEqual([
        expect.objectContaining({ localDate: '2026-04-29', status: 'sent', messageId: 'm1' }),
        expect.objectContaining({ localDate: '2026-04-30', status: 'failed', attempts: 2, nextAttemptAt: later(5) }),
        expect.objectContaining({ localDate: '2026-05-01', status: 'claimed', leaseUntil: later(15) }),
      ]);
      // The rebuilt table takes the new status, and keeps the scheduler's indexes.
      await store.finishPost('g1', '2026-05-01', { status: 'unconfirmed', owner: 'old', at: later(20), error: 'x' });
      expect((await store.getPost('g1', '2026-05-01'))?.status).toBe('unconfirmed');
      await store.close();
      const upgraded = new Database(file, { readonly: true });
      expect(schemaVersion(upgraded)).toBe(MIGRATIONS.at(-1)?.version);
      const indexes = upgraded
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'daily_posts' AND sql IS NOT NULL ORDER BY name",
        )
        .all()
        .map((row) => row.name);
      expect(indexes).toEqual(['daily_posts_by_claim', 'daily_posts_by_date']);
      upgraded.close();
    },
  );

  it('refuses a file from a newer version', () => {
    const db = new Database(path.join(dir, DB_FILE_NAME));
    db.pragma('user_version = 99');
    db.close();
    expect(() => openStore()).toThrow(/schema version 99 is newer/);
  });

  it('names the path when the file is not a database', () => {
    const file = path.join(dir, DB_FILE_NAME);
    writeFileSync(file, Buffer.from('this is not an SQLite file, just some garbage bytes\n'.repeat(200)));
    const error = captureOpenError(dir);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error.message).toBe(`Cannot open the settings database at ${file}: file is not a database`);
    expect(error.path).toBe(file);
  });

  it('names the path when the directory cannot be created', () => {
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const dataDir = path.join(blocker, 'data');
    const error = captureOpenError(dataDir);
    expect(error.message).toMatch(
      new RegExp(
        `^Cannot open the settings database at ${escapeRegExp(path.join(dataDir, DB_FILE_NAME))}: cannot create the directory`,
      ),
    );
    expect(error.message).toMatch(/ENOTDIR|EEXIST/);
  });

  // procfs answers ENOENT to any mkdir, which sends Node's recursive mkdirSync into an endless
  // loop. The open runs in a child with a deadline, so a regression fails instead of hanging vitest.
  it.skipIf(!existsSync('/proc/self'))(
    'fails at once, naming the path, where the file system refuses the directory',
    async () => {
      const store = path.resolve(import.meta.dirname, '../../../src/daily/store/sqliteStore.ts');
      const script = `
      const { openSqliteStore } = await import(${JSON.stringify(store)});
      try { openSqliteStore({ dataDir: '/proc/nope/data' }); } catch (error) { console.log(error.message); }`;
      const started = Date.now();
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '--eval', script],
        { timeout: 10_000 },
      );
      expect(stdout.trim()).toBe(
        'Cannot open the settings database at /proc/nope/data/bot.sqlite: cannot create the directory /proc/nope/data (ENOENT)',
      );
      expect(Date.now() - started).toBeLessThan(8_000);
    },
  );

  // root ignores file modes, so this can only be shown as an ordinary user.
  it.skipIf(process.getuid?.() === 0)('names the path when the directory is not writable', () => {
    const dataDir = path.join(dir, 'locked');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o555);
    try {
      const error = captureOpenError(dataDir);
      expect(error.message).toContain(`Cannot open the settings database at ${path.join(dataDir, DB_FILE_NAME)}: `);
      expect(error.message).toMatch(/unable to open database file|readonly/);
    } finally {
      chmodSync(dataDir, 0o755);
    }
  });
});

function captureOpenError(dataDir: string): StoreOpenError {
  try {
    openStore(dataDir);
  } catch (error) {
    if (error instanceof StoreOpenError) return error;
    throw error;
  }
  throw new Error('expected openSqliteStore to fail');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('schedules', () => {
  it('upsert creates, then updates keeping createdAt, and resumes a paused schedule', async () => {
    const store = openStore();
    const created = await store.upsertSchedule(input, T0);
    expect(created).toEqual({ ...input, paused: false, createdAt: T0, updatedAt: T0 });
    expect(await store.pause('g1', 'no access', later(1))).toBe(true);
    expect(await store.getSchedule('g1')).toMatchObject({ paused: true, pauseReason: 'no access' });
    const updated = await store.upsertSchedule({ ...input, time: '18:30' }, later(2));
    expect(updated).toEqual({ ...input, time: '18:30', paused: false, createdAt: T0, updatedAt: later(2) });
    expect(updated.pauseReason).toBeUndefined();
  });

  it('pausing a guild without a schedule changes nothing', async () => {
    const store = openStore();
    expect(await store.pause('nobody', 'x', T0)).toBe(false);
    expect(await store.getSchedule('nobody')).toBeUndefined();
  });
});

describe('posts', () => {
  it('only the first claimer of a guild and local date wins', async () => {
    const a = openStore();
    const b = openStore();
    expect(await a.claimPost('g1', '2026-05-01', 'a', T0)).toBe(true);
    expect(await b.claimPost('g1', '2026-05-01', 'b', T0)).toBe(false);
    expect(await a.claimPost('g1', '2026-05-01', 'a', T0)).toBe(false);
    expect(await b.claimPost('g1', '2026-05-02', 'b', T0)).toBe(true);
    expect(await b.claimPost('g2', '2026-05-01', 'b', T0)).toBe(true);
    expect(await a.getPost('g1', '2026-05-01')).toEqual({
      guildId: 'g1',
      localDate: '2026-05-01',
      status: 'claimed',
      claimedAt: T0,
      attempts: 1,
      owner: 'a',
      leaseUntil: new Date(T0.getTime() + DEFAULT_POLICY.claimLeaseMs),
    });
  });

  it('a claim takes the lease it is given, and finishing drops it', async () => {
    const store = openStore();
    await store.claimPost('g1', 'd1', 'a', T0, 'scheduled', later(1));
    expect((await store.getPost('g1', 'd1'))?.leaseUntil).toEqual(later(1));
    await store.finishPost('g1', 'd1', { status: 'sent', owner: 'a', at: T0, messageId: 'm' });
    expect((await store.getPost('g1', 'd1'))?.leaseUntil).toBeUndefined();
  });

  it('taking over a claim swaps only the claim as seen, once, counting an attempt', async () => {
    const a = openStore();
    const b = openStore();
    await a.claimPost('g1', 'd1', 'dead', T0);
    const seen = { owner: 'dead', claimedAt: T0 };
    expect(await a.takeOverClaim('g1', 'd1', { owner: 'dead', claimedAt: later(1) }, 'a', later(2), later(3))).toBe(
      false,
    );
    const [first, second] = await Promise.all([
      a.takeOverClaim('g1', 'd1', seen, 'a', later(2), later(3)),
      b.takeOverClaim('g1', 'd1', seen, 'b', later(2), later(3)),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await a.getPost('g1', 'd1')).toMatchObject({
      status: 'claimed',
      owner: first ? 'a' : 'b',
      claimedAt: later(2),
      leaseUntil: later(3),
      attempts: 2,
    });
    await a.claimPost('g1', 'd2', 'x', T0);
    await a.finishPost('g1', 'd2', { status: 'sent', owner: 'x', at: T0, messageId: 'm' });
    expect(await a.takeOverClaim('g1', 'd2', { owner: 'x', claimedAt: T0 }, 'a', later(2), later(3))).toBe(false);
  });

  it('only the owner releases its claim, which ends the lease at once', async () => {
    const store = openStore();
    await store.claimPost('g1', 'd1', 'a', T0, 'scheduled', later(5));
    expect(await store.releaseClaim('g1', 'd1', 'b', later(1))).toBe(false);
    expect(await store.releaseClaim('g1', 'd1', 'a', later(1))).toBe(true);
    expect(await store.getPost('g1', 'd1')).toMatchObject({ status: 'claimed', owner: 'a', leaseUntil: later(1) });
  });

  it('an unconfirmed day is final for scheduled claims; /daily now may retake it', async () => {
    const store = openStore();
    await store.claimPost('g1', 'd1', 'a', T0);
    await store.finishPost('g1', 'd1', { status: 'unconfirmed', owner: 'a', at: later(1), error: 'may be missing' });
    expect(await store.getPost('g1', 'd1')).toMatchObject({ status: 'unconfirmed', error: 'may be missing' });
    expect(await store.claimPost('g1', 'd1', 'b', later(60))).toBe(false);
    expect(await store.claimPost('g1', 'd1', 'b', later(60), 'manual')).toBe(true);
    expect(await store.getPost('g1', 'd1')).toMatchObject({ status: 'claimed', owner: 'b', attempts: 2 });
  });

  it('finishing needs the claim: same owner, still claimed', async () => {
    const store = openStore();
    await store.claimPost('g1', '2026-05-01', 'a', T0);
    expect(
      await store.finishPost('g1', '2026-05-01', { status: 'sent', owner: 'b', at: later(1), messageId: 'm' }),
    ).toBe(false);
    expect(
      await store.finishPost('g1', '2026-05-01', { status: 'sent', owner: 'a', at: later(1), messageId: 'm' }),
    ).toBe(true);
    expect(
      await store.finishPost('g1', '2026-05-01', { status: 'sent', owner: 'a', at: later(2), messageId: 'x' }),
    ).toBe(false);
    expect(await store.getPost('g1', '2026-05-01')).toMatchObject({
      status: 'sent',
      messageId: 'm',
      finishedAt: later(1),
    });
  });

  it('a failed post can be re-claimed once its retry time comes, counting attempts', async () => {
    const store = openStore();
    await store.claimPost('g1', '2026-05-01', 'a', T0);
    await store.finishPost('g1', '2026-05-01', {
      status: 'failed',
      owner: 'a',
      at: T0,
      error: '503',
      nextAttemptAt: later(5),
    });
    expect(await store.claimPost('g1', '2026-05-01', 'b', later(4))).toBe(false);
    expect(await store.claimPost('g1', '2026-05-01', 'b', later(5))).toBe(true);
    expect(await store.claimPost('g1', '2026-05-01', 'a', later(5))).toBe(false);
    expect(await store.getPost('g1', '2026-05-01')).toMatchObject({ status: 'claimed', owner: 'b', attempts: 2 });
    expect((await store.getPost('g1', '2026-05-01'))?.nextAttemptAt).toBeUndefined();
  });

  it('a failure without a retry time, or a sent post, is final for scheduled claims', async () => {
    const store = openStore();
    await store.claimPost('g1', 'd1', 'a', T0);
    await store.finishPost('g1', 'd1', { status: 'failed', owner: 'a', at: T0, error: 'gone' });
    expect(await store.claimPost('g1', 'd1', 'a', later(60))).toBe(false);
    await store.claimPost('g1', 'd2', 'a', T0);
    await store.finishPost('g1', 'd2', { status: 'sent', owner: 'a', at: T0, messageId: 'm' });
    expect(await store.claimPost('g1', 'd2', 'a', later(60), 'manual')).toBe(false);
  });

  it('a manual claim may take a failed or skipped day', async () => {
    const store = openStore();
    await store.claimPost('g1', 'd1', 'a', T0);
    await store.finishPost('g1', 'd1', { status: 'failed', owner: 'a', at: T0, error: 'gone' });
    expect(await store.claimPost('g1', 'd1', 'b', later(1), 'manual')).toBe(true);
    await store.claimPost('g1', 'd2', 'a', T0);
    await store.finishPost('g1', 'd2', { status: 'skipped', owner: 'a', at: T0, error: 'missed' });
    expect(await store.claimPost('g1', 'd2', 'b', later(1), 'manual')).toBe(true);
    expect(await store.getPost('g1', 'd2')).toMatchObject({ status: 'claimed', attempts: 1, owner: 'b' });
    expect(await store.claimPost('g1', 'd2', 'c', later(1), 'manual')).toBe(false);
  });

  it('cancelRetry drops a pending retry', async () => {
    const store = openStore();
    await store.claimPost('g1', 'd1', 'a', T0);
    await store.finishPost('g1', 'd1', { status: 'failed', owner: 'a', at: T0, error: '503', nextAttemptAt: later(1) });
    expect(await store.cancelRetry('g1', 'd1', later(2))).toBe(true);
    expect(await store.cancelRetry('g1', 'd1', later(2))).toBe(false);
    expect(await store.claimPost('g1', 'd1', 'a', later(3))).toBe(false);
  });

  it('lists posts, fetches several, and finds the last claimed', async () => {
    const store = openStore();
    await store.claimPost('g1', '2026-05-02', 'a', later(10));
    await store.claimPost('g1', '2026-05-01', 'a', T0);
    await store.claimPost('g2', '2026-05-03', 'a', later(20));
    expect((await store.listPosts('g1')).map((p) => p.localDate)).toEqual(['2026-05-01', '2026-05-02']);
    expect((await store.getPosts('g1', ['2026-05-01', '2026-05-09'])).map((p) => p.localDate)).toEqual(['2026-05-01']);
    expect((await store.getLastPost('g1'))?.localDate).toBe('2026-05-02');
    expect(await store.getLastPost('g3')).toBeUndefined();
  });
});

describe('errors and rotation', () => {
  it('keeps the last error per guild', async () => {
    const store = openStore();
    expect(await store.lastError('g1')).toBeUndefined();
    await store.recordError('g1', 'first', T0);
    await store.recordError('g1', 'second', later(1));
    expect(await store.lastError('g1')).toEqual({ at: later(1), message: 'second' });
  });
});
