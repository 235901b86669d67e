/**
 * The composition root's steps as functions: config → engine → store → services → transports.
 * src/main.ts runs them in order with the process's settings; end-to-end tests run the same ones
 * instead of copying the wiring.
 */
import type { Logger } from 'pino';
import { askChannelCheck } from './adapters/discord/askChannel.ts';
import { type Bot, type BotDeps, createBot } from './adapters/discord/bot.ts';
import { createDailyAdapter } from './adapters/discord/dailyAdapter.ts';
import { createForumAdapter } from './adapters/discord/forum.ts';
import { createInteractionsEndpoint, type InteractionsEndpoint } from './adapters/discord/http/endpoint.ts';
import { gatewayHealth } from './adapters/discord/shards.ts';
import type { AnswerEngine } from './answer/engine.ts';
import { createLiveEngine, type LiveEngine } from './answer/liveEngine.ts';
import type { Command } from './bot/command.ts';
import type { Services } from './bot/context.ts';
import type { Config } from './config.ts';
import { Conversations } from './conversation/conversations.ts';
import { createFaqService, type FaqService } from './faq/service.ts';
import type { FaqStore } from './faq/store.ts';
import { sharedFaqModel } from './faq/threshold.ts';
import { generationFor } from './generate/wire.ts';
import { createHandoffService } from './handoff/service.ts';
import { type HealthResponse, healthOf } from './health/report.ts';
import { type PurgeTimer, retentionCutoff, startPurgeTimer } from './insights/retention.ts';
import { createInsightsService, type InsightsService } from './insights/service.ts';
import { KNOWLEDGE_DIR, loadKnowledgeBase } from './knowledge/loadKnowledge.ts';
import { KnowledgeReloader } from './reload/reloader.ts';
import { sharedWordVectors } from './semantic/wordVectors.ts';
import { withForumHook } from './settings/forumHook.ts';
import { createAskSettingsReader } from './settings/reader.ts';
import { createAskSettingsService } from './settings/service.ts';
import type { BotStore } from './store/botStore.ts';

/** The engine over knowledge/, and the reloader that swaps in reports dropped there. Throws when the reports cannot be read. */
export function composeEngine(
  logger: Logger,
  dir = KNOWLEDGE_DIR,
): { engine: LiveEngine; reloader: KnowledgeReloader } {
  // Whatever in knowledge/ is no report (a link out of it, a FIFO, a binary file) is skipped with a warning.
  const load = () => loadKnowledgeBase(dir, { warn: (fields, message) => logger.warn(fields, message) });
  const engine = createLiveEngine(load());
  const reloader = new KnowledgeReloader({ dir, engine, load, logger });
  return { engine, reloader };
}

export interface CoreServices {
  /** What every transport's commands get: follow-ups, /reload, and /insights when there is a store. */
  shared: Partial<Services>;
  insights?: InsightsService;
  /** Starts the daily purge of questions and votes past retention (the running adapter's timer). */
  startPurge: () => PurgeTimer | undefined;
}

/** The services that need no transport, over the store when one opened. */
export function composeServices(options: {
  config: Pick<Config, 'feedbackRetentionDays' | 'llm'>;
  store: BotStore | undefined;
  reloader: KnowledgeReloader;
  logger: Logger;
}): CoreServices {
  const { config, store, reloader, logger } = options;
  const shared: Partial<Services> = {
    conversations: new Conversations(),
    knowledge: { reload: () => reloader.reload() },
  };
  // Questions and votes for /insights, kept FEEDBACK_RETENTION_DAYS and purged daily.
  const insights = store
    ? createInsightsService({
        store,
        retentionDays: config.feedbackRetentionDays,
        loop: (guildId, since) => store.loopCounts(guildId, since),
        onError: (error, what) => logger.warn({ err: error }, `insights: ${what} failed`),
      })
    : undefined;
  if (insights) shared.insights = insights;
  // Generated answers: each server's /settings answers mode, and the model when LLM_BASE_URL is set.
  if (store) shared.generation = generationFor(config.llm, store, logger);
  const startPurge = (): PurgeTimer | undefined =>
    insights &&
    startPurgeTimer(
      async () => {
        const purged = await insights.purge(new Date());
        if (purged.questions + purged.votes > 0)
          logger.info(purged, 'insights: purged questions and votes past retention');
        // Hand-offs hold a member's question and id: kept as long as the questions, no longer.
        const handoffs = await store!.purgeHandoffs(retentionCutoff(new Date(), config.feedbackRetentionDays));
        if (handoffs.handoffs + handoffs.threads > 0) logger.info(handoffs, 'purged hand-offs past retention');
      },
      (error) => logger.warn({ err: error }, 'insights: the daily purge failed; retrying tomorrow'),
    );
  return { shared, ...(insights ? { insights } : {}), startPurge };
}

/** /faq and curated answers, over the store, with the measured match settings. */
export function composeFaq(store: FaqStore): FaqService {
  return createFaqService({ store, settings: sharedFaqModel(), vectors: sharedWordVectors(), now: () => new Date() });
}

export interface ServedOptions {
  config: Config;
  engine: AnswerEngine;
  commands: readonly Command[];
  logger: Logger;
  store: BotStore;
  /** composeServices's shared services; a test may pass fewer. */
  shared: Partial<Services>;
  /** Daily posts and forum answers are on unless a test leaves them out. */
  daily?: boolean;
  forum?: boolean;
  /** Test seams: how often a session without Message Content re-reads the store, and that read itself. */
  contentRecheckMs?: number;
  needsMessageContent?: () => Promise<boolean>;
  interaction?: BotDeps['interaction'];
}

export interface Served {
  /** The gateway, when DISCORD_TOKEN is set. */
  bot: Bot | undefined;
  /** The services the commands of every transport in this process get. */
  services: Partial<Services>;
}

/**
 * The services that need to know the transports (per-server ask settings, which refresh the
 * gateway's intents when they change), and the gateway itself with daily posts and forum answers.
 */
export function composeGateway(options: ServedOptions): Served {
  const { config, engine, commands, logger, store } = options;
  // A server's ask-channels and cooldown: cached briefly for chat, dropped at once when /settings changes them here.
  const askDefaults = { askChannelIds: config.askChannelIds, cooldownSeconds: config.cooldownSeconds };
  const askReader = createAskSettingsReader(store, askDefaults);
  const askSettings = createAskSettingsService({
    store,
    defaults: askDefaults,
    now: () => new Date(),
    channelName: (id) => `<#${id}>`,
    // Without a gateway here, the gateway processes that read chat share these settings through the store.
    chatReading: () => (!bot ? 'elsewhere' : bot.degraded ? 'refused' : 'here'),
    checkChannel: askChannelCheck(() => bot?.client),
    changed: (guildId) => {
      askReader.invalidate(guildId);
      void bot?.refreshIntents();
    },
  });
  // The hand-off loop: helpers, hand-off threads, resolved threads (src/handoff).
  const handoff = createHandoffService({ store, roleName: (id) => `<@&${id}>`, channelName: (id) => `<#${id}>` });
  const services: Partial<Services> = { ...options.shared, faq: composeFaq(store), askSettings, handoff };
  // Without a token there is no gateway: the HTTP endpoint alone answers slash commands and buttons.
  const bot: Bot | undefined = config.token
    ? createBot({
        config,
        engine,
        commands,
        logger,
        services,
        askSettings: askReader.get,
        needsMessageContent: options.needsMessageContent ?? (() => store.needsMessageContent()),
        ...(options.contentRecheckMs ? { contentRecheckMs: options.contentRecheckMs } : {}),
        ...(options.interaction ? { interaction: options.interaction } : {}),
        ...(options.daily === false
          ? {}
          : { daily: (client) => createDailyAdapter({ client, store, knowledge: engine, logger }) }),
        ...(options.forum === false
          ? {}
          : {
              forum: (client) =>
                createForumAdapter({
                  client,
                  store: withForumHook(store, () => void bot?.refreshIntents()),
                  engine,
                  faq: services.faq,
                  handoff,
                  contentRefused: (): boolean => bot?.degraded ?? false,
                  logger,
                }),
            }),
      })
    : undefined;
  return { bot, services };
}

export interface Transports extends Served {
  /** The Interactions Endpoint URL's server, when INTERACTIONS_PORT is set. */
  endpoint: InteractionsEndpoint | undefined;
  /** The process's /healthz report: its shards (with a gateway) and its store. */
  health: () => Promise<HealthResponse>;
}

/**
 * /healthz's question to the store: a guild id no schedule has (one indexed read, whatever the
 * number of servers), then one committed write, since a full disk, a deleted DATA_DIR or a
 * read-only server all still answer reads.
 */
export function storeProbe(store: Pick<BotStore, 'getSchedule' | 'probeWrites'>): () => Promise<void> {
  return async () => {
    await store.getSchedule('0');
    await store.probeWrites();
  };
}

/** The gateway (composeGateway), the HTTP endpoint beside it, and the health report both serve. */
export function composeTransports(options: ServedOptions): Transports {
  const { config, engine, commands, logger, store } = options;
  const { bot, services } = composeGateway(options);
  // Without a gateway (HTTP interactions only) the process is judged by its store alone.
  const health = () =>
    healthOf({ ...(bot ? { shards: () => gatewayHealth(bot.client) } : {}), store: storeProbe(store) });
  // Discord sends interactions to the Interactions Endpoint URL only, once it is set; the gateway keeps chat and daily posts.
  const endpoint = config.interactions
    ? createInteractionsEndpoint({
        port: config.interactions.port,
        publicKey: config.interactions.publicKey,
        apiUrl: config.apiUrl,
        engine,
        commands,
        logger,
        services: () => bot?.services ?? services,
        isOwner: (userId) => bot?.isOwner(userId) ?? false,
        ...(config.token ? { botToken: config.token } : {}),
        health,
      })
    : undefined;
  return { bot, services, endpoint, health };
}
