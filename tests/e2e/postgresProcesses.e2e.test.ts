import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/daily/store/openStore.ts';
import { type RealPostgres, skipReason, startPostgres } from '../daily/store/realPostgres.ts';
import type { Child } from './child.ts';
import { childEnv, parseLogLine, startChild, tempDir } from './child.ts';
import { DAILY_POST_PATH, HangingProxy, wallClock } from './dailyProcess.ts';
import { FakeDiscord } from './fake/index.ts';
import { makeToken } from './harness.ts';

/**
 * Two bot processes, as two hosts would run them, sharing one real PostgreSQL server: both hold
 * every guild, so every post is raced for through the store's claims. One is SIGKILLed while its
 * post is in flight, and started again as an orchestrator would. PGlite runs in one process, so
 * it cannot show this; where the server binaries are absent this file skips, saying why.
 */

const GUILDS = 40;
const ZONE = 'UTC';
const STARTUP_MS = 20_000;
/** `tsx` would run the bot in a child of its own; SIGKILL must hit the bot, so node runs it directly. */
const BOT = [process.execPath, ['--import', 'tsx', 'src/main.ts']] as const;

if (skipReason !== undefined) {
  console.warn(`postgresProcesses.e2e.test.ts: ${skipReason}`);
  it.skip(`two bot processes on a real PostgreSQL server: ${skipReason}`, () => {});
}

describe.skipIf(skipReason !== undefined)('two bot processes on one real PostgreSQL server', () => {
  let server: RealPostgres;
  let fake: FakeDiscord | undefined;
  let proxy: HangingProxy | undefined;
  let dirs: ReturnType<typeof tempDir>[] = [];
  let bots: Child[] = [];

  beforeAll(async () => {
    server = await startPostgres();
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(async () => {
    for (const bot of bots) await bot.kill();
    await proxy?.close();
    await fake?.close();
    for (const dir of dirs) dir.remove();
    bots = [];
    dirs = [];
    proxy = undefined;
    fake = undefined;
  });

  function start(env: NodeJS.ProcessEnv): Child {
    const bot = startChild(BOT[0], [...BOT[1]], env);
    bots.push(bot);
    return bot;
  }

  const delivered = (f: FakeDiscord) =>
    f.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && r.status === 200);

  async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('40 guilds are each posted exactly once, though one process is killed mid-post', async () => {
    const token = makeToken();
    fake = await FakeDiscord.start({ token, guilds: Array.from({ length: GUILDS }, () => ({})) });
    const f = fake;
    const store = await openStore({ dataDir: '', databaseUrl: server.url });
    const time = wallClock(new Date(Date.now() - 60_000), ZONE);
    for (const guild of f.world.guilds) {
      const channelId = guild.channels[0]?.id ?? '';
      await store.upsertSchedule(
        { guildId: guild.id, channelId, timezone: ZONE, time },
        new Date(Date.now() - 86_400_000),
      );
    }

    // Process A reaches Discord through a proxy that swallows its third post and every one after.
    proxy = await HangingProxy.start(f.apiUrl);
    const p = proxy;
    let postsByA = 0;
    p.hold = (method, path) => method === 'POST' && DAILY_POST_PATH.test(path) && ++postsByA > 2;
    const env = (apiUrl: string) => {
      const dir = tempDir();
      dirs.push(dir);
      // DATA_DIR is only the console history here: the schedules are in Postgres.
      return childEnv({ DISCORD_TOKEN: token, DISCORD_API_URL: apiUrl, DATA_DIR: dir.path, DATABASE_URL: server.url });
    };
    const a = start(env(p.apiUrl));
    await p.waitForHeld(1, STARTUP_MS);
    // B starts while A holds a claim in flight, and races A's restart for the rest.
    const b = start(env(f.apiUrl));
    await until('B to be posting', () => delivered(f).length >= 5, STARTUP_MS);
    a.process.kill('SIGKILL');
    expect(await a.exited).toBe('SIGKILL');

    // The orchestrator starts A again; it takes over the claim its dead predecessor left.
    const again = start(env(f.apiUrl));
    await until('40 posts', () => delivered(f).length >= GUILDS, STARTUP_MS);
    // Give a second post of any guild the chance to show up.
    await new Promise((r) => setTimeout(r, 500));

    const perChannel = new Map<string, number>();
    for (const r of delivered(f)) perChannel.set(r.path, (perChannel.get(r.path) ?? 0) + 1);
    expect(perChannel.size).toBe(GUILDS);
    expect([...perChannel.values()].every((n) => n === 1)).toBe(true);
    expect(p.held).toHaveLength(1);

    const posts = await Promise.all(f.world.guilds.map(async (g) => (await store.listPosts(g.id))[0]));
    await store.close();
    expect(posts.map((post) => post?.status)).toEqual(Array(GUILDS).fill('sent'));
    // The killed process's post went out once, on the second attempt, from its successor.
    const resent = posts.filter((post) => post?.attempts === 2);
    expect(resent).toHaveLength(1);
    const sentBy = (bot: Child) =>
      bot
        .stderr()
        .split('\n')
        .filter((line) => parseLogLine(line)?.msg === 'daily post sent').length;
    expect(sentBy(a) + sentBy(b) + sentBy(again)).toBe(GUILDS);
    expect(sentBy(b)).toBeGreaterThan(0);
    // Whichever live process looked first (B's timer, or the restarted A) resent it, once.
    const resends = [b, again].flatMap((bot) =>
      bot
        .stderr()
        .split('\n')
        .filter((line) => parseLogLine(line)?.msg === 'daily post: resending an attempt that was never confirmed'),
    );
    expect(resends).toHaveLength(1);
    f.assertNoViolations();
  }, 60_000);
});
