import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../src/adapters/console/console.ts';
import { createLogger } from '../src/logger.ts';
import { formatLogLine, logOutput, readLogFormat } from '../src/logOutput.ts';
import { commands, engine } from './helpers.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secretsecretsecretsecretsecret';

describe('LOG_FORMAT', () => {
  it.each([
    [undefined, true, 'pretty'],
    [undefined, false, 'json'],
    ['', true, 'pretty'],
    ['auto', false, 'json'],
    ['JSON', true, 'json'],
    ['pretty', false, 'pretty'],
    ['loud', true, undefined],
  ])('%j with a terminal %j is %j', (setting, terminal, format) => {
    expect(readLogFormat(setting, terminal)).toBe(format);
  });
});

describe('log lines for a person', () => {
  it('reads as time, level, message and the details, without pino’s own fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: Date.UTC(2026, 11, 7, 9, 14, 3),
      pid: 1,
      hostname: 'h',
      guildId: '42',
      removed: [],
      aliases: false,
      msg: 'insights: the daily purge failed; retrying tomorrow',
      err: { type: 'Error', message: 'disk full', code: 'ENOSPC', stack: 'Error: disk full\n    at x' },
    });
    expect(formatLogLine(line)).toBe(
      '09:14:03 warn  insights: the daily purge failed; retrying tomorrow: disk full (ENOSPC) (guildId=42)\n',
    );
  });

  it('gives a fatal start-up error as its sentence alone, with no token in it', () => {
    const lines: string[] = [];
    const logger = createLogger('info', logOutput('pretty', { write: (text) => lines.push(text) }));
    logger.fatal({ token: TOKEN }, 'Could not connect to Discord: the token was refused.');
    expect(lines).toEqual(['Could not connect to Discord: the token was refused.\n']);
  });

  it('keeps JSON, one object per line, for a collector', () => {
    const lines: string[] = [];
    const logger = createLogger('info', logOutput('json', { write: (text) => lines.push(text) }));
    logger.info({ passages: 52 }, 'knowledge reloaded');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: 'knowledge reloaded', passages: 52 });
  });
});

describe('log lines at the console', () => {
  it('print above the prompt and draw again the line being typed, which is then answered whole', async () => {
    const input = new PassThrough();
    const screen = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    let text = '';
    screen.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    // stdout and stderr share the terminal: the log writes to the same screen as the console.
    const logger = createLogger('info', logOutput('pretty', { write: (line) => screen.write(line) }));
    const done = runConsole({ engine, commands, services: {}, input, output: screen });
    input.write('When was the');
    await new Promise((resolve) => setImmediate(resolve));
    logger.info('knowledge reloaded: 1 report added (lithium.md)');
    input.write(' KIA founded?\r');
    await new Promise((resolve) => setTimeout(resolve, 200));
    input.end('exit\r');
    await done;

    const logAt = text.indexOf('info  knowledge reloaded: 1 report added (lithium.md)\n');
    expect(logAt).toBeGreaterThan(-1);
    // Cleared first (erase the line, cursor to column 1), so the log does not start after "report> When was the".
    const ESC = '\u001b';
    expect(text.slice(0, logAt)).toMatch(new RegExp(`${ESC}\\[2K${ESC}\\[1G\\d\\d:\\d\\d:\\d\\d $`));
    expect(text.slice(logAt)).toContain('report> When was the');
    expect(text.slice(logAt)).toContain('established in 1961');
  });
});
