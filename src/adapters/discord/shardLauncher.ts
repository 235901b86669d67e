import { DiscordAPIError, REST, Routes, type Shard, ShardingManager } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { askChild } from '../../health/ipc.ts';
import { combine, type HealthReport, type HealthResponse } from '../../health/report.ts';
import { shardCountFor, spawnDelayMs } from '../../shard/pace.ts';
import { notDiscordApi } from './connectProblem.ts';
import { restOptions, unreachableApi } from './restPolicy.ts';

/**
 * npm run start:shards: discord.js's ShardingManager runs the normal bot entry once per shard,
 * each a child process that learns its shard from the SHARDS and SHARD_COUNT the manager sets.
 * Every other setting (DISCORD_API_URL, DATABASE_URL, DATA_DIR, ...) reaches them unchanged.
 */

export interface GatewayBot {
  shards: number;
  maxConcurrency: number;
}

/**
 * GET /gateway/bot through DISCORD_API_URL: discord.js's own 'auto' asks discord.com directly,
 * which would bypass a proxy or a test's fake.
 */
export async function fetchGatewayBot(config: Config): Promise<GatewayBot> {
  const rest = new REST(restOptions(config.apiUrl, undefined, config.requestBudgetMs)).setToken(config.token ?? '');
  try {
    const body = (await rest.get(Routes.gatewayBot())) as {
      shards?: number;
      session_start_limit?: { max_concurrency?: number };
    };
    return { shards: body.shards ?? 1, maxConcurrency: body.session_start_limit?.max_concurrency ?? 1 };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new Error(
        'Discord refused DISCORD_TOKEN (401): copy it again from Bot → Reset Token in the developer portal.',
      );
    }
    throw notDiscordApi(error, config.apiUrl) ?? unreachableApi(error, config.apiUrl, config.requestBudgetMs) ?? error;
  }
}

export interface ShardLauncher {
  readonly count: number;
  /** Resolves once every shard is ready; rejects, saying which, when one is not. */
  readonly ready: Promise<void>;
  /** Settles with a reason when the launcher gives up (a shard keeps dying); it never rejects. */
  readonly fatal: Promise<string>;
  health(timeoutMs?: number): Promise<HealthResponse>;
  /** SIGTERM to every child, and wait for them to exit; resolves with how many exited unclean. */
  stop(deadlineMs: number): Promise<number>;
}

/** A shard that dies this often this quickly is crash-looping (a reset token, a bad setting). */
const DEATHS_ALLOWED = 3;
const DEATH_WINDOW_MS = 60_000;
/** A child loads the knowledge base before it logs in; give a loaded machine room. */
const READY_TIMEOUT_MS = 60_000;

export async function launchShards(options: {
  config: Config;
  logger: Logger;
  /** The bot entry each child runs, and the node arguments to run it with (tsx's loader). */
  file: string;
  execArgv: string[];
}): Promise<ShardLauncher> {
  const { config, logger } = options;
  const gateway = await fetchGatewayBot(config);
  const count = shardCountFor(config.shardCount, gateway.shards);
  const delay = spawnDelayMs(count, gateway.maxConcurrency);
  // SHARDS on a launcher gives this host its part of SHARD_COUNT, so several hosts run one bot.
  const ids = config.shards?.ids ?? Array.from({ length: count }, (_, i) => i);
  const manager = new ShardingManager(options.file, {
    totalShards: count,
    shardList: ids,
    token: config.token,
    execArgv: options.execArgv,
    respawn: true,
  });
  let stopping = false;
  let resolveFatal: (reason: string) => void = () => undefined;
  const fatal = new Promise<string>((resolve) => (resolveFatal = resolve));
  manager.on('shardCreate', (shard: Shard) => {
    const deaths: number[] = [];
    logger.info({ shardId: shard.id, shardCount: count }, 'shard starting');
    // A shard the manager forks after stop() began is stopped at once.
    shard.on('spawn', (child) => {
      if (stopping && 'kill' in child) child.kill('SIGTERM');
    });
    shard.on('ready', () => logger.info({ shardId: shard.id }, 'shard ready'));
    shard.on('death', (child) => {
      const code = 'exitCode' in child ? child.exitCode : undefined;
      if (!manager.respawn) return;
      const now = Date.now();
      deaths.push(now);
      while ((deaths[0] ?? now) < now - DEATH_WINDOW_MS) deaths.shift();
      logger.warn({ shardId: shard.id, exitCode: code }, 'shard exited; starting it again');
      if (deaths.length >= DEATHS_ALLOWED) {
        manager.respawn = false;
        resolveFatal(
          `shard ${shard.id} exited ${deaths.length} times within ${DEATH_WINDOW_MS / 1000} s; its own log says why. Stopping all shards.`,
        );
      }
    });
    shard.on('error', (error) => logger.error({ err: error, shardId: shard.id }, 'shard error'));
  });
  logger.info({ shardCount: count, shards: ids, recommended: gateway.shards, spawnDelayMs: delay }, 'starting shards');
  const spawning = manager.spawn({ amount: count, delay, timeout: READY_TIMEOUT_MS });

  return {
    count,
    ready: spawning.then(
      () => undefined,
      (error: Error) => Promise.reject(new Error(`a shard did not become ready: ${error.message}`)),
    ),
    fatal,
    async health(timeoutMs = 2_500) {
      const reports = new Map<number, HealthReport | undefined>();
      await Promise.all(
        [...manager.shards.values()].map(async (shard) => {
          reports.set(shard.id, shard.process ? await askChild(shard, timeoutMs) : undefined);
        }),
      );
      return combine(ids, reports);
    },
    async stop(deadlineMs) {
      stopping = true;
      manager.respawn = false;
      const exits = [...manager.shards.values()].map((shard) => stopChild(shard, deadlineMs));
      const codes = await Promise.all(exits);
      return codes.filter((code) => code !== 0).length;
    },
  };
}

/** The child's own shutdown (src/main.ts) ends within 8 s; SIGKILL only what outlives the deadline. */
function stopChild(shard: Shard, deadlineMs: number): Promise<number | null> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child?.exitCode ?? 0);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}
