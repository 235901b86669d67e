/**
 * npm run start:shards: the bot as SHARD_COUNT shards (default auto: Discord's recommendation),
 * each its own process running src/main.ts. HEALTH_PORT serves /healthz for all of them here.
 */
import { fileURLToPath } from 'node:url';
import { launchShards, type ShardLauncher } from './adapters/discord/shardLauncher.ts';
import { readConfig } from './config.ts';
import { type HealthServer, startHealthServer } from './health/server.ts';
import { createLogger, scrubSecrets } from './logger.ts';
import { configOrExit } from './startupConfig.ts';

const config = configOrExit(readConfig);
if (!config.token) {
  console.error('npm run start:shards needs DISCORD_TOKEN; npm start without it opens the local console.');
  process.exit(1);
}
const logger = createLogger(config.logLevel);
if (config.interactions) {
  // Every shard would bind the same port, and the second would die in a loop. Interactions go to the
  // HTTP processes (npm start with INTERACTIONS_PORT); shards keep the gateway. Blank rather than
  // deleted: a child reloads .env, and dotenv fills in only what is missing.
  logger.warn(
    { port: config.interactions.port },
    'INTERACTIONS_PORT is ignored by npm run start:shards: run npm start with it for the HTTP endpoint',
  );
  process.env.INTERACTIONS_PORT = '';
  process.env.DISCORD_PUBLIC_KEY = '';
}
/** Each child ends its own shutdown within 8 s (src/main.ts); Docker's stop timeout is 10 s. */
const CHILD_DEADLINE_MS = 9_000;

let launcher: ShardLauncher | undefined;
let healthServer: HealthServer | undefined;
let stopping = false;
async function stop(reason: string, code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    logger.info({ reason }, 'stopping shards');
    const unclean = (await launcher?.stop(CHILD_DEADLINE_MS)) ?? 0;
    await healthServer?.close();
    if (unclean > 0) logger.warn({ unclean }, 'some shards did not exit cleanly');
    process.exit(unclean > 0 ? 1 : code);
  }
  return new Promise<never>(() => undefined);
}
process.on('SIGINT', () => void stop('SIGINT', 0));
process.on('SIGTERM', () => void stop('SIGTERM', 0));

try {
  launcher = await launchShards({
    config,
    logger,
    file: fileURLToPath(new URL('./main.ts', import.meta.url)),
    execArgv: ['--import', 'tsx'],
  });
} catch (error) {
  logger.fatal(scrubSecrets(`Could not start the shards: ${(error as Error).message}`, [config.token]));
  process.exit(1);
}
const running = launcher;
if (config.healthPort !== undefined) {
  try {
    healthServer = await startHealthServer(config.healthPort, () => running.health());
    logger.info({ port: healthServer.port }, 'serving /healthz for every shard');
  } catch (error) {
    logger.fatal(`Cannot serve /healthz on HEALTH_PORT=${config.healthPort}: ${(error as Error).message}`);
    await stop('no health port', 1);
  }
}
void running.fatal.then((reason) => {
  logger.fatal(reason);
  void stop('a shard keeps exiting', 1);
});
try {
  await running.ready;
  logger.info({ shardCount: running.count }, 'all shards ready');
} catch (error) {
  logger.fatal((error as Error).message);
  await stop('a shard did not start', 1);
}
