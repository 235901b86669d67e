import type { ColumnReader } from '../rows.ts';

/**
 * What the store needs of a Postgres connection: node-postgres (`pg.Pool`, through
 * poolDatabase) and PGlite both fit, so the same SQL runs in production and in every test run.
 */
export interface SqlConnection {
  /** One statement, with $1… parameters. */
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** A script of several statements without parameters (a migration step). */
  exec(sql: string): Promise<unknown>;
}

export interface SqlDatabase extends SqlConnection {
  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlConnection) => Promise<T>): Promise<T>;
}

/** Every Postgres setting the bot chooses, in one place. */
export const POSTGRES_SETTINGS = {
  /** Connections per process: ticks are serial, so a few cover /daily commands alongside them. */
  maxConnections: 5,
  /** Start-up fails after this rather than hang when the server does not answer. */
  connectTimeoutMs: 10_000,
  /** Taken inside the migration transaction; processes starting together migrate one at a time. */
  migrationLockName: 'report-bot:daily-store-migrations',
  migrationsTable: 'daily_schema_migrations',
} as const;

/**
 * A BIGINT column as a number: node-postgres hands int8 over as a decimal string (it may exceed
 * 2^53), PGlite as a number. Epoch milliseconds fit a double; anything else is a bug, not a date.
 */
export function int8(value: unknown, column: string): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n === 'bigint' && n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER)) {
    return Number(n);
  }
  if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
  throw new Error(`column ${column}: expected an int8 holding a safe integer, got ${typeof value} ${String(value)}`);
}

/** Postgres's columns for the row mappers both stores share. */
export const PG_COLUMNS: ColumnReader = { millis: int8, flag: (value) => value as boolean };

/** Whether the statement changed (or inserted) a row: every write returns one row when it does. */
export async function changed(db: SqlConnection, text: string, params: unknown[]): Promise<boolean> {
  return (await db.query(text, params)).rows.length === 1;
}
