import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleStore } from '../../src/daily/store.ts';
import { StoreOpenError } from '../../src/store/openError.ts';
import { MIGRATIONS, migrate, schemaVersion } from '../../src/store/sqlite/migrations.ts';
import { DB_FILE_NAME, openSqliteStore } from '../../src/store/sqlite/open.ts';
import { escapeRegExp } from '../../src/text/escapeRegExp.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { sqliteBackend } from './backends.ts';
import { storeContract } from './contract.ts';

const T0 = new Date('2026-05-01T10:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

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

storeContract(sqliteBackend());

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
    expect(upgraded.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
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
      const store = path.resolve(import.meta.dirname, '../../src/store/sqlite/open.ts');
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
