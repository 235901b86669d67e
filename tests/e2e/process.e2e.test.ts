import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Child } from './child.ts';
import { childEnv, parseLogLine, runChild, startChild, TSX, tempDir } from './child.ts';
import { FakeDiscord } from './fake/index.ts';
import { embedOf, makeToken, replyOf } from './harness.ts';

/** The real entry point (`npm start` runs `tsx src/main.ts`) as an operator runs it. */

const STARTUP_MS = 20_000;

let fake: FakeDiscord | undefined;
let child: Child | undefined;
let dataDir: ReturnType<typeof tempDir> | undefined;

afterEach(async () => {
  await child?.kill();
  await fake?.close();
  dataDir?.remove();
  child = undefined;
  fake = undefined;
  dataDir = undefined;
});

function botEnv(f: FakeDiscord, token: string, dir: string): NodeJS.ProcessEnv {
  return childEnv({ DISCORD_TOKEN: token, DISCORD_API_URL: f.apiUrl, DATA_DIR: dir });
}

describe('npm start', () => {
  it('logs in, answers an interaction, and exits 0 on SIGTERM without ever printing the token', async () => {
    const token = makeToken();
    fake = await FakeDiscord.start({ token });
    dataDir = tempDir();
    child = startChild(TSX, ['src/main.ts'], botEnv(fake, token, dataDir.path));

    await child.waitForLine((line) => parseLogLine(line)?.msg === 'connected to Discord', STARTUP_MS);
    expect(fake.identifies.map((d) => d.token)).toEqual([token]);
    const data = await replyOf(fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' }));
    expect(embedOf(data).description).toContain('1961');
    expect(embedOf(data).footer?.text).toContain('Why Myanmar Matters');
    expect(data.allowed_mentions?.parse).toEqual([]);

    const sentAt = Date.now();
    child.process.kill('SIGTERM');
    const code = await child.exited;

    expect(code).toBe(0);
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    const logs = child
      .stderr()
      .split('\n')
      .flatMap((line) => parseLogLine(line) ?? []);
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['connected to Discord', 'shutting down']));
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    // A clean goodbye: the bot closed its gateway connection itself.
    expect(fake.gatewayEvents.some((e) => e.kind === 'close' && e.by === 'client')).toBe(true);
    expect(child.stdout()).not.toContain(token);
    expect(child.stderr()).not.toContain(token);
    fake.assertNoViolations();
  }, 30_000);

  it.skipIf(!existsSync('/proc/self'))(
    'a DATA_DIR it cannot create (/proc/nope) fails at once with one line naming DATA_DIR and the path',
    async () => {
      const token = makeToken();
      fake = await FakeDiscord.start({ token });
      const startedAt = Date.now();
      const run = await runChild(TSX, ['src/main.ts'], botEnv(fake, token, '/proc/nope'), STARTUP_MS);

      expect(run.code).toBe(1);
      // Start-up is about 3 s here; before the fix the process never exited.
      expect(Date.now() - startedAt).toBeLessThan(STARTUP_MS / 2);
      expect(run.stderr.trim().split('\n')).toEqual([
        'Cannot open the settings database at /proc/nope/bot.sqlite: cannot create the directory /proc/nope (ENOENT); check DATA_DIR (now "/proc/nope")',
      ]);
      expect(fake.identifies).toEqual([]);
    },
    30_000,
  );

  it('a token Discord rejects is a clear fatal line and exit 1, not a crash loop or a leak', async () => {
    const good = makeToken();
    const bad = makeToken();
    fake = await FakeDiscord.start({ token: good });
    dataDir = tempDir();

    const run = await runChild(TSX, ['src/main.ts'], botEnv(fake, bad, dataDir.path), STARTUP_MS);

    expect(run.code).toBe(1);
    const fatal = run.stderr
      .split('\n')
      .flatMap((line) => parseLogLine(line) ?? [])
      .filter((l) => l.level === 60);
    expect(fatal).toEqual([expect.objectContaining({ msg: expect.stringMatching(/^Could not connect to Discord: /) })]);
    expect(run.stdout + run.stderr).not.toContain(bad);
    expect(fake.identifies).toEqual([]);
    fake.assertNoViolations();
  }, 30_000);
});
