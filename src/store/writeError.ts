/**
 * A write the database did not store. Both dialects throw it from every method that changes
 * something, so a caller that got no error knows the change was committed, and a transport can
 * tell the member plainly that nothing was saved instead of a generic apology.
 */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
  /** The driver's code (SQLITE_FULL, 25006, ECONNREFUSED) or one of ours (FILE_GONE); never a message that may quote a URL. */
  readonly code: string;

  constructor(what: string, cause: unknown) {
    const code = codeOf(cause);
    super(`${what} was not stored: ${describeStoreFailure(code)} (${code})`, { cause });
    this.code = code;
  }
}

/** What the member reads when a change of theirs could not be stored. */
export const NOTHING_SAVED =
  "Couldn't save that: the bot's database is not accepting changes right now, so nothing was changed. Please try again later.";

/** Ours: DATA_DIR's bot.sqlite is no longer the file the bot opened (deleted, or replaced). */
export const FILE_GONE = 'FILE_GONE';
/** Ours: Postgres answers, but only for reading (SHOW transaction_read_only). */
export const READ_ONLY = 'READ_ONLY';

export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[\w.-]{1,40}$/.test(code)) return code;
  return error instanceof Error ? error.name : 'error';
}

/** The cause an operator acts on, from a driver's code: SQLite's extended codes, Postgres's SQLSTATE, Node's errno. */
export function describeStoreFailure(code: string): string {
  if (code === FILE_GONE) return 'the database file under DATA_DIR was deleted or replaced while the bot ran';
  if (code === READ_ONLY || code === '25006') return 'the database is read-only (transaction_read_only is on)';
  if (code === 'SQLITE_FULL' || code === '53100') return 'the disk is full';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'LOCK_WAIT') {
    return 'another process held the database lock for too long';
  }
  if (code.startsWith('SQLITE_READONLY')) return 'the database file or its folder is read-only';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'the database file is corrupt';
  if (code.startsWith('SQLITE_IOERR')) return 'the disk reported an I/O error';
  if (code === 'SQLITE_CANTOPEN') return 'the database file cannot be opened (missing, or its folder is gone)';
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|08\w{3}|57P0\d)$/.test(code)) {
    return 'the database server is unreachable';
  }
  if (/^53\w{3}$/.test(code)) return 'the database server is out of resources';
  return 'the database refused the change';
}
