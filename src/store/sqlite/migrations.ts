import type Database from 'better-sqlite3';

export interface Migration {
  /** The PRAGMA user_version the database has once this step is applied. */
  version: number;
  description: string;
  sql: string;
}

/** Ordered schema steps. Append new steps; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'daily schedules and their posts',
    sql: `
      CREATE TABLE daily_schedules (
        guild_id     TEXT PRIMARY KEY,
        channel_id   TEXT NOT NULL,
        time         TEXT NOT NULL,
        timezone     TEXT NOT NULL,
        paused       INTEGER NOT NULL DEFAULT 0,
        pause_reason TEXT,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      ) STRICT;

      -- The primary key is what allows one post per guild per local day.
      CREATE TABLE daily_posts (
        guild_id        TEXT NOT NULL,
        local_date      TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'skipped')),
        claimed_at      INTEGER NOT NULL,
        finished_at     INTEGER,
        message_id      TEXT,
        error           TEXT,
        attempts        INTEGER NOT NULL,
        owner           TEXT NOT NULL,
        next_attempt_at INTEGER,
        PRIMARY KEY (guild_id, local_date)
      ) STRICT;
    `,
  },
  {
    version: 2,
    description: 'last error per guild, and indexes for the scheduler',
    sql: `
      CREATE TABLE daily_errors (
        guild_id TEXT PRIMARY KEY,
        at       INTEGER NOT NULL,
        message  TEXT NOT NULL
      ) STRICT;

      CREATE INDEX daily_posts_by_claim ON daily_posts (guild_id, claimed_at);
      CREATE INDEX daily_posts_by_date ON daily_posts (local_date);
    `,
  },
  {
    version: 3,
    description: "claim leases, and the 'unconfirmed' status for a post that may be missing",
    // SQLite cannot alter a CHECK constraint, so the table is rebuilt. A claim left by an older
    // version gets the lease that version assumed (15 min from its claim).
    sql: `
      CREATE TABLE daily_posts_v3 (
        guild_id        TEXT NOT NULL,
        local_date      TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'skipped', 'unconfirmed')),
        claimed_at      INTEGER NOT NULL,
        finished_at     INTEGER,
        message_id      TEXT,
        error           TEXT,
        attempts        INTEGER NOT NULL,
        owner           TEXT NOT NULL,
        next_attempt_at INTEGER,
        lease_until     INTEGER,
        PRIMARY KEY (guild_id, local_date)
      ) STRICT;

      INSERT INTO daily_posts_v3
        (guild_id, local_date, status, claimed_at, finished_at, message_id, error, attempts, owner,
         next_attempt_at, lease_until)
      SELECT guild_id, local_date, status, claimed_at, finished_at, message_id, error, attempts, owner,
        next_attempt_at, CASE status WHEN 'claimed' THEN claimed_at + 900000 END
      FROM daily_posts;

      DROP TABLE daily_posts;
      ALTER TABLE daily_posts_v3 RENAME TO daily_posts;
      CREATE INDEX daily_posts_by_claim ON daily_posts (guild_id, claimed_at);
      CREATE INDEX daily_posts_by_date ON daily_posts (local_date);
    `,
  },
  {
    version: 4,
    description: 'forum channels answered per guild, and the posts claimed there',
    sql: `
      CREATE TABLE forum_settings (
        guild_id   TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- The primary key is what allows one answer per post, across restarts and processes.
      CREATE TABLE forum_claims (
        thread_id  TEXT PRIMARY KEY,
        guild_id   TEXT NOT NULL,
        owner      TEXT NOT NULL,
        claimed_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 5,
    description: 'questions asked and votes on their answers, for /insights (member ids only as salted hashes)',
    sql: `
      -- One row per install: the salt of member hashes, made on first use.
      CREATE TABLE insights_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE insights_questions (
        id       TEXT PRIMARY KEY,
        guild_id TEXT NOT NULL,
        question TEXT NOT NULL,
        answered INTEGER NOT NULL,
        kind     TEXT NOT NULL,
        source   TEXT,
        at       INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX insights_questions_by_guild ON insights_questions (guild_id, at);
      CREATE INDEX insights_questions_by_time ON insights_questions (at);

      -- The primary key is what allows one vote per member per answer.
      CREATE TABLE insights_votes (
        question_id TEXT NOT NULL,
        voter       TEXT NOT NULL,
        vote        TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        comment     TEXT,
        at          INTEGER NOT NULL,
        PRIMARY KEY (question_id, voter)
      ) STRICT;
      CREATE INDEX insights_votes_by_time ON insights_votes (at);
    `,
  },
  {
    version: 6,
    description: "curated answers, and each server's ask-channels and cooldown",
    sql: `
      -- phrasings is a JSON array of the ways members ask it, as the admin typed them.
      CREATE TABLE curated_answers (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id   TEXT NOT NULL,
        phrasings  TEXT NOT NULL,
        answer     TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX curated_answers_by_guild ON curated_answers (guild_id, id);

      CREATE TABLE ask_channels (
        guild_id   TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        added_at   INTEGER NOT NULL,
        PRIMARY KEY (guild_id, channel_id)
      ) STRICT;

      CREATE TABLE ask_settings (
        guild_id         TEXT PRIMARY KEY,
        cooldown_seconds INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 7,
    description: "each server's answer mode (/settings answers: extractive or generated)",
    sql: `
      CREATE TABLE answer_modes (
        guild_id   TEXT PRIMARY KEY,
        mode       TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 8,
    description: 'one row the health check rewrites, so /healthz proves the file takes writes',
    sql: `
      CREATE TABLE store_health (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        checked_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 9,
    description: 'the hand-off loop: helpers, hand-offs, threads the bot follows, and ask-channels answered in threads',
    sql: `
      CREATE TABLE helper_settings (
        guild_id    TEXT PRIMARY KEY,
        role_id     TEXT NOT NULL,
        channel_id  TEXT,
        daily_limit INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;

      -- One row per "Ask a person" press that opened (or is opening) a thread.
      CREATE TABLE handoffs (
        id              TEXT PRIMARY KEY,
        guild_id        TEXT NOT NULL,
        asker_id        TEXT NOT NULL,
        question        TEXT NOT NULL,
        thread_id       TEXT UNIQUE,
        created_at      INTEGER NOT NULL,
        first_answer_at INTEGER,
        saved_at        INTEGER
      ) STRICT;
      CREATE INDEX handoffs_by_asker ON handoffs (guild_id, asker_id, created_at);
      CREATE INDEX handoffs_by_time ON handoffs (guild_id, created_at);

      -- Threads the bot opened or answered in: hand-offs, forum posts, answers in threads.
      CREATE TABLE bot_threads (
        thread_id        TEXT PRIMARY KEY,
        guild_id         TEXT NOT NULL,
        asker_id         TEXT NOT NULL,
        kind             TEXT NOT NULL,
        created_at       INTEGER NOT NULL,
        other_replied_at INTEGER,
        resolved_at      INTEGER
      ) STRICT;
      CREATE INDEX bot_threads_by_resolved ON bot_threads (guild_id, resolved_at);

      ALTER TABLE ask_channels ADD COLUMN mode TEXT NOT NULL DEFAULT 'reply';
    `,
  },
];

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the steps the file lacks, each in its own IMMEDIATE transaction with the version
 * re-read inside it, so two processes opening a fresh file at once cannot both apply a step.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const found = schemaVersion(db);
  if (found > latest) {
    throw new Error(`its schema version ${found} is newer than this bot understands (${latest}); update the bot`);
  }
  for (const step of migrations) {
    db.transaction(() => {
      if (schemaVersion(db) >= step.version) return;
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
  return schemaVersion(db);
}
