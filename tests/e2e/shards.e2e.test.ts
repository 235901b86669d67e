import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { freePort } from '../freePort.ts';
import { botEnv, nodeTsx, until } from './child.ts';
import { wallClock } from './dailyProcess.ts';
import type { SentInteraction } from './fake/index.ts';
import { shardOfGuild, snowflakeOnShard } from './fake/index.ts';
import { makeToken } from './harness.ts';
import { useProcesses } from './useProcesses.ts';

/**
 * npm run start:shards against the fake Discord: the real ShardingManager with two real children,
 * each the normal bot entry, because that is what an operator runs and it is what carries the
 * settings (SHARDS, SHARD_COUNT, DISCORD_API_URL) and the health report across processes.
 * SHARD_COUNT is left at auto, so the count comes from the fake's GET /gateway/bot.
 */

const SHARDS = 2;
const GUILDS = 40;
const ZONE = 'UTC';
/** The launcher runs under node directly, so SIGTERM reaches the ShardingManager itself. */
const LAUNCHER = nodeTsx('src/shards.ts');
const started = useProcesses();

interface Health {
  status: number;
  body: { ok: boolean; shards: { id: number; status: string }[]; store: { reachable: boolean } };
}

async function health(port: number): Promise<Health | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: res.status, body: (await res.json()) as Health['body'] };
  } catch {
    return undefined;
  }
}

/** Waits until /healthz answers with `status`; resolves with that answer. */
function healthSays(port: number, status: number, timeoutMs: number): Promise<Health> {
  return until(
    `/healthz to say ${status}`,
    async () => {
      const h = await health(port);
      return h?.status === status ? h : undefined;
    },
    timeoutMs,
  );
}

/** Schedules whose slot passed a minute ago, set up yesterday: every bot posts them at once on start. */
async function seedSchedules(dir: string, channels: { guildId: string; channelId: string }[]): Promise<void> {
  const store = openSqliteStore({ dataDir: dir });
  const time = wallClock(new Date(Date.now() - 60_000), ZONE);
  for (const c of channels)
    await store.upsertSchedule({ ...c, timezone: ZONE, time }, new Date(Date.now() - 86_400_000));
  await store.close();
}

describe('npm run start:shards', () => {
  it('two shards: each interaction answered once by its guild’s shard, 40 daily posts once each, /healthz, clean SIGTERM', async () => {
    const token = makeToken();
    // Half the guilds on each shard, by Discord's formula.
    const guilds = Array.from({ length: GUILDS }, (_, i) => ({ id: snowflakeOnShard(i % SHARDS, SHARDS) }));
    const f = await started.fake({ token, guilds, recommendedShards: SHARDS, maxConcurrency: SHARDS });
    const channelOf = new Map(f.world.guilds.map((g) => [g.id, g.channels[0]?.id ?? '']));
    const dataDir = started.tempDir();
    await seedSchedules(
      dataDir.path,
      f.world.guilds.map((g) => ({ guildId: g.id, channelId: channelOf.get(g.id) ?? '' })),
    );
    const port = await freePort();
    const env = botEnv(
      { token, apiUrl: f.apiUrl, dataDir: dataDir.path },
      {
        HEALTH_PORT: String(port),
        // From a shared .env: were it passed on, every shard would bind this one port and crash-loop.
        INTERACTIONS_PORT: String(await freePort()),
        DISCORD_PUBLIC_KEY: 'a'.repeat(64), // A point on the curve: the config refuses keys that are not.
      },
    );
    const bot = started.start(...LAUNCHER, env);

    await bot.waitForLog('all shards ready', 30_000);
    expect(f.identifies.map((d) => (d as { shard?: unknown }).shard).sort()).toEqual([
      [0, SHARDS],
      [1, SHARDS],
    ]);
    const healthy = await healthSays(port, 200, 5_000);
    expect(healthy.body).toMatchObject({
      ok: true,
      shards: [
        { id: 0, status: 'Ready' },
        { id: 1, status: 'Ready' },
      ],
      store: { reachable: true },
    });

    // Interactions in guilds of both shards, and a DM (shard 0's, as Discord routes them).
    const asked = [0, 1, 2, 3].map((i) => {
      const guildId = f.world.guilds[i]?.id ?? '';
      return {
        guildId,
        sent: f.interaction.chatInput(
          'ask',
          { question: 'When was the KIA founded?' },
          { channelId: channelOf.get(guildId) },
        ),
      };
    });
    const dm = f.interaction.chatInput('ask', { question: 'When was the KIA founded?' }, { dm: true });
    await Promise.all([...asked.map((a) => a.sent.waitForCallback(5_000)), dm.waitForCallback(5_000)]);
    const interactionDispatches = f.gatewayEvents.filter((e) => e.kind === 'dispatch' && e.t === 'INTERACTION_CREATE');
    for (const { guildId, sent } of asked) {
      expect(callbacks(sent)).toBe(1);
      expect(interactionDispatches.filter((e) => e.kind === 'dispatch' && e.guild === guildId)).toEqual([
        expect.objectContaining({ shard: shardOfGuild(guildId, SHARDS) }),
      ]);
    }
    expect(callbacks(dm)).toBe(1);

    // A command Discord never would deliver to this shard is left alone; autocomplete is answered anywhere.
    const shard0Guild = f.world.guilds.find((g) => shardOfGuild(g.id, SHARDS) === 0)?.id ?? '';
    const where = { channelId: channelOf.get(shard0Guild) };
    const stray = f.misroute(1, () => f.interaction.chatInput('ask', { question: 'When was the KIA founded?' }, where));
    const strayComplete = f.misroute(1, () => f.interaction.autocomplete('ask', { question: 'KI' }, 'question', where));
    await strayComplete.waitForCallback(5_000);
    await bot.waitForLog(/belongs to another shard/, 5_000);
    expect(callbacks(stray)).toBe(0);

    // Every guild's daily post, once, from the process of the shard that owns it.
    const posted = await until(
      '40 daily posts',
      () => {
        const sent = f.requests.filter(
          (r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && r.status === 200,
        );
        return sent.length >= GUILDS ? sent : undefined;
      },
      15_000,
    );
    // Replies to the interactions above sit in some channels too: count the posts the bot made itself.
    for (const guild of f.world.guilds) {
      expect(posted.filter((r) => r.path === `/channels/${channelOf.get(guild.id)}/messages`)).toHaveLength(1);
    }
    // A shard logs a post once Discord has answered it, a moment after the fake recorded it.
    await until(
      '40 daily post log lines',
      () => (bot.logs().filter((l) => l.msg === 'daily post sent').length >= GUILDS ? true : undefined),
      5_000,
    );
    const logs = bot.logs();
    const shardOfPid = new Map(
      logs.filter((l) => l.msg === 'connected to Discord').map((l) => [l.pid, (l.shards as number[])[0]]),
    );
    expect(shardOfPid.size).toBe(SHARDS);
    const sentLines = logs.filter((l) => l.msg === 'daily post sent');
    expect(sentLines).toHaveLength(GUILDS);
    for (const line of sentLines) expect(shardOfPid.get(line.pid)).toBe(shardOfGuild(String(line.guildId), SHARDS));

    const stoppedAt = Date.now();
    bot.process.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    // Both children closed their own gateway sessions, and nothing was logged as an error.
    expect(f.gatewayEvents.filter((e) => e.kind === 'close' && e.by === 'client')).toHaveLength(SHARDS);
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(bot.stdout() + bot.stderr()).not.toContain(token);
    expect(posted).toHaveLength(GUILDS);
    f.assertNoViolations();
  }, 45_000);

  it('a shard that dies is started again, and /healthz says 503 until it is Ready once more', async () => {
    const token = makeToken();
    const guilds = Array.from({ length: 4 }, (_, i) => ({ id: snowflakeOnShard(i % SHARDS, SHARDS) }));
    const f = await started.fake({ token, guilds, recommendedShards: SHARDS, maxConcurrency: SHARDS });
    const dataDir = started.tempDir();
    const port = await freePort();
    const env = botEnv(
      { token, apiUrl: f.apiUrl, dataDir: dataDir.path },
      { HEALTH_PORT: String(port), SHARD_COUNT: String(SHARDS) },
    );
    const bot = started.start(...LAUNCHER, env);
    await bot.waitForLog('all shards ready', 30_000);
    await healthSays(port, 200, 5_000);
    const shard1 = bot.logs().find((l) => l.msg === 'connected to Discord' && (l.shards as number[])[0] === 1);
    expect(shard1).toBeDefined();

    process.kill(Number(shard1?.pid), 'SIGKILL');
    const down = await healthSays(port, 503, 5_000);
    expect(down.body.shards[0]).toMatchObject({ id: 0, status: 'Ready' });
    expect(down.body.shards[1]?.status).not.toBe('Ready');
    await bot.waitForLog('shard exited; starting it again', 5_000);
    // Again 200 once the restarted shard is Ready.
    await healthSays(port, 200, 20_000);
    expect(f.identifies.filter((d) => JSON.stringify((d as { shard?: unknown }).shard) === '[1,2]')).toHaveLength(2);

    bot.process.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 45_000);

  it("SHARDS on a launcher runs only this host's part of SHARD_COUNT, and /healthz speaks for that part", async () => {
    const token = makeToken();
    const guilds = Array.from({ length: 6 }, (_, i) => ({ id: snowflakeOnShard(i % 3, 3) }));
    const f = await started.fake({ token, guilds, recommendedShards: 3, maxConcurrency: 3 });
    const dataDir = started.tempDir();
    const port = await freePort();
    const env = botEnv(
      { token, apiUrl: f.apiUrl, dataDir: dataDir.path },
      { HEALTH_PORT: String(port), SHARD_COUNT: '3', SHARDS: '[0,2]' },
    );
    const bot = started.start(...LAUNCHER, env);
    await bot.waitForLog('all shards ready', 30_000);
    expect(f.identifies.map((d) => JSON.stringify((d as { shard?: unknown }).shard)).sort()).toEqual([
      '[0,3]',
      '[2,3]',
    ]);
    const healthy = await healthSays(port, 200, 5_000);
    expect(healthy.body.shards.map((s) => s.id)).toEqual([0, 2]);
    bot.process.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 45_000);
});

function callbacks(sent: SentInteraction): number {
  return sent.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/callback')).length;
}
