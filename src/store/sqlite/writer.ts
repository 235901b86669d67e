import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { FILE_GONE, StoreWriteError } from '../writeError.ts';

/**
 * How a write waits for another process's lock. better-sqlite3 is synchronous: SQLite's own busy
 * timeout would hold the event loop (and every answer) for as long as it waits. So SQLite waits
 * only a moment, and the rest of the wait happens between attempts, on timers.
 */
export interface LockWait {
  /** SQLite's busy timeout per attempt: the longest one attempt may block the event loop. */
  busyTimeoutMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** After this long in all, the write fails cleanly instead of waiting on. */
  totalMs: number;
}

export const LOCK_WAIT: LockWait = { busyTimeoutMs: 20, firstDelayMs: 10, maxDelayMs: 250, totalMs: 10_000 };

/** The pauses between attempts: doubling up to maxDelayMs, together within totalMs. */
export function retryDelays(wait: LockWait): number[] {
  const delays: number[] = [];
  let spent = 0;
  let next = wait.firstDelayMs;
  while (spent + next + wait.busyTimeoutMs <= wait.totalMs) {
    delays.push(next);
    spent += next + wait.busyTimeoutMs;
    next = Math.min(next * 2, wait.maxDelayMs);
  }
  return delays;
}

/** Another process holds the lock; anything else (a full disk, a corrupt file) will not pass by waiting. */
export function isLocked(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export interface FileIdentity {
  dev: number;
  ino: number;
}

export function identityOf(file: string): FileIdentity {
  const { dev, ino } = statSync(file);
  return { dev, ino };
}

/**
 * Throws FILE_GONE unless `file` is still the file the connection opened. SQLite keeps writing to
 * an unlinked file without complaint, so a deleted DATA_DIR would take every later write with it.
 */
export function checkSameFile(file: string, opened: FileIdentity): void {
  let now: FileIdentity | undefined;
  try {
    now = identityOf(file);
  } catch {
    now = undefined;
  }
  if (now?.dev !== opened.dev || now.ino !== opened.ino) {
    throw Object.assign(new Error(`${file} is no longer the database file the bot opened`), { code: FILE_GONE });
  }
}

/** `totalMs` shortens the wait for a write an answer is waiting on (LockWait.totalMs otherwise). */
export type SqliteWrite = <T>(what: string, work: () => T, totalMs?: number) => Promise<T>;

/**
 * Runs `work` (synchronous statements, one transaction at most) as one write: on the file the bot
 * opened, retried on timers while another process holds the lock, and otherwise failed with a
 * StoreWriteError naming the cause. A write that resolves was committed.
 */
export function sqliteWriter(file: string, opened: FileIdentity, wait: LockWait = LOCK_WAIT): SqliteWrite {
  const usual = retryDelays(wait);
  return async (what, work, totalMs) => {
    const delays = totalMs === undefined ? usual : retryDelays({ ...wait, totalMs });
    for (let attempt = 0; ; attempt++) {
      try {
        checkSameFile(file, opened);
        return work();
      } catch (error) {
        const delay = delays[attempt];
        if (!isLocked(error) || delay === undefined) throw new StoreWriteError(what, error);
        await sleep(delay);
      }
    }
  };
}
