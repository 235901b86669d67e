import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { MIGRATIONS, migrate } from '../../src/daily/store/migrations.ts';
import { DB_FILE_NAME, openSqliteStore } from '../../src/daily/store/sqliteStore.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { insightsStoreContract } from './storeContract.ts';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

insightsStoreContract('SQLite', {
  reset: async () => {},
  open: async () => openSqliteStore({ dataDir: dir }),
  seedVersion4: async () => {
    const db = new Database(path.join(dir, DB_FILE_NAME));
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 4),
    );
    db.prepare(
      `INSERT INTO daily_schedules (guild_id, channel_id, time, timezone, paused, created_at, updated_at)
       VALUES ('old', 'c-old', '09:00', 'UTC', 0, 1, 1)`,
    ).run();
    db.close();
  },
});
