import pg from 'pg';
import { scrubSecrets } from '../../logger.ts';
import type { BotStore } from '../botStore.ts';
import { StoreOpenError } from '../openError.ts';
import { READ_ONLY, StoreWriteError } from '../writeError.ts';
import { WRITES, type WriteMethod } from '../writes.ts';
import { postgresAnswerModeStore } from './answerModes.ts';
import { postgresAskSettingsStore } from './askSettings.ts';
import { POSTGRES_SETTINGS, type SqlDatabase } from './connection.ts';
import { postgresScheduleStore } from './daily.ts';
import { postgresFaqStore } from './faq.ts';
import { postgresForumStore } from './forum.ts';
import { postgresHandoffStore } from './handoff.ts';
import { postgresInsightsStore } from './insights.ts';
import { migratePostgres } from './migrations.ts';

export interface PostgresStoreOptions {
  /** Called once by close(): ends the pool the store was opened with. Omit for a borrowed database. */
  onClose?: () => Promise<void>;
}

/**
 * One module per feature over the same database. Takes a migrated database: openPostgresStore
 * and openStore migrate first.
 */
export function postgresStores(db: SqlDatabase, options: PostgresStoreOptions = {}): BotStore {
  let closed = false;
  const store: BotStore = {
    ...postgresScheduleStore(db),
    ...postgresForumStore(db),
    ...postgresInsightsStore(db),
    ...postgresFaqStore(db),
    ...postgresAskSettingsStore(db),
    ...postgresAnswerModeStore(db),
    ...postgresHandoffStore(db),
    probeWrites: () => probeWrites(db),
    async close() {
      if (closed) return;
      closed = true;
      await options.onClose?.();
    },
  };
  for (const method of Object.keys(WRITES) as WriteMethod[]) failsAsStoreWrite(store, method);
  return store;
}

/**
 * A query that resolves has committed (node-postgres returns after the server's COMMIT), so only
 * the failures of the methods that change something need a shape: StoreWriteError, as in SQLite.
 */
function failsAsStoreWrite(store: BotStore, method: WriteMethod): void {
  const original = store[method] as (...args: unknown[]) => Promise<unknown>;
  (store as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    try {
      return await original(...args);
    } catch (error) {
      throw error instanceof StoreWriteError ? error : new StoreWriteError(WRITES[method], error);
    }
  };
}

/**
 * A server in recovery, or one an operator set read-only (default_transaction_read_only), still
 * answers reads: only asking, then writing, shows that changes would fail.
 */
async function probeWrites(db: SqlDatabase): Promise<void> {
  try {
    const { rows } = await db.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
    if (rows[0]?.transaction_read_only === 'on') throw Object.assign(new Error('read-only'), { code: READ_ONLY });
    await db.query(
      `INSERT INTO store_health (id, checked_at) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
      [Date.now()],
    );
  } catch (error) {
    throw new StoreWriteError(WRITES.probeWrites, error);
  }
}

/** Migrates `db`, then returns a store over it. */
export async function openPostgresStore(db: SqlDatabase, options: PostgresStoreOptions = {}): Promise<BotStore> {
  await migratePostgres(db);
  return postgresStores(db, options);
}

/** A pg.Pool as a SqlDatabase: each transaction holds one pooled connection from BEGIN to COMMIT. */
export function poolDatabase(pool: pg.Pool): SqlDatabase {
  const query = async <Row>(client: pg.Pool | pg.PoolClient, text: string, params?: unknown[]) =>
    (await client.query(text, params)) as unknown as { rows: Row[] };
  // Without parameters, node-postgres uses the simple protocol, which runs several statements.
  const exec = (client: pg.Pool | pg.PoolClient, sql: string) => client.query(sql);
  return {
    query: (text, params) => query(pool, text, params),
    exec: (sql) => exec(pool, sql),
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work({
          query: (text, params) => query(client, text, params),
          exec: (sql) => exec(client, sql),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A connection that cannot even roll back is destroyed rather than handed to the next caller.
        client.release(broken);
      }
    },
  };
}

/** Only messages about problems; the bot's logger fits. */
export interface StoreLogger {
  warn(obj: object, msg?: string): void;
}

/**
 * `url` with its password (in the user part or a query parameter) removed, for messages and
 * logs. Anything but a postgres URL is not shown at all: 'bot:secret@db' parses as a URL
 * whose scheme is 'bot:', with the password where the path would be.
 */
export function redactDatabaseUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed === undefined || !/^postgres(ql)?:$/.test(parsed.protocol)) return '(an unparseable DATABASE_URL)';
  parsed.password = '';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass/i.test(key)) parsed.searchParams.set(key, '[redacted]');
  }
  return parsed.toString();
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

export interface OpenPostgresOptions {
  logger?: StoreLogger;
  /** Overrides POSTGRES_SETTINGS.connectTimeoutMs (tests). */
  connectTimeoutMs?: number;
}

/**
 * Connects to the server at `url`, migrates it and returns the store; close() ends the pool.
 * Throws StoreOpenError naming the URL without its password.
 */
export async function openPostgresStoreAt(url: string, options: OpenPostgresOptions = {}): Promise<BotStore> {
  const { logger, connectTimeoutMs = POSTGRES_SETTINGS.connectTimeoutMs } = options;
  const where = redactDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: POSTGRES_SETTINGS.maxConnections,
    connectionTimeoutMillis: connectTimeoutMs,
  });
  // An idle connection the server drops emits 'error' on the pool, which would end the process
  // if nobody listened; the pool replaces it, and a query on a dead connection fails to its caller.
  pool.on('error', (error) => logger?.warn({ err: error, database: where }, 'postgres: an idle connection failed'));
  try {
    return await openPostgresStore(poolDatabase(pool), { onClose: () => pool.end() });
  } catch (error) {
    await pool.end().catch(() => undefined);
    const detail = error instanceof Error ? error.message : String(error);
    throw new StoreOpenError(where, scrubSecrets(detail, [url, passwordOf(url)]), { cause: error });
  }
}
