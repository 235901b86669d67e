import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../src/store/sqlite/migrations.ts';
import { DB_FILE_NAME, openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';

const T0 = new Date('2026-12-01T10:00:00Z');

let dir: string;
const open: Array<ReturnType<typeof openSqliteStore>> = [];

function openStore() {
  const store = openSqliteStore({ dataDir: dir });
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

describe('forum settings', () => {
  it('keeps one forum channel per guild: set, replace, clear', async () => {
    const store = openStore();
    expect(await store.getForumChannel('g1')).toBeUndefined();
    await store.setForumChannel('g1', 'forum-a', T0);
    await store.setForumChannel('g2', 'forum-x', T0);
    await store.setForumChannel('g1', 'forum-b', T0);
    expect(await store.getForumChannel('g1')).toBe('forum-b');
    expect(await store.getForumChannel('g2')).toBe('forum-x');
    expect(await store.clearForumChannel('g1')).toBe(true);
    expect(await store.clearForumChannel('g1')).toBe(false);
    expect(await store.getForumChannel('g1')).toBeUndefined();
    expect(await store.getForumChannel('g2')).toBe('forum-x');
  });

  it('survives a restart', async () => {
    const first = openStore();
    await first.setForumChannel('g1', 'forum-a', T0);
    await first.close();
    expect(await openStore().getForumChannel('g1')).toBe('forum-a');
  });
});

describe('thread claims', () => {
  it('a thread is claimed once, for good, even after a restart', async () => {
    const first = openStore();
    expect(await first.claimThread('t1', 'g1', 'proc-a', T0)).toBe(true);
    expect(await first.claimThread('t1', 'g1', 'proc-a', T0)).toBe(false);
    expect(await first.claimThread('t2', 'g1', 'proc-a', T0)).toBe(true);
    await first.close();
    const second = openStore();
    expect(await second.claimThread('t1', 'g1', 'proc-b', T0)).toBe(false);
  });

  it('two stores on one file racing for the same posts: each post has exactly one winner', async () => {
    const a = openStore();
    const b = openStore();
    const threads = Array.from({ length: 50 }, (_, i) => `t${i}`);
    // Alternate who asks first, so the test sees both stores win and lose.
    const claims = threads.map((t, i) => {
      const order = i % 2 === 0 ? [a, b] : [b, a];
      return Promise.all(order.map((store) => store.claimThread(t, 'g1', store === a ? 'a' : 'b', T0)));
    });
    const results = await Promise.all(claims);
    expect(results.map((pair) => pair.filter(Boolean).length)).toEqual(threads.map(() => 1));
    expect(results.map((pair) => pair.indexOf(true))).toEqual(threads.map(() => 0));
    expect(await a.claimThread('t0', 'g1', 'a', T0)).toBe(false);
    expect(await b.claimThread('t1', 'g1', 'b', T0)).toBe(false);
  });
});

describe('migration to version 4', () => {
  it('upgrades a version 3 file with schedules and posts, keeping them, and adds the forum tables', async () => {
    const file = path.join(dir, DB_FILE_NAME);
    const db = new Database(file);
    expect(
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 3),
      ),
    ).toBe(3);
    db.prepare(
      `INSERT INTO daily_schedules (guild_id, channel_id, time, timezone, paused, created_at, updated_at)
       VALUES ('g1', 'c1', '09:00', 'UTC', 0, 1, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO daily_posts (guild_id, local_date, status, claimed_at, attempts, owner, message_id)
       VALUES ('g1', '2026-11-30', 'sent', 1, 1, 'old', 'm1')`,
    ).run();
    db.close();

    const store = openStore();
    expect((await store.getSchedule('g1'))?.channelId).toBe('c1');
    expect(await store.getPost('g1', '2026-11-30')).toMatchObject({ status: 'sent', messageId: 'm1' });
    await store.setForumChannel('g1', 'forum-a', T0);
    expect(await store.getForumChannel('g1')).toBe('forum-a');
    expect(await store.claimThread('t1', 'g1', 'new', T0)).toBe(true);
    await store.close();

    const upgraded = new Database(file, { readonly: true });
    expect(schemaVersion(upgraded)).toBe(MIGRATIONS.at(-1)?.version);
    upgraded.close();
  });
});
