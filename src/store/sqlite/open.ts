import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BotStore } from '../botStore.ts';
import { StoreOpenError } from '../openError.ts';
import { sqliteAnswerModeStore } from './answerModes.ts';
import { sqliteAskSettingsStore } from './askSettings.ts';
import { sqliteScheduleStore } from './daily.ts';
import { sqliteFaqStore } from './faq.ts';
import { sqliteForumStore } from './forum.ts';
import { sqliteInsightsStore } from './insights.ts';
import { migrate } from './migrations.ts';

export const DB_FILE_NAME = 'bot.sqlite';

export interface SqliteStoreOptions {
  /** The folder that holds bot.sqlite (config.ts reads it from DATA_DIR); created if missing. */
  dataDir: string;
  /** How long to wait for another process's write lock before failing. */
  busyTimeoutMs?: number;
}

function describeOpenFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CANTOPEN') return `${message} (does the directory exist, and is it writable?)`;
  if (code === 'SQLITE_READONLY') return `${message} (the file or its directory is not writable)`;
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
    migrate(db);
  } catch (error) {
    db?.close();
    throw new StoreOpenError(file, describeOpenFailure(error), { cause: error });
  }
  return sqliteStores(db);
}

/** One module per feature over the same connection; close() closes it. */
function sqliteStores(db: Database.Database): BotStore {
  return {
    ...sqliteScheduleStore(db),
    ...sqliteForumStore(db),
    ...sqliteInsightsStore(db),
    ...sqliteFaqStore(db),
    ...sqliteAskSettingsStore(db),
    ...sqliteAnswerModeStore(db),
    async close() {
      if (db.open) db.close();
    },
  };
}
