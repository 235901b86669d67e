/**
 * An operator's bad day under DATA_DIR, staged for real: a full disk (a small tmpfs, where this
 * machine lets us mount one), DATA_DIR deleted under the running store, a second process holding
 * the write lock, and a partly corrupt file at start. In each, a change the store reports as done
 * is stored, and one it cannot store fails with StoreWriteError naming the cause.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeProbe } from '../../src/compose.ts';
import { healthOf } from '../../src/health/report.ts';
import type { BotStore } from '../../src/store/botStore.ts';
import { StoreOpenError } from '../../src/store/openError.ts';
import { DB_FILE_NAME, openSqliteStore, type SqliteStoreOptions } from '../../src/store/sqlite/open.ts';
import { LOCK_WAIT } from '../../src/store/sqlite/writer.ts';
import { FILE_GONE } from '../../src/store/writeError.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { partlyCorruptDatabase } from './fixtures/corrupt.ts';
import { fillDisk, mountSmallDisk } from './fixtures/smallDisk.ts';

const T0 = new Date('2026-05-01T10:00:00Z');
const HOLD_LOCK = path.join(import.meta.dirname, 'fixtures', 'holdLock.mjs');
/** Longer than any page a small row needs, so a write must find new space on the disk. */
const BIG = 'x'.repeat(12_000);

let dir: string;
const opened: BotStore[] = [];
const children: ChildProcess[] = [];

function open(options: Partial<SqliteStoreOptions> = {}): BotStore {
  const store = openSqliteStore({ dataDir: dir, ...options });
  opened.push(store);
  return store;
}

beforeEach(() => {
  dir = makeTempDir();
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
  for (const store of opened.splice(0)) await store.close();
  removeDir(dir);
});

/** /healthz's status and store report, as the composition root probes the store. */
async function health(store: BotStore) {
  const { status, body } = await healthOf({ store: storeProbe(store) });
  return { status, store: body.store };
}

/** A second process holding BEGIN EXCLUSIVE on `file` for `ms`; resolves once it holds it. */
async function holdLock(file: string, ms: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [HOLD_LOCK, file, String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) if (line === 'locked') return child;
  throw new Error('the lock holder exited before taking the lock');
}

/** The longest the event loop went without running a 5 ms timer, while `work` ran. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const [result] = await Promise.allSettled([work()]);
  clearInterval(timer);
  stallMs = Math.max(stallMs, performance.now() - last);
  return { result: result!, stallMs };
}

const disk = mountSmallDisk();
afterAll(() => disk?.unmount());

describe.skipIf(disk === undefined)('a full disk (a 2 MB tmpfs)', () => {
  it('refuses each change with StoreWriteError (SQLITE_FULL) and reports none as done; the health probe fails', async () => {
    const dataDir = path.join(disk!.path, 'data');
    const store = open({ dataDir });
    const first = await store.addCurated('g', ['what is lithium?'], 'A metal.', T0);
    const filler = fillDisk(disk!.path);
    try {
      const full = { name: 'StoreWriteError', code: 'SQLITE_FULL' };
      await expect(store.addCurated('g', [`why ${BIG}?`], BIG, T0)).rejects.toMatchObject(full);
      await expect(
        store.updateCurated('g', first.id, { phrasings: [`how ${BIG}?`], answer: BIG }, T0),
      ).rejects.toMatchObject(full);
      const schedule = { guildId: 'g', channelId: BIG, time: '09:00', timezone: 'UTC' };
      await expect(store.upsertSchedule(schedule, T0)).rejects.toMatchObject(full);
      await expect(store.probeWrites()).rejects.toMatchObject(full);
      expect(await health(store)).toEqual({ status: 503, store: { reachable: false, error: 'SQLITE_FULL' } });
      expect((await store.listCurated('g')).map((r) => [r.id, r.answer])).toEqual([[first.id, 'A metal.']]);
      expect(await store.getSchedule('g')).toBeUndefined();
    } finally {
      rmSync(filler);
    }
    // Space again: the same store takes writes, and the probe says so.
    expect(await health(store)).toMatchObject({ status: 200, store: { reachable: true } });
  });
});

describe('DATA_DIR deleted while the bot runs', () => {
  it('fails every change with FILE_GONE instead of writing to the unlinked file', async () => {
    const dataDir = path.join(dir, 'data');
    const store = open({ dataDir });
    await store.addCurated('g', ['what is lithium?'], 'A metal.', T0);
    rmSync(dataDir, { recursive: true });
    const gone = { name: 'StoreWriteError', code: FILE_GONE };
    await expect(store.addCurated('g', ['what is cobalt?'], 'Another metal.', T0)).rejects.toMatchObject(gone);
    await expect(store.setAskCooldown('g', 30, T0)).rejects.toMatchObject(gone);
    expect(await health(store)).toEqual({ status: 503, store: { reachable: false, error: FILE_GONE } });
  });

  it('fails them too when another file now stands at DATA_DIR/bot.sqlite', async () => {
    const store = open();
    const file = path.join(dir, DB_FILE_NAME);
    const copy = readFileSync(file);
    rmSync(file);
    writeFileSync(file, copy);
    await expect(store.probeWrites()).rejects.toMatchObject({ code: FILE_GONE });
  });
});

describe('another process holding the write lock', () => {
  it('keeps the event loop running while a write waits, reads go on, and the write fails cleanly after its budget', async () => {
    const store = open({ lockWait: { ...LOCK_WAIT, totalMs: 1_500 } });
    await store.addCurated('g', ['what is lithium?'], 'A metal.', T0);
    await holdLock(path.join(dir, DB_FILE_NAME), 6_000);

    const started = performance.now();
    const { result, stallMs } = await longestStall(() => store.addCurated('g', ['what is cobalt?'], 'A metal.', T0));
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toMatchObject({ name: 'StoreWriteError', code: 'SQLITE_BUSY' });
    expect(performance.now() - started).toBeGreaterThan(1_000);
    // SQLite's own wait (5 s before this fix) would have held every answer for the whole time.
    expect(stallMs).toBeLessThan(300);
    // WAL: readers are not locked out, so curated answers still match.
    expect(await store.listCurated('g')).toHaveLength(1);
    // Within /healthz's own 2 s, with the cause.
    expect(await health(store)).toEqual({ status: 503, store: { reachable: false, error: 'SQLITE_BUSY' } });
  }, 20_000);

  it('gives up within the interaction window on what an interaction must answer first: a question recorded beside an answer, a vote', async () => {
    const store = open();
    const question = { id: 'q1', guildId: 'g', question: 'When?', answered: true, kind: 'answer', at: T0 } as const;
    await store.recordQuestion(question);
    await holdLock(path.join(dir, DB_FILE_NAME), 6_000);
    const busy = { name: 'StoreWriteError', code: 'SQLITE_BUSY' };
    const timed = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await expect(work()).rejects.toMatchObject(busy);
      return performance.now() - started;
    };
    expect(await timed(() => store.recordQuestion({ ...question, id: 'q2' }))).toBeLessThan(1_000);
    expect(await timed(() => store.recordVote({ questionId: 'q1', voter: 'v', vote: 'up', at: T0 }))).toBeLessThan(
      2_500,
    );
    expect(await timed(() => store.setVoteComment('q1', 'v', 'wrong', T0))).toBeLessThan(2_500);
  }, 20_000);

  it('stores the write once the lock is released within its budget', async () => {
    const store = open();
    await holdLock(path.join(dir, DB_FILE_NAME), 1_500);
    const { result, stallMs } = await longestStall(() => store.addCurated('g', ['what is cobalt?'], 'A metal.', T0));
    expect(result.status).toBe('fulfilled');
    expect(stallMs).toBeLessThan(300);
    expect(await store.listCurated('g')).toHaveLength(1);
  }, 20_000);
});

describe('a partly corrupt bot.sqlite', () => {
  it('does not open: a start-up error saying the file is corrupt, never a store that says "added"', async () => {
    await partlyCorruptDatabase(dir);

    let failure: unknown;
    try {
      opened.push(openSqliteStore({ dataDir: dir }));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StoreOpenError);
    expect((failure as Error).message).toMatch(/corrupt/);
  });
});
