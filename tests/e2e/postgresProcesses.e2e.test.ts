import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { type RealPostgres, skipReason, startPostgres } from '../store/realPostgres.ts';
import type { Child } from './child.ts';
import { botEnv, nodeTsx, until } from './child.ts';
import { DAILY_POST_PATH, HangingProxy, wallClock } from './dailyProcess.ts';
import type { FakeDiscord } from './fake/index.ts';
import { makeToken } from './harness.ts';
import { useProcesses } from './useProcesses.ts';

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
const BOT = nodeTsx('src/main.ts');

if (skipReason !== undefined) {
  console.warn(`postgresProcesses.e2e.test.ts: ${skipReason}`);
  it.skip(`two bot processes on a real PostgreSQL server: ${skipReason}`, () => {});
}

describe.skipIf(skipReason !== undefined)('two bot processes on one real PostgreSQL server', () => {
  let server: RealPostgres;
  const started = useProcesses();

  beforeAll(async () => {
    server = await startPostgres();
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });
  const start = (env: NodeJS.ProcessEnv): Child => started.start(...BOT, env);

  const delivered = (f: FakeDiscord) =>
    f.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && r.status === 200);

  it('40 guilds are each posted exactly once, though one process is killed mid-post', async () => {
    const token = makeToken();
    const f = await started.fake({ token, guilds: Array.from({ length: GUILDS }, () => ({})) });
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
    const p = started.own(await HangingProxy.start(f.apiUrl), (proxy) => proxy.close());
    let postsByA = 0;
    p.hold = (method, path) => method === 'POST' && DAILY_POST_PATH.test(path) && ++postsByA > 2;
    const env = (apiUrl: string) => {
      const dir = started.tempDir();
      // DATA_DIR is only the console history here: the schedules are in Postgres.
      return botEnv({ token, apiUrl, dataDir: dir.path }, { DATABASE_URL: server.url });
    };
    const a = start(env(p.apiUrl));
    await p.waitForHeld(1, STARTUP_MS);
    // B starts while A holds a claim in flight, and races A's restart for the rest.
    const b = start(env(f.apiUrl));
    await until('B to be posting', () => delivered(f).length >= 5 || undefined, STARTUP_MS);
    a.process.kill('SIGKILL');
    expect(await a.exited).toBe('SIGKILL');

    // The orchestrator starts A again; it takes over the claim its dead predecessor left.
    const again = start(env(f.apiUrl));
    await until('40 posts', () => delivered(f).length >= GUILDS || undefined, STARTUP_MS);
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
    const sentBy = (bot: Child) => bot.logs().filter((l) => l.msg === 'daily post sent').length;
    expect(sentBy(a) + sentBy(b) + sentBy(again)).toBe(GUILDS);
    expect(sentBy(b)).toBeGreaterThan(0);
    // Whichever live process looked first (B's timer, or the restarted A) resent it, once.
    const resends = [b, again].flatMap((bot) =>
      bot.logs().filter((l) => l.msg === 'daily post: resending an attempt that was never confirmed'),
    );
    expect(resends).toHaveLength(1);
    f.assertNoViolations();
  }, 60_000);
});
