import { existsSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, storeSettingHint } from '../../src/store/open.ts';
import { StoreOpenError } from '../../src/store/openError.ts';
import { openPostgresStoreAt } from '../../src/store/postgres/open.ts';
import { DB_FILE_NAME } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { freePort } from '../freePort.ts';

let dir: string;

beforeEach(() => {
  dir = makeTempDir();
});

afterEach(() => {
  removeDir(dir);
});

describe('openStore', () => {
  it('opens SQLite in DATA_DIR when no DATABASE_URL is set', async () => {
    const store = await openStore({ dataDir: dir });
    await store.upsertSchedule({ guildId: 'g1', channelId: 'c', time: '09:00', timezone: 'UTC' }, new Date(0));
    await store.close();
    expect(existsSync(path.join(dir, DB_FILE_NAME))).toBe(true);
  });

  it('with DATABASE_URL, connects to Postgres; a refused connection names the URL without its password', async () => {
    const port = await freePort();
    const url = `postgres://bot:hunter2-secret@127.0.0.1:${port}/daily`;
    const error = await openStore({ dataDir: dir, databaseUrl: url }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreOpenError);
    const { message, path: where } = error as StoreOpenError;
    expect(where).toBe(`postgres://bot@127.0.0.1:${port}/daily`);
    expect(message).toMatch(
      new RegExp(`^Cannot open the settings database at postgres://bot@127\\.0\\.0\\.1:${port}/daily: .*ECONNREFUSED`),
    );
    expect(message).not.toContain('hunter2');
    // Postgres was chosen: SQLite would have made its file.
    expect(existsSync(path.join(dir, DB_FILE_NAME))).toBe(false);
  });
});

describe('openPostgresStoreAt', () => {
  it('gives up on a server that takes the connection but never answers, instead of hanging', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const opening = openPostgresStoreAt(`postgres://bot:pw@127.0.0.1:${port}/daily`, { connectTimeoutMs: 200 });
      await expect(opening).rejects.toThrow(
        new RegExp(
          `^Cannot open the settings database at postgres://bot@127\\.0\\.0\\.1:${port}/daily: .*timeout`,
          'i',
        ),
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('storeSettingHint', () => {
  it('names the setting that chose the database, never the password', () => {
    expect(storeSettingHint({ dataDir: './data' })).toBe('check DATA_DIR (now "./data")');
    expect(storeSettingHint({ dataDir: './data', databaseUrl: 'postgres://bot:hunter2@db:5432/bot' })).toBe(
      'check DATABASE_URL',
    );
  });
});
