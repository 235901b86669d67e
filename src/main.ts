/**
 * npm start: connects to Discord when DISCORD_TOKEN is set, and serves interactions over HTTP when
 * INTERACTIONS_PORT is set (either or both); with neither, it opens the local console.
 * npm start -- --execute "/compare India": runs one command in the console and exits; with
 * --charts DIR it also writes the reply's charts there as PNGs.
 */

import { join } from 'node:path';
import { commands } from '../commands/index.ts';
import { chartsOption, writeCharts } from './adapters/console/charts.ts';
import { createConsole, executeLine } from './adapters/console/console.ts';
import { createConsoleDaily } from './adapters/console/consoleDaily.ts';
import { connectProblem } from './adapters/discord/connectProblem.ts';
import { composeEngine, composeFaq, composeServices, composeTransports } from './compose.ts';
import { readConfig } from './config.ts';
import { answerHealthProbes } from './health/ipc.ts';
import { type HealthServer, startHealthServer } from './health/server.ts';
import type { PurgeTimer } from './insights/retention.ts';
import { droppedNotes } from './knowledge/droppedNotes.ts';
import { createLogger, scrubSecrets } from './logger.ts';
import { configOrExit } from './startupConfig.ts';
import type { BotStore } from './store/botStore.ts';
import { openStore, storeSettingHint } from './store/open.ts';

const config = configOrExit(readConfig);
const logger = createLogger(config.logLevel);
if (!config.shards) {
  // SHARD_COUNT is the launcher's setting (it may say "auto"); discord.js would read it here too.
  delete process.env.SHARDS;
  delete process.env.SHARD_COUNT;
}

let composed: ReturnType<typeof composeEngine>;
try {
  composed = composeEngine(logger);
} catch (error) {
  console.error(`Could not load the reports in knowledge/: ${(error as Error).message}`);
  process.exit(1);
}
// The running bot picks up reports dropped into knowledge/ by itself; /reload does the same on demand.
const { engine, reloader } = composed;

const charts = chartsOption(process.argv.slice(2));
const args = charts.rest;
const executeAt = args.indexOf('--execute');
const consoleMode = executeAt !== -1 || (!config.token && !config.interactions);

let store: BotStore | undefined;
try {
  store = await openStore(config, logger);
} catch (error) {
  // One line an operator can act on: what failed, and the setting that chose the database.
  const problem = `${(error as Error).message}; ${storeSettingHint(config)}`;
  // The console can do without stored settings; the bot cannot keep its schedules without them.
  if (!consoleMode) {
    console.error(problem);
    process.exit(1);
  }
  console.error(`${problem} (/daily is unavailable in this console)`);
}

const { shared, startPurge } = composeServices({ config, store, reloader, logger });

if (consoleMode) {
  // The console counts as one server, 'console' (console.ts), with its own curated answers.
  const services = store
    ? { ...shared, daily: createConsoleDaily(engine, store, process.stdout), faq: composeFaq(store) }
    : shared;
  if (executeAt !== -1) {
    const line = args.slice(executeAt + 1).join(' ');
    // Exit 2 is a usage error, as for other command-line tools: the line named no command, or misused one.
    if (!line.trim() || charts.problem) {
      console.error(charts.problem ?? '--execute needs a command, e.g. npm start -- --execute "/compare India"');
      await store?.close();
      process.exit(2);
    }
    const outcome = await executeLine(line, { engine, commands, services });
    if (outcome.kind === 'usage') {
      console.error(outcome.text);
      await store?.close();
      process.exit(2);
    }
    console.log(outcome.text);
    if (charts.dir) {
      const written = writeCharts(charts.dir, outcome.images);
      console.log(written.length ? written.map((p) => `chart written: ${p}`).join('\n') : 'this reply has no chart');
    }
  } else {
    console.log('No DISCORD_TOKEN set, so this is the local console; set it in .env to connect to Discord.');
    reloader.watch();
    const purge = startPurge();
    await createConsole({ engine, commands, services, historyFile: join(config.dataDir, 'console_history') }).start();
    purge?.stop();
  }
  await store?.close();
  process.exit(0);
}

const settings = store!;
if (config.daily && config.guildId && !(await settings.getSchedule(config.guildId))) {
  // DAILY_* in .env give a one-server default; a schedule set with /daily takes precedence.
  await settings.upsertSchedule({ guildId: config.guildId, ...config.daily }, new Date());
  logger.info({ guildId: config.guildId, ...config.daily }, 'daily schedule created from DAILY_* settings');
}

const { bot, endpoint, health } = composeTransports({ config, engine, commands, logger, store: settings, shared });
reloader.watch();
// What ingestion left out of each report (adverts, boilerplate), so that a wrong call shows in the
// operator's log; the console keeps stderr for its own errors.
for (const note of droppedNotes(engine.kb)) logger.info(note.fields, note.message);
let healthServer: HealthServer | undefined;
if (config.shards && process.send) {
  // A child of npm run start:shards: the launcher serves /healthz for all its shards.
  answerHealthProbes(process, health);
} else if (config.healthPort !== undefined) {
  try {
    healthServer = await startHealthServer(config.healthPort, health);
    logger.info({ port: healthServer.port }, 'serving /healthz');
  } catch (error) {
    console.error(`Cannot serve /healthz on HEALTH_PORT=${config.healthPort}: ${(error as Error).message}`);
    await settings.close();
    process.exit(1);
  }
}
let purge: PurgeTimer | undefined;
/**
 * Docker's default stop timeout is 10 s, after which it kills the process without a word;
 * shutdown ends well before, on its own terms and saying what it left undone.
 */
const SHUTDOWN_DEADLINE_MS = config.shutdownDeadlineMs ?? 8_000;
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  reloader.close();
  purge?.stop();
  let step = 'disconnecting from Discord';
  // Not unref'd: a step stuck on a promise with nothing else alive would otherwise end the
  // process silently with status 0, as if the shutdown had been clean.
  setTimeout(() => {
    logger.error(
      { step, deadlineMs: SHUTDOWN_DEADLINE_MS },
      `shutdown abandoned: still ${step} after ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway`,
    );
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  step = 'finishing interactions in flight';
  await endpoint?.stop().catch((error: unknown) => logger.warn({ err: error }, 'error while closing the endpoint'));
  step = 'disconnecting from Discord';
  // Aborts a daily post in flight; its claim is released and the next start resends it.
  await bot?.stop().catch((error: unknown) => logger.warn({ err: error }, 'error while disconnecting'));
  step = 'closing the settings database';
  await healthServer?.close();
  await settings.close();
  process.exit(0);
};
// Discord ended the session for good (the bot logged why): exit non-zero so a supervisor notices.
void bot?.fatal.then(async () => {
  if (stopping) return;
  stopping = true;
  await endpoint?.stop().catch(() => undefined);
  await bot.stop().catch(() => undefined);
  await settings.close();
  process.exit(1);
});
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// The launcher died without stopping its children (SIGKILL): stop rather than run unsupervised.
if (config.shards && process.send) process.on('disconnect', () => void shutdown('launcher gone'));

try {
  await endpoint?.start();
} catch (error) {
  logger.fatal(`Could not listen on INTERACTIONS_PORT ${config.interactions?.port}: ${(error as Error).message}`);
  await settings.close();
  process.exit(1);
}
try {
  await bot?.start();
  purge = startPurge();
} catch (error) {
  logger.fatal(
    scrubSecrets(`Could not connect to Discord: ${connectProblem(error, config.apiUrl, config.requestBudgetMs)}`, [
      config.token,
    ]),
  );
  await endpoint?.stop().catch(() => undefined);
  await bot?.stop().catch(() => undefined);
  await settings.close();
  process.exit(1);
}
