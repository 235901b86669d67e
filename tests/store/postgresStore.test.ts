/**
 * PostgresStore over PGlite (Postgres compiled to WASM, in this process): the store contract and
 * the migration runner, in every test run, with no server to install. One PGlite for the file;
 * each test starts from an empty public schema.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { int8, POSTGRES_SETTINGS } from '../../src/store/postgres/connection.ts';
import { migratePostgres, PG_MIGRATIONS, schemaVersionOf } from '../../src/store/postgres/migrations.ts';
import { openPostgresStore, redactDatabaseUrl } from '../../src/store/postgres/open.ts';
import { pgliteBackend } from './backends.ts';
import { storeContract } from './contract.ts';

const pglite = pgliteBackend();
const emptyDatabase = pglite.reset;

storeContract(pglite);

const CURRENT = PG_MIGRATIONS.at(-1)!.version;
const applied = async () =>
  (
    await pglite.db.query<{ version: number }>(
      `SELECT version FROM ${POSTGRES_SETTINGS.migrationsTable} ORDER BY version`,
    )
  ).rows.map((r) => r.version);

describe('Postgres migrations (PGlite)', () => {
  beforeEach(emptyDatabase);

  it('bring an empty database to the current schema, recording each step once', async () => {
    expect(await migratePostgres(pglite.db)).toBe(CURRENT);
    expect(await applied()).toEqual(PG_MIGRATIONS.map((m) => m.version));
    const tables = await pglite.db.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(tables.rows.map((r) => r.tablename)).toEqual([
      'answer_modes',
      'ask_channels',
      'ask_settings',
      'bot_threads',
      'curated_answers',
      'daily_errors',
      'daily_posts',
      'daily_schedules',
      POSTGRES_SETTINGS.migrationsTable,
      'forum_claims',
      'forum_settings',
      'handoffs',
      'helper_settings',
      'insights_meta',
      'insights_questions',
      'insights_votes',
      'store_health',
    ]);
    const indexes = await pglite.db.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'daily_posts' AND indexname LIKE 'daily_posts_by_%' ORDER BY indexname",
    );
    expect(indexes.rows.map((r) => r.indexname)).toEqual(['daily_posts_by_claim', 'daily_posts_by_date']);
  });

  it('re-run on a current database, change nothing and keep the data', async () => {
    const store = await openPostgresStore(pglite.db);
    await store.upsertSchedule({ guildId: 'g1', channelId: 'c', time: '09:00', timezone: 'UTC' }, new Date(0));
    expect(await migratePostgres(pglite.db)).toBe(CURRENT);
    expect(await applied()).toEqual(PG_MIGRATIONS.map((m) => m.version));
    expect(await store.listSchedules()).toHaveLength(1);
  });

  it('apply a step added later to a database made before it, once', async () => {
    await migratePostgres(pglite.db);
    const store = await openPostgresStore(pglite.db);
    await store.upsertSchedule({ guildId: 'g1', channelId: 'c', time: '09:00', timezone: 'UTC' }, new Date(0));
    // ADD COLUMN fails if run twice, so a runner that re-applied steps would throw here.
    const next = [
      ...PG_MIGRATIONS,
      { version: CURRENT + 1, description: 'a test step', sql: 'ALTER TABLE daily_schedules ADD COLUMN note TEXT;' },
    ];
    expect(await migratePostgres(pglite.db, next)).toBe(CURRENT + 1);
    expect(await migratePostgres(pglite.db, next)).toBe(CURRENT + 1);
    expect(await applied()).toEqual([...PG_MIGRATIONS.map((m) => m.version), CURRENT + 1]);
    const rows = await pglite.db.query<{ guild_id: string; note: string | null }>(
      'SELECT guild_id, note FROM daily_schedules',
    );
    expect(rows.rows).toEqual([{ guild_id: 'g1', note: null }]);
  });

  it('roll back a step that fails, leaving the database at its version', async () => {
    await migratePostgres(pglite.db);
    const broken = [
      ...PG_MIGRATIONS,
      {
        version: CURRENT + 1,
        description: 'half a step',
        sql: 'ALTER TABLE daily_schedules ADD COLUMN note TEXT; SELECT no_such_function();',
      },
    ];
    await expect(migratePostgres(pglite.db, broken)).rejects.toThrow(/no_such_function/);
    expect(await schemaVersionOf(pglite.db)).toBe(CURRENT);
    const columns = await pglite.db.query("SELECT 1 FROM information_schema.columns WHERE column_name = 'note'");
    expect(columns.rows).toEqual([]);
  });

  it('refuse a database from a newer version of the bot', async () => {
    await migratePostgres(pglite.db);
    await pglite.db.query(
      `INSERT INTO ${POSTGRES_SETTINGS.migrationsTable} (version, description) VALUES (99, 'future')`,
    );
    await expect(openPostgresStore(pglite.db)).rejects.toThrow(
      `its schema version 99 is newer than this bot understands (${CURRENT}); update the bot`,
    );
  });
});

describe('reading int8 columns', () => {
  it('takes the decimal string node-postgres gives, the number PGlite gives, or a bigint', () => {
    expect(int8('1777629600000', 'at')).toBe(1_777_629_600_000);
    expect(int8(1_777_629_600_000, 'at')).toBe(1_777_629_600_000);
    expect(int8(1_777_629_600_000n, 'at')).toBe(1_777_629_600_000);
    expect(int8('-5', 'at')).toBe(-5);
  });

  it('refuses anything that is not a safe integer, naming the column', () => {
    expect(() => int8('9223372036854775807', 'claimed_at')).toThrow(/column claimed_at: expected an int8/);
    expect(() => int8(2n ** 60n, 'at')).toThrow(/safe integer/);
    expect(() => int8('1.5', 'at')).toThrow(/safe integer/);
    expect(() => int8('', 'at')).toThrow(/safe integer/);
    expect(() => int8(null, 'at')).toThrow(/safe integer/);
  });
});

describe('redactDatabaseUrl', () => {
  it('drops the password, from the user part and from query parameters', () => {
    expect(redactDatabaseUrl('postgres://bot:hunter2@db.example:5432/bot')).toBe('postgres://bot@db.example:5432/bot');
    expect(redactDatabaseUrl('postgresql://bot@db/bot?password=hunter2&sslmode=require')).toBe(
      'postgresql://bot@db/bot?password=%5Bredacted%5D&sslmode=require',
    );
    expect(redactDatabaseUrl('postgres://db/bot')).toBe('postgres://db/bot');
  });

  it('shows nothing of a URL it cannot parse', () => {
    expect(redactDatabaseUrl('bot:hunter2@db')).toBe('(an unparseable DATABASE_URL)');
    expect(redactDatabaseUrl('postgres://bot:hunter2@[db')).toBe('(an unparseable DATABASE_URL)');
  });
});
