import { describe, expect, it } from 'vitest';
import { type RestProxy, startRestProxy } from '../../src/adapters/discord/proxy/restProxy.ts';
import { createLogger } from '../../src/logger.ts';
import { botEnv, nodeTsx, parseLogLine } from './child.ts';
import { seedDueSchedule } from './dailyProcess.ts';
import { DiscordErrors } from './fake/index.ts';
import { makeToken } from './harness.ts';
import { useProcesses } from './useProcesses.ts';

/**
 * Two bot processes behind one @discordjs/proxy (npm run proxy), in front of the fake Discord:
 * the proxy's single rate-limit queue meets an injected 429 and waits it out for them, and every
 * daily post still arrives exactly once.
 */

const STARTUP_MS = 20_000;
const BOT = nodeTsx('src/main.ts');
const POST = /^\/channels\/\d+\/messages$/;
const started = useProcesses();

describe('the shared REST proxy', () => {
  it('two bot processes post through it; a 429 is waited out by the proxy and every post arrives once', async () => {
    const token = makeToken();
    const fake = await started.fake({ token, guilds: [{ name: 'A' }, { name: 'B' }] });
    const proxyLogs: string[] = [];
    const proxy: RestProxy = await startRestProxy({
      port: 0,
      host: '127.0.0.1',
      upstream: fake.apiUrl,
      logger: createLogger('debug', { write: (line: string) => void proxyLogs.push(line) }),
    });
    started.own(proxy, (p) => p.close());
    const [first, second] = fake.world.guilds;
    const channels = [first!.channels[0]!.id, second!.channels[0]!.id];
    // Each process has its own store and one due schedule, so each has exactly one post to make.
    const dirs = [first!, second!].map(() => started.tempDir());
    for (const [i, guild] of [first!, second!].entries()) {
      const dir = dirs[i]!;
      await seedDueSchedule(dir.path, { guildId: guild.id, channelId: channels[i]!, timezone: 'UTC' });
    }
    // A global 429 with a whole second to wait: whichever post comes first meets it.
    fake.failNext({ method: 'POST', path: POST, ...DiscordErrors.rateLimited(1, true) });

    const bots = dirs.map((dir) => started.start(...BOT, botEnv({ token, apiUrl: proxy.apiUrl, dataDir: dir.path })));
    for (const bot of bots) await bot.waitForLog('daily post sent', STARTUP_MS);

    const posts = fake.requests.filter((r) => r.method === 'POST' && POST.test(r.path));
    expect(posts.map((r) => r.status).sort()).toEqual([200, 200, 429]);
    for (const channel of channels) {
      expect(fake.messagesIn(channel).filter((m) => m.author.id === fake.botUser.id)).toHaveLength(1);
    }
    // The proxy met the 429 and retried it; the bots never saw one.
    const limited = proxyLogs.flatMap((l) => parseLogLine(l) ?? []).filter((l) => l.msg?.startsWith('rate limited'));
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited[0]).toMatchObject({ global: true, route: '/channels/:id/messages' });
    const retried = posts.find((r) => r.status === 200 && r.path === posts.find((p) => p.status === 429)?.path);
    expect(retried!.receivedAt - posts.find((p) => p.status === 429)!.receivedAt).toBeGreaterThanOrEqual(900);
    // Every request the bots made went through the proxy, and carried their own token there.
    expect(
      fake.requests.every((r) => r.headers.authorization === undefined || r.headers.authorization === `Bot ${token}`),
    ).toBe(true);
    expect(fake.identifies).toHaveLength(2);
    fake.assertNoViolations();

    for (const bot of bots) bot.process.kill('SIGTERM');
    expect(await Promise.all(bots.map((b) => b.exited))).toEqual([0, 0]);
    for (const bot of bots) {
      expect(bot.stderr()).not.toContain(token);
      expect(bot.stderr()).not.toMatch(/rate limited/i);
    }
    expect(proxyLogs.some((l) => l.includes(token))).toBe(false);
  });
});
