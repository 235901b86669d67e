import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BotStore } from '../botStore.ts';
import { StoreOpenError } from '../openError.ts';
import { WRITES } from '../writes.ts';
import { sqliteAnswerModeStore } from './answerModes.ts';
import { sqliteAskSettingsStore } from './askSettings.ts';
import { sqliteScheduleStore } from './daily.ts';
import { sqliteFaqStore } from './faq.ts';
import { sqliteForumStore } from './forum.ts';
import { sqliteHandoffStore } from './handoff.ts';
import { sqliteInsightsStore } from './insights.ts';
import { migrate } from './migrations.ts';
import { identityOf, LOCK_WAIT, type LockWait, type SqliteWrite, sqliteWriter } from './writer.ts';

export const DB_FILE_NAME = 'bot.sqlite';

export interface SqliteStoreOptions {
  /** The folder that holds bot.sqlite (config.ts reads it from DATA_DIR); created if missing. */
  dataDir: string;
  /** How long opening and migrating wait for another process's write lock (blocking: nothing runs yet). */
  busyTimeoutMs?: number;
  /** How a write waits for another process's lock once the bot runs (writer.ts). */
  lockWait?: LockWait;
}

function describeOpenFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CANTOPEN') return `${message} (does the directory exist, and is it writable?)`;
  if (code === 'SQLITE_READONLY') return `${message} (the file or its directory is not writable)`;
  // "database disk image is malformed" does not say what to do about it.
  if (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT') && !/corrupt/.test(message)) {
    return `${message} (the file is corrupt; stop the bot and restore a backup: docs/operations.md, Backups)`;
  }
  return message;
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's own recursive mkdirSync
 * loops forever where a parent exists but refuses children with ENOENT (procfs: /proc/nope),
 * so a bad DATA_DIR would hang start-up instead of failing.
 */
export function ensureDirectory(dir: string): void {
  try {
    if (statSync(dir).isDirectory()) return;
    throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  const parent = path.dirname(dir);
  if (parent !== dir) ensureDirectory(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    // Another process may have made it between our stat and mkdir.
    if ((error as { code?: string }).code !== 'EEXIST' || !statSync(dir).isDirectory()) throw error;
  }
}

/**
 * A file damaged past its header still opens, and then fails some reads and writes at random:
 * better to refuse it at start-up, naming the way out, than to run on it. quick_check reads every
 * page once (well under a second for the bot's few MB).
 */
function refuseCorrupt(db: Database.Database): void {
  const rows = (db.pragma('quick_check(3)') as Array<{ quick_check: string }>).map((r) => r.quick_check);
  if (rows.length === 1 && rows[0] === 'ok') return;
  // One line for the operator: SQLite's report spans lines, under a "*** in database main ***" banner.
  const problems = rows.flatMap((row) => row.split('\n')).filter((line) => line.trim() && !line.startsWith('***'));
  const more = problems.length > 1 ? `, and more` : '';
  throw Object.assign(
    new Error(
      `the file is corrupt (${problems[0]?.trim() ?? 'quick_check failed'}${more}); stop the bot and restore a backup (docs/operations.md, Backups)`,
    ),
    { code: 'SQLITE_CORRUPT' },
  );
}

/**
 * Opens (creating if needed) <dataDir>/bot.sqlite and brings its schema up to date. WAL mode and
 * a busy timeout let several bot processes share the file. Throws StoreOpenError naming the file.
 */
export function openSqliteStore(options: SqliteStoreOptions): BotStore {
  const dir = path.resolve(options.dataDir);
  const file = path.join(dir, DB_FILE_NAME);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  try {
    ensureDirectory(dir);
  } catch (error) {
    const reason = (error as { code?: string }).code ?? String(error);
    throw new StoreOpenError(file, `cannot create the directory ${dir} (${reason})`, { cause: error });
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('journal_mode = WAL');
    // Safe with WAL (a power cut may lose the last commits, never corrupt); much faster.
    db.pragma('synchronous = NORMAL');
    refuseCorrupt(db);
    migrate(db);
    // From now on a lock is waited for between attempts, on timers, not inside SQLite (writer.ts).
    const wait = options.lockWait ?? LOCK_WAIT;
    db.pragma(`busy_timeout = ${wait.busyTimeoutMs}`);
    const write = sqliteWriter(file, identityOf(file), wait);
    return sqliteStores(db, write);
  } catch (error) {
    db?.close();
    throw new StoreOpenError(file, describeOpenFailure(error), { cause: error });
  }
}

/** Inside /healthz's 2 s, so a lock held too long shows as SQLITE_BUSY rather than a timeout. */
const PROBE_LOCK_WAIT_MS = 1_000;

/** One module per feature over the same connection; close() closes it. */
function sqliteStores(db: Database.Database, write: SqliteWrite): BotStore {
  const touchHealth = db.prepare<[number]>(
    'INSERT INTO store_health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at',
  );
  return {
    ...sqliteScheduleStore(db, write),
    ...sqliteForumStore(db, write),
    ...sqliteInsightsStore(db, write),
    ...sqliteFaqStore(db, write),
    ...sqliteAskSettingsStore(db, write),
    ...sqliteAnswerModeStore(db, write),
    ...sqliteHandoffStore(db, write),
    async probeWrites() {
      // A committed write, as every feature's would be: a rolled-back one might never reach the disk.
      await write(WRITES.probeWrites, () => touchHealth.run(Date.now()), PROBE_LOCK_WAIT_MS);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
