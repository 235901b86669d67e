/**
 * npm run capacity [-- --seconds N] [-- --guilds N]: the figures the scale-out design rests on,
 * measured on this machine against the fake Discord on 127.0.0.1:
 *   1. interactions per second one bot process (src/main.ts) answers, with a closed loop of
 *      IN_FLIGHT /ask commands from distinct users, and their latency;
 *   2. RSS per shard process: npm run start:shards with 2 shards holding GUILDS guilds between
 *      them (1,000 by default, so 500 each), read from /proc once every shard is ready.
 * The fake shares the CPU with the bot, so the interaction rate is a floor, not a ceiling.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { commands } from '../commands/index.ts';
import { deployCommands } from '../src/adapters/discord/deployCommands.ts';
import { childEnv, parseLogLine, startChild, tempDir } from '../tests/e2e/child.ts';
import { FakeDiscord, snowflakeOnShard } from '../tests/e2e/fake/index.ts';
import { user } from '../tests/e2e/fake/payloads.ts';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const SECONDS = flag('seconds', 10);
const GUILDS = flag('guilds', 1_000);
const SHARDS = 2;
/** What discord.js's ShardingManager plans for (fetchRecommendedShardCount's guildsPerShard); Discord requires sharding at 2,500. */
const GUILDS_PER_SHARD = 1_000;
/** Enough commands waiting that the bot is never idle, few enough that none outwaits Discord's 3 s window. */
const IN_FLIGHT = 50;
const QUESTIONS = ['When was the KIA founded?', 'Who leads the military government?', 'What is the capital?'];
const BOT = [process.execPath, ['--import', 'tsx', 'src/main.ts']] as const;
const LAUNCHER = [process.execPath, ['--import', 'tsx', 'src/shards.ts']] as const;

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

async function interactionsPerSecond(): Promise<void> {
  const token = `capacity.${'x'.repeat(24)}.token`;
  const fake = await FakeDiscord.start({
    token,
    guilds: [{ channels: Array.from({ length: 16 }, (_, i) => `general-${i}`) }],
    waitTimeoutMs: 30_000,
    // Checking every body against the spec would make the fake the bottleneck; the e2e suite checks them.
    rejectInvalidBodies: false,
  });
  const dataDir = tempDir();
  await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
  const bot = startChild(
    BOT[0],
    [...BOT[1]],
    childEnv({ DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir.path, LOG_LEVEL: 'warn' }),
  );
  try {
    await fake.waitForGateway((e) => e.kind === 'dispatch' && e.t === 'GUILD_CREATE', 30_000);
    await sleep(500);
    const channels = fake.guild.channels;
    const latencies: number[] = [];
    let answered = 0;
    let failed = 0;
    let sent = 0;
    const until = Date.now() + SECONDS * 1_000;
    const rssBefore = rssKb(bot.process.pid ?? 0);
    // A closed loop: each answered command is replaced by a new one from a new user.
    const worker = async () => {
      while (Date.now() < until) {
        const i = sent++;
        const at = Date.now();
        const interaction = fake.interaction.chatInput(
          'ask',
          { question: QUESTIONS[i % QUESTIONS.length] ?? '' },
          { user: user(), channelId: channels[i % channels.length]?.id },
        );
        try {
          const callback = await interaction.waitForCallback(5_000);
          if (callback.status === 204 || callback.status === 200) {
            answered++;
            latencies.push(Date.now() - at);
          } else failed++;
        } catch {
          failed++;
        }
        if (i % 500 === 0) fake.forget(5_000);
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const seconds = (Date.now() - started) / 1_000;
    latencies.sort((a, b) => a - b);
    console.log(
      `1 process: ${(answered / seconds).toFixed(0)} interactions/s answered over ${seconds.toFixed(1)} s ` +
        `(${answered} answered, ${failed} failed or late; ${IN_FLIGHT} in flight), ` +
        `latency p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms; ` +
        `RSS ${mb(rssBefore)} before, ${mb(rssKb(bot.process.pid ?? 0))} after`,
    );
  } finally {
    await bot.kill();
    await fake.close();
    dataDir.remove();
  }
}

async function rssPerShard(): Promise<void> {
  const token = `capacity.${'y'.repeat(24)}.token`;
  const guilds = Array.from({ length: GUILDS }, (_, i) => ({ id: snowflakeOnShard(i % SHARDS, SHARDS) }));
  const fake = await FakeDiscord.start({ token, guilds, recommendedShards: SHARDS, maxConcurrency: SHARDS });
  const dataDir = tempDir();
  const startedAt = Date.now();
  const launcher = startChild(
    LAUNCHER[0],
    [...LAUNCHER[1]],
    childEnv({ DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir.path }),
  );
  try {
    await launcher.waitForLine((line) => parseLogLine(line)?.msg === 'all shards ready', 60_000);
    const readyMs = Date.now() - startedAt;
    // Let the caches settle after the GUILD_CREATE storm.
    await sleep(2_000);
    const children = launcher
      .stderr()
      .split('\n')
      .flatMap((line) => parseLogLine(line) ?? [])
      .filter((l) => l.msg === 'connected to Discord');
    const perShard = children.map(
      (l) => `shard ${(l.shards as number[])[0]}: ${l.guilds} guilds, RSS ${mb(rssKb(Number(l.pid)))}`,
    );
    console.log(
      `${SHARDS} shards (npm run start:shards), ${GUILDS} guilds, all ready in ${(readyMs / 1000).toFixed(1)} s: ` +
        `${perShard.join('; ')}; launcher RSS ${mb(rssKb(launcher.process.pid ?? 0))}`,
    );
    launcher.process.kill('SIGTERM');
    await launcher.exited;
  } finally {
    await launcher.kill();
    await fake.close();
    dataDir.remove();
  }
}

const load = loadavg().map((l) => l.toFixed(2));
console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${load.join(' ')}`);
console.log(
  `design: ${GUILDS_PER_SHARD} guilds per shard (discord.js's planning figure; Discord requires sharding at 2,500)`,
);
await interactionsPerSecond();
await rssPerShard();
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
