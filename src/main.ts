/**
 * npm start: connects to Discord when DISCORD_TOKEN is set, otherwise opens the local console.
 * npm start -- --execute "/compare India": runs one command in the console and exits.
 */

import { join } from 'node:path';
import dotenv from 'dotenv';
import { commands } from '../commands/index.ts';
import { createConsole, executeLine } from './adapters/console/console.ts';
import { createConsoleDaily } from './adapters/console/consoleDaily.ts';
import { createBot } from './adapters/discord/bot.ts';
import { createDailyAdapter } from './adapters/discord/dailyAdapter.ts';
import { createForumAdapter } from './adapters/discord/forum.ts';
import { createLiveEngine, type LiveEngine } from './answer/liveEngine.ts';
import type { Services } from './bot/context.ts';
import { readConfig } from './config.ts';
import { Conversations } from './conversation/conversations.ts';
import { type BotStore, openStore, storeSettingHint } from './daily/store/openStore.ts';
import { createFaqService } from './faq/service.ts';
import type { FaqStore } from './faq/store.ts';
import { sharedFaqModel } from './faq/threshold.ts';
import { KNOWLEDGE_DIR, loadKnowledgeBase } from './knowledge/loadKnowledge.ts';
import { createLogger, scrubSecrets } from './logger.ts';
import { KnowledgeReloader } from './reload/reloader.ts';
import { sharedWordVectors } from './semantic/wordVectors.ts';
import { withForumHook } from './settings/forumHook.ts';
import { createAskSettingsReader } from './settings/reader.ts';
import { createAskSettingsService } from './settings/service.ts';

dotenv.config({ quiet: true });
const configured = readConfig(process.env);
if (!configured.ok) {
  console.error('The configuration has problems (see .env.example):');
  for (const p of configured.problems) console.error(`  - ${p}`);
  process.exit(1);
}
const { config } = configured;
const logger = createLogger(config.logLevel);

let engine: LiveEngine;
try {
  engine = createLiveEngine(loadKnowledgeBase(KNOWLEDGE_DIR));
} catch (error) {
  console.error(`Could not load the reports in knowledge/: ${(error as Error).message}`);
  process.exit(1);
}
// The running bot picks up reports dropped into knowledge/ by itself; /reload does the same on demand.
const reloader = new KnowledgeReloader({
  dir: KNOWLEDGE_DIR,
  engine,
  load: () => loadKnowledgeBase(KNOWLEDGE_DIR),
  logger,
});
const shared: Partial<Services> = {
  conversations: new Conversations(),
  knowledge: { reload: () => reloader.reload() },
};

const args = process.argv.slice(2);
const executeAt = args.indexOf('--execute');
const consoleMode = executeAt !== -1 || !config.token;

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

/** /faq and curated answers, over the store, with the measured match settings. */
const faqService = (faqStore: FaqStore) =>
  createFaqService({
    store: faqStore,
    settings: sharedFaqModel(),
    vectors: sharedWordVectors(),
    now: () => new Date(),
  });

if (consoleMode) {
  // The console counts as one server, 'console' (console.ts), with its own curated answers.
  const services = store
    ? { ...shared, daily: createConsoleDaily(engine, store, process.stdout), faq: faqService(store) }
    : shared;
  if (executeAt !== -1) {
    const line = args.slice(executeAt + 1).join(' ');
    // Exit 2 is a usage error, as for other command-line tools: the line named no command, or misused one.
    if (!line.trim()) {
      console.error('--execute needs a command, e.g. npm start -- --execute "/compare India"');
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
  } else {
    console.log('No DISCORD_TOKEN set, so this is the local console; set it in .env to connect to Discord.');
    reloader.watch();
    await createConsole({ engine, commands, services, historyFile: join(config.dataDir, 'console_history') }).start();
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

// A server's ask-channels and cooldown: cached briefly for chat, dropped at once when /settings changes them here.
const askDefaults = { askChannelIds: config.askChannelIds, cooldownSeconds: config.cooldownSeconds };
const askReader = createAskSettingsReader(settings, askDefaults);
const askSettings = createAskSettingsService({
  store: settings,
  defaults: askDefaults,
  now: () => new Date(),
  channelName: (id) => `<#${id}>`,
  canReadMessages: () => !bot.degraded,
  changed: (guildId) => {
    askReader.invalidate(guildId);
    void bot.refreshIntents();
  },
});
const bot = createBot({
  config,
  engine,
  commands,
  logger,
  services: { ...shared, faq: faqService(settings), askSettings },
  askSettings: askReader.get,
  needsMessageContent: () => settings.needsMessageContent(),
  daily: (client) => createDailyAdapter({ client, store: settings, knowledge: engine, logger }),
  forum: (client) =>
    createForumAdapter({ client, store: withForumHook(settings, () => void bot.refreshIntents()), engine, logger }),
});
reloader.watch();
/**
 * Docker's default stop timeout is 10 s, after which it kills the process without a word;
 * shutdown ends well before, on its own terms and saying what it left undone.
 */
const SHUTDOWN_DEADLINE_MS = 8_000;
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  reloader.close();
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
  // Aborts a daily post in flight; its claim is released and the next start resends it.
  await bot.stop().catch((error: unknown) => logger.warn({ err: error }, 'error while disconnecting'));
  step = 'closing the settings database';
  await settings.close();
  process.exit(0);
};
// Discord ended the session for good (the bot logged why): exit non-zero so a supervisor notices.
void bot.fatal.then(async () => {
  if (stopping) return;
  stopping = true;
  await bot.stop().catch(() => undefined);
  await settings.close();
  process.exit(1);
});
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await bot.start();
} catch (error) {
  logger.fatal(scrubSecrets(`Could not connect to Discord: ${(error as Error).message}`, [config.token]));
  await bot.stop().catch(() => undefined);
  await settings.close();
  process.exit(1);
}
