import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { createLogger, scrubSecrets } from '../src/logger.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secretsecretsecretsecretsecret';

describe('configuration', () => {
  it('runs the console with nothing set', () => {
    const r = readConfig({});
    expect(r.ok && r.config).toMatchObject({
      token: undefined,
      apiUrl: 'https://discord.com/api',
      logLevel: 'info',
      cooldownSeconds: 5,
      dataDir: './data',
      databaseUrl: undefined,
      askChannelIds: [],
    });
  });

  it('reads every variable', () => {
    const r = readConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: '123456789012345678',
      GUILD_ID: '223456789012345678',
      ASK_CHANNEL_IDS: '323456789012345678, 423456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:9999/api/',
      LOG_LEVEL: 'DEBUG',
      ASK_COOLDOWN_SECONDS: '2',
      DATA_DIR: '/var/lib/bot',
      DATABASE_URL: ' postgresql://bot:pw@db.example:5432/bot?sslmode=require ',
      DAILY_CHANNEL_ID: '523456789012345678',
      DAILY_TIME: '7:30',
      DAILY_TIMEZONE: 'asia/calcutta',
    });
    expect(r.ok && r.config).toMatchObject({
      dataDir: '/var/lib/bot',
      databaseUrl: 'postgresql://bot:pw@db.example:5432/bot?sslmode=require',
      askChannelIds: ['323456789012345678', '423456789012345678'],
      apiUrl: 'http://127.0.0.1:9999/api',
      logLevel: 'debug',
      cooldownSeconds: 2,
      daily: { channelId: '523456789012345678', time: '07:30', timezone: 'Asia/Kolkata' },
    });
  });

  it('gives one line per problem, naming the variable, never echoing the token', () => {
    const r = readConfig({
      DISCORD_TOKEN: 'short secret',
      GUILD_ID: 'abc',
      ASK_CHANNEL_IDS: '1,2',
      DISCORD_API_URL: 'discord.com',
      LOG_LEVEL: 'loud',
      ASK_COOLDOWN_SECONDS: '-1',
      DAILY_CHANNEL_ID: '523456789012345678',
      DAILY_TIME: '25:00',
      DAILY_TIMEZONE: 'Asia/Kolkatta',
    });
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    for (const name of [
      'DISCORD_TOKEN',
      'GUILD_ID',
      'ASK_CHANNEL_IDS',
      'DISCORD_API_URL',
      'LOG_LEVEL',
      'ASK_COOLDOWN_SECONDS',
      'DAILY_TIME',
      'DAILY_TIMEZONE',
    ]) {
      expect(problems.filter((p) => new RegExp(`^${name}(?![A-Z_])`).test(p))).toHaveLength(1);
    }
    expect(problems.join('\n')).not.toContain('short secret');
    expect(problems.find((p) => p.startsWith('DAILY_TIMEZONE'))).toContain('Asia/Kolkata');
  });

  it('reads the shutdown deadline and the request budget in seconds, and refuses them out of bounds', () => {
    const set = readConfig({ SHUTDOWN_DEADLINE_SECONDS: '2', DISCORD_REQUEST_TIMEOUT_SECONDS: '2.5' });
    expect(set.ok && set.config).toMatchObject({ shutdownDeadlineMs: 2000, requestBudgetMs: 2500 });
    const unset = readConfig({});
    expect(unset.ok && [unset.config.shutdownDeadlineMs, unset.config.requestBudgetMs]).toEqual([undefined, undefined]);
    for (const bad of ['0', '61', '-1', 'soon', '1e3']) {
      const r = readConfig({ SHUTDOWN_DEADLINE_SECONDS: bad, DISCORD_REQUEST_TIMEOUT_SECONDS: bad });
      expect(r.ok ? [] : r.problems).toEqual([
        `SHUTDOWN_DEADLINE_SECONDS must be a number of seconds from 1 to 60, got "${bad}".`,
        `DISCORD_REQUEST_TIMEOUT_SECONDS must be a number of seconds from 1 to 60, got "${bad}".`,
      ]);
    }
  });

  it('takes LOG_FORMAT auto, pretty or json, and names it otherwise', () => {
    expect(readConfig({ LOG_FORMAT: 'Pretty' }).ok).toBe(true);
    const r = readConfig({ LOG_FORMAT: 'yaml' });
    expect(r.ok ? [] : r.problems).toEqual([
      'LOG_FORMAT must be one of auto, pretty, json (auto: lines on a terminal, JSON otherwise).',
    ]);
  });

  it('names every problem of a daily default at once: a mistyped DAILY_CHANNEL_ID and the missing GUILD_ID', () => {
    const r = readConfig({ DAILY_CHANNEL_ID: 'general', DAILY_TIME: '09:00' });
    expect(r.ok ? [] : r.problems).toEqual([
      'DAILY_CHANNEL_ID must be a Discord ID (17–20 digits), got "general".',
      'GUILD_ID is needed with DAILY_CHANNEL_ID: the default schedule belongs to that server.',
    ]);
    const alone = readConfig({ DAILY_CHANNEL_ID: 'general' });
    expect(alone.ok ? [] : alone.problems).toEqual([
      'DAILY_CHANNEL_ID must be a Discord ID (17–20 digits), got "general".',
      'DAILY_TIME (HH:MM) is needed when DAILY_CHANNEL_ID is set.',
      'GUILD_ID is needed with DAILY_CHANNEL_ID: the default schedule belongs to that server.',
    ]);
  });
});

describe('DATABASE_URL', () => {
  const problemsOf = (url: string) => {
    const r = readConfig({ DATABASE_URL: url });
    return r.ok ? [] : r.problems;
  };

  it('refuses anything but a postgres URL, in one line that never repeats the value', () => {
    for (const url of [
      'mysql://bot:hunter2@db/bot',
      'bot:hunter2@db',
      'postgres://bot:hunter2@[db/bot',
      'db.example',
    ]) {
      const problems = problemsOf(url);
      expect(problems).toEqual([
        expect.stringMatching(/^DATABASE_URL must be a postgres:\/\/ \(or postgresql:\/\/\) URL/),
      ]);
      expect(problems.join('\n')).not.toContain('hunter2');
    }
  });

  it('takes postgres:// and postgresql:// URLs, and means SQLite when empty', () => {
    expect(problemsOf('postgres://bot@localhost/bot')).toEqual([]);
    expect(problemsOf('postgresql://localhost')).toEqual([]);
    const r = readConfig({ DATABASE_URL: '  ' });
    expect(r.ok && r.config.databaseUrl).toBeUndefined();
  });
});

describe('the DAILY_* settings, each checked on its own', () => {
  const problemsOf = (env: NodeJS.ProcessEnv) => {
    const r = readConfig(env);
    return r.ok ? [] : r.problems;
  };

  it('refuses an unknown DAILY_TIMEZONE set alone, offering the nearest zones once', () => {
    expect(problemsOf({ DAILY_TIMEZONE: 'Nowhere/City' })).toEqual([
      expect.stringMatching(/^DAILY_TIMEZONE: Unknown time zone "Nowhere\/City"\./),
    ]);
    const [typo] = problemsOf({ DAILY_TIMEZONE: 'Asia/Kolkatta' });
    expect(typo).toMatch(/^DAILY_TIMEZONE: Unknown time zone "Asia\/Kolkatta"\. Did you mean Asia\/Kolkata/);
    expect(typo!.match(/Did you mean/g)).toHaveLength(1);
  });

  it('refuses a malformed DAILY_TIME set alone, and says what else a schedule needs', () => {
    expect(problemsOf({ DAILY_TIME: '25:00' })).toEqual([
      'DAILY_TIME: The hour must be 00 to 23 (got 25); midnight is 00:00.',
      'DAILY_CHANNEL_ID is needed when DAILY_TIME is set.',
    ]);
  });

  it('says a valid DAILY_TIMEZONE alone has no schedule to apply to', () => {
    expect(problemsOf({ DAILY_TIMEZONE: 'Asia/Kolkata' })).toEqual([
      'DAILY_TIMEZONE is set, but a default schedule also needs DAILY_CHANNEL_ID and DAILY_TIME.',
    ]);
  });

  it('builds the default schedule, in UTC unless a zone is given', () => {
    const r = readConfig({
      GUILD_ID: '223456789012345678',
      DAILY_CHANNEL_ID: '523456789012345678',
      DAILY_TIME: '9:05',
    });
    expect(r.ok && r.config.daily).toEqual({ channelId: '523456789012345678', time: '09:05', timezone: 'UTC' });
  });
});

describe('logging', () => {
  it('redacts the token wherever it is nested, and scrubs it from messages', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _enc, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info(
      { token: TOKEN, config: { token: TOKEN }, request: { headers: { authorization: `Bot ${TOKEN}` } } },
      'starting',
    );
    logger.error(scrubSecrets(`request failed for Bot ${TOKEN}`, [TOKEN]));
    expect(lines).toHaveLength(2);
    expect(lines.join('')).not.toContain(TOKEN);
    expect(lines.join('')).not.toContain('secretsecret');
  });
});
