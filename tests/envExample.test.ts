import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './e2e/child.ts';

/**
 * The quick start says to copy .env.example to .env. That copy must start the console as it is,
 * so every setting in it is optional and commented out, and each says what it means and its default.
 */

const EXAMPLE = readFileSync(join(ROOT, '.env.example'), 'utf8');
const SETTINGS = [
  'DISCORD_TOKEN',
  'DISCORD_CLIENT_ID',
  'GUILD_ID',
  'ASK_CHANNEL_IDS',
  'ASK_COOLDOWN_SECONDS',
  'DISCORD_API_URL',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'DATA_DIR',
  'FEEDBACK_RETENTION_DAYS',
  'DAILY_CHANNEL_ID',
  'DAILY_TIME',
  'DAILY_TIMEZONE',
  'DATABASE_URL',
  'SHARD_COUNT',
  'SHARDS',
  'HEALTH_PORT',
  'INTERACTIONS_PORT',
  'DISCORD_PUBLIC_KEY',
  'PROXY_PORT',
  'PROXY_HOST',
  'PROXY_UPSTREAM_URL',
  'LLM_BASE_URL',
  'LLM_MODEL',
  'LLM_API_KEY',
  'LLM_TIMEOUT_MS',
  'LLM_CONCURRENCY',
];

describe('.env.example', () => {
  it('sets nothing: every line is blank or a comment', () => {
    const active = EXAMPLE.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(active).toEqual([]);
  });

  it('offers every setting, commented out, after a comment that gives its default', () => {
    const blocks = EXAMPLE.split(/\n\s*\n/);
    for (const name of SETTINGS) {
      const block = blocks.find((b) => new RegExp(`^# ${name}=`, 'm').test(b));
      expect(block, name).toBeDefined();
      expect(block, name).toMatch(/Defaults?:/);
    }
  });

  const cwd = mkdtempSync(join(tmpdir(), 'report-bot-env-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('copied verbatim to .env, opens the console, which answers', async () => {
    copyFileSync(join(ROOT, '.env.example'), join(cwd, '.env'));
    // Nothing from this shell may stand in for the file: dotenv never overrides a variable that is set.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !SETTINGS.includes(name)));
    // Run from a folder without node_modules: tsx's loader is named by its path, not resolved from there.
    const loader = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(process.execPath, ['--import', loader, join(ROOT, 'src/main.ts')], {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdin.end('When was the KIA founded?\nexit\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    const code = await new Promise((done) => child.once('exit', (c, signal) => done(c ?? signal)));
    clearTimeout(timer);

    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toContain('No DISCORD_TOKEN set, so this is the local console');
    expect(stdout).toContain('established in 1961');
  }, 30_000);
});
