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
      DAILY_CHANNEL_ID: '523456789012345678',
      DAILY_TIME: '7:30',
      DAILY_TIMEZONE: 'asia/calcutta',
    });
    expect(r.ok && r.config).toMatchObject({
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
