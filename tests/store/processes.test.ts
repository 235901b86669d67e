import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';

const run = promisify(execFile);
const FIXTURE = path.join(import.meta.dirname, '..', 'daily', 'fixtures', 'tickOnce.ts');
const GUILDS = 40;

let dir: string;

beforeEach(() => {
  dir = makeTempDir();
});

afterEach(() => {
  removeDir(dir);
});

describe('two real processes sharing the database file', () => {
  it('tick at the same instant and post each guild once', async () => {
    const store = openSqliteStore({ dataDir: dir });
    for (let i = 0; i < GUILDS; i++) {
      await store.upsertSchedule(
        { guildId: `g${i}`, channelId: 'c', time: '09:00', timezone: 'UTC' },
        new Date('2026-05-04T00:00:00Z'),
      );
    }
    await store.close();

    // Both children wait for the same wall-clock moment after their (slow) start-up.
    const startAt = String(Date.now() + 1_500);
    const child = (owner: string) =>
      run(process.execPath, ['--import', 'tsx', FIXTURE, dir, owner, '2026-05-04T09:00:00Z', startAt], {
        cwd: process.cwd(),
      });
    const outputs = await Promise.all([child('proc-a'), child('proc-b')]);
    const results = outputs.map((o) => JSON.parse(o.stdout) as { owner: string; sent: string[]; errors: unknown[] });

    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const sent = results.flatMap((r) => r.sent);
    expect(sent).toHaveLength(GUILDS);
    expect(new Set(sent).size).toBe(GUILDS);

    const check = openSqliteStore({ dataDir: dir });
    for (let i = 0; i < GUILDS; i++) {
      expect((await check.getPost(`g${i}`, '2026-05-04'))?.status).toBe('sent');
    }
    await check.close();
  }, 30_000);
});
