import { REST } from '@discordjs/rest';
import { Client, type ClientOptions, Events, GatewayCloseCodes, GatewayIntentBits, Partials, Team } from 'discord.js';
import type { Logger } from 'pino';
import type { Services } from '../../bot/context.ts';
import type { Config } from '../../config.ts';
import { ownsGuild } from '../../shard/ownership.ts';
import type { Core, Transport } from '../transport.ts';
import { createAnswerQueue } from './answerQueue.ts';
import { cacheOptions, createDmChannelLimiter } from './caches.ts';
import { type GatewayEventRef, guardProcess } from './crashGuard.ts';
import type { DailyRuntime } from './dailyAdapter.ts';
import { createDiscordClock } from './discordClock.ts';
import type { ForumRuntime } from './forum.ts';
import { handleInteraction, type InteractionDeps } from './interactions.ts';
import { createMessageHandler, type MessageDeps } from './messages.ts';
import { interactionProblem } from './payloadShape.ts';
import { interactionRestOptions, restOptions, unreachableApi } from './restPolicy.ts';
import { shardSetOf } from './shards.ts';
import { restThreadOps } from './threads.ts';
import { restWebhook } from './webhook.ts';

export interface BotDeps extends Omit<Core, 'services'> {
  config: Config;
  logger: Logger;
  /** The features' services the composition root made (follow-ups, reloading); daily posts join once the client exists. */
  services?: Partial<Services>;
  /** Built once the client exists, since posting needs it. */
  daily?: (client: Client) => DailyRuntime;
  /** Answers new forum posts; built with each client, since it reads whether that session has Message Content. */
  forum?: (client: Client) => ForumRuntime;
  interaction?: Partial<Pick<InteractionDeps, 'pagerTtlMs' | 'deferAfterMs' | 'now'>>;
  /** Each server's ask-channels and cooldown (/settings); without it every server gets ASK_CHANNEL_IDS and ASK_COOLDOWN_SECONDS. */
  askSettings?: MessageDeps['askSettings'];
  /**
   * Whether some server uses ask-channels or forum answers, read at start and by refreshIntents().
   * Without it, Message Content is asked for whenever forum answers are wired.
   */
  needsMessageContent?: () => Promise<boolean>;
  /** How often a session without Message Content re-reads needsMessageContent; MESSAGE_CONTENT_RECHECK_MS by default. */
  contentRecheckMs?: number;
}

export interface Bot extends Transport {
  readonly client: Client;
  /** True when Discord refused the Message Content intent and the bot runs without it. */
  readonly degraded: boolean;
  /**
   * Settles when Discord ends a live session for good (a reset token, refused intents) and
   * discord.js will not reconnect: the bot can no longer serve, so the process should exit non-zero.
   * The fatal line is logged already when it settles. It never rejects.
   */
  readonly fatal: Promise<FatalClose>;
  /** The services this session's commands get (daily and forum posts once the client exists), for an HTTP endpoint beside it. */
  readonly services: Partial<Services>;
  /** Whether a user owns the bot's application, as read from Discord once ready. */
  isOwner(userId: string): boolean;
  /**
   * Reconnects with Message Content when this session lacks it and a server has started using
   * ask-channels or forum answers; nothing otherwise. Called after such a setting changes here,
   * and every MESSAGE_CONTENT_RECHECK_MS while the session lacks the intent, for other processes' changes.
   */
  refreshIntents(): Promise<void>;
}

export interface FatalClose {
  code: number;
  message: string;
}

/**
 * A setting changed in another process (the HTTP endpoint's, another shard's) never calls this
 * process's refreshIntents, so a session without Message Content re-reads the store this often.
 */
export const MESSAGE_CONTENT_RECHECK_MS = 30_000;

export const INTENT_REFUSED =
  'Discord refused the Message Content intent (close code 4014): turn it on under Bot → Privileged Gateway Intents in the developer portal. Running with slash commands, mentions and DMs only.';

/** The one line an operator needs when Discord ends the session for good: what happened and what to do. */
export function fatalCloseMessage(code: number): string {
  if (code === GatewayCloseCodes.AuthenticationFailed) {
    return 'Discord ended the session: the bot token is no longer valid (close code 4004; it was reset or revoked). Copy a new token from Bot → Reset Token in the developer portal into DISCORD_TOKEN and restart.';
  }
  if (code === GatewayCloseCodes.DisallowedIntents) {
    return "Discord refused the bot's gateway intents (close code 4014): turn on the ones it needs under Bot → Privileged Gateway Intents in the developer portal and restart.";
  }
  const name = GatewayCloseCodes[code] ?? 'unknown';
  return `Discord ended the session with close code ${code} (${name}) and will not take it back: check the application in the developer portal and restart.`;
}

/**
 * The Discord adapter: a discord.js client wired to the transport-free commands.
 * Message Content is asked for only when ASK_CHANNEL_IDS needs it (mentions and DMs
 * carry their text without it), and its refusal degrades the bot instead of stopping it.
 */
export function createBot(deps: BotDeps): Bot {
  const { config, logger } = deps;
  // A forum post's first message carries its question, and only Message Content shows it.
  let wantsContent =
    config.askChannelIds.length > 0 || (deps.needsMessageContent === undefined && deps.forum !== undefined);
  /** Whether the current session asked for Message Content. */
  let readsContent = wantsContent;
  let refreshing: Promise<void> | undefined;
  let recheck: NodeJS.Timeout | undefined;
  let degraded = false;
  /** Lost sessions are ours to handle only between a completed login and stop(); login failures throw from start(). */
  let live = false;
  let stopped = false;
  let resolveFatal: (close: FatalClose) => void = () => undefined;
  const fatal = new Promise<FatalClose>((resolve) => (resolveFatal = resolve));
  let lastEvent: GatewayEventRef | undefined;
  let unguard: (() => void) | undefined;
  let daily: ReturnType<NonNullable<BotDeps['daily']>> | undefined;
  let forum: ForumRuntime | undefined;
  /** Who may run owner-only commands such as /reload: read from Discord once ready. */
  let owners: ReadonlySet<string> = new Set();
  let services: Partial<Services> = deps.services ?? {};
  // One per process, across the clients intents rebuild: the skew is told once.
  const discordClock = createDiscordClock({
    onSkew: (offsetMs) =>
      logger.warn(
        { skewMs: -offsetMs },
        `this machine's clock is ${(Math.abs(offsetMs) / 1000).toFixed(1)} s ${offsetMs < 0 ? 'ahead of' : 'behind'} Discord's: interactions are timed by Discord's clock, but check the host's time sync (NTP)`,
      ),
  });
  // One per process, across the clients intents rebuild: its commands take turns on one CPU.
  const answerQueue = createAnswerQueue();
  // Interaction tokens carry their own credential: this client sends no bot token, and is outside
  // the bot-wide global limit Discord does not apply to interaction routes.
  const webhooks = restWebhook(new REST(interactionRestOptions(config.apiUrl, discordClock, config.requestBudgetMs)));
  let client = makeClient(wantsContent);

  function makeClient(withContent: boolean): Client {
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
    if (withContent) intents.push(GatewayIntentBits.MessageContent);
    readsContent = withContent;
    const options: ClientOptions = {
      intents,
      partials: [Partials.Channel],
      rest: restOptions(config.apiUrl, discordClock, config.requestBudgetMs),
      ...cacheOptions(),
      // Explicit, so a client made in-process (tests) runs the shards config names, as a ShardingManager child does.
      ...(config.shards ? { shards: [...config.shards.ids], shardCount: config.shards.count } : {}),
    };
    const c = new Client(options);
    const seenDm = createDmChannelLimiter(c);
    daily = deps.daily?.(c);
    forum = deps.forum?.(c);
    const interactionDeps: InteractionDeps = {
      engine: deps.engine,
      commands: deps.commands,
      logger,
      services: { ...deps.services, ...(daily ? { daily } : {}), ...(forum ? { forum: forum.service } : {}) },
      isOwner: (userId) => owners.has(userId),
      ownsGuild: (guildId) => ownsGuild(shardSetOf(c), guildId),
      discordNow: () => discordClock.now(),
      answerQueue,
      threads: restThreadOps(c.rest),
      webhooks,
      ...deps.interaction,
    };
    services = interactionDeps.services ?? {};
    const onMessage = createMessageHandler({
      engine: deps.engine,
      commands: deps.commands,
      services: interactionDeps.services,
      logger,
      askChannelIds: new Set(degraded ? [] : config.askChannelIds),
      cooldownMs: config.cooldownSeconds * 1000,
      askSettings: deps.askSettings,
      readsContent: withContent,
    });
    // Raw comes before discord.js builds anything from the packet, and hands over the packet itself.
    c.on(Events.Raw, (packet: { t?: unknown; d?: unknown }) => screen(packet));
    c.on(Events.InteractionCreate, (i) => {
      if (i.channel?.isDMBased() && i.channelId) seenDm(i.channelId);
      void handleInteraction(i, interactionDeps);
    });
    c.on(Events.MessageCreate, (m) => {
      if (!m.inGuild()) seenDm(m.channelId);
      void onMessage(m);
      forum?.onMessage(m);
    });
    if (forum) c.on(Events.ThreadCreate, forum.onThreadCreate);
    c.once(Events.ClientReady, (ready) => {
      logger.info(
        {
          user: ready.user.tag,
          guilds: ready.guilds.cache.size,
          messageContent: withContent,
          ...(shardSetOf(c) ? { shards: shardSetOf(c)?.ids } : {}),
        },
        'connected to Discord',
      );
      daily?.start();
      applicationOwners(c).then(
        (ids) => {
          owners = ids;
        },
        (error: unknown) =>
          logger.warn({ err: error }, "could not read the application's owner: /reload works only from the console"),
      );
    });
    // After a fatal close discord.js also reports it as an error; the fatal line has said it already.
    c.on(Events.ShardError, (error, shardId) =>
      logger[stopped ? 'debug' : 'warn']({ err: error, shardId }, 'gateway error'),
    );
    c.on(Events.Error, (error) => logger.error({ err: error }, 'client error'));
    // discord.js emits this only for close codes it will not reconnect after.
    c.on(Events.ShardDisconnect, (event) => {
      if (live && c === client) void sessionLost(event.code);
    });
    return c;
  }

  function screen(packet: { t?: unknown; d?: unknown }): void {
    const id = (packet.d as { id?: unknown } | null)?.id;
    lastEvent = { type: String(packet.t), ...(typeof id === 'string' ? { id: id.slice(0, 32) } : {}) };
    if (packet.t !== 'INTERACTION_CREATE') return;
    const problem = interactionProblem(packet.d);
    if (!problem) return;
    logger.warn({ event: lastEvent, problem }, 'malformed interaction dropped');
    // discord.js dispatches on `t` after this listener returns: an event name it has no handler for is skipped.
    packet.t = 'MALFORMED_INTERACTION_CREATE';
  }

  function declareFatal(code: number): void {
    if (stopped) return;
    stopped = true;
    live = false;
    stopRecheck();
    const message = fatalCloseMessage(code);
    logger.fatal({ closeCode: code }, message);
    resolveFatal({ code, message });
  }

  /** Discord took back Message Content: carry on without it, as when it refuses it at login. */
  async function degrade(): Promise<void> {
    logger.warn(INTENT_REFUSED);
    degraded = true;
    await rebuildClient(false);
    const again = await login();
    // Refused again without Message Content: nothing left to drop.
    if (again === GatewayCloseCodes.DisallowedIntents) throw new Error(fatalCloseMessage(again));
  }

  async function sessionLost(code: number): Promise<void> {
    if (code === GatewayCloseCodes.DisallowedIntents && wantsContent && !degraded) {
      live = false;
      try {
        await degrade();
        live = !stopped;
      } catch (error) {
        logger.debug({ err: error }, 'reconnecting without Message Content failed');
        declareFatal(code);
      }
      return;
    }
    declareFatal(code);
  }

  async function login(): Promise<number | undefined> {
    const refused = new Promise<number>((resolve) =>
      client.on(Events.ShardDisconnect, (event) => {
        if (event.code === GatewayCloseCodes.DisallowedIntents) resolve(event.code);
      }),
    );
    const ready = new Promise<undefined>((resolve) => client.once(Events.ClientReady, () => resolve(undefined)));
    const loggedIn = client.login(config.token).catch((error: Error) => {
      if (/disallowed intents/i.test(error.message)) return refused;
      throw unreachableApi(error, config.apiUrl, config.requestBudgetMs) ?? error;
    });
    return Promise.race([Promise.all([loggedIn, ready]).then(() => undefined), refused]);
  }

  /** Ends the session and what runs on it (daily posts, forum answers). */
  async function closeSession(): Promise<void> {
    await daily?.stop();
    await forum?.stop();
    await client.destroy();
  }

  /** A new, not yet logged-in client in place of the old one, with or without Message Content. */
  async function rebuildClient(withContent: boolean): Promise<void> {
    await closeSession();
    client = makeClient(withContent);
  }

  /** Logs in, without Message Content if Discord refuses it. */
  async function connect(): Promise<void> {
    const code = await login();
    if (code === GatewayCloseCodes.DisallowedIntents) await degrade();
  }

  /** Swaps the session for one with Message Content, as degrade() swaps it for one without. */
  async function reconnectWithContent(): Promise<void> {
    wantsContent = true;
    await rebuildClient(true);
    await connect();
  }

  /** Whether a setting in the store now needs Message Content this session lacks. */
  async function contentNowNeeded(): Promise<boolean> {
    if (readsContent || degraded || !deps.needsMessageContent) return false;
    return deps.needsMessageContent().catch((error: unknown) => {
      logger.warn({ err: error }, 'could not read whether any server uses ask-channels; Message Content stays off');
      return false;
    });
  }

  /** Until this session has Message Content (or Discord refused it), looks for settings other processes made. */
  function startRecheck(): void {
    if (recheck || !deps.needsMessageContent) return;
    recheck = setInterval(() => {
      if (readsContent || degraded || stopped) stopRecheck();
      else void bot.refreshIntents();
    }, deps.contentRecheckMs ?? MESSAGE_CONTENT_RECHECK_MS);
    // Never what keeps the process alive.
    recheck.unref();
  }

  function stopRecheck(): void {
    clearInterval(recheck);
    recheck = undefined;
  }

  const bot: Bot = {
    get client() {
      return client;
    },
    get degraded() {
      return degraded;
    },
    fatal,
    get services() {
      return services;
    },
    isOwner: (userId) => owners.has(userId),
    async start() {
      unguard ??= guardProcess(process, logger, () => lastEvent);
      // Not yet logged in: a client rebuilt with the intent costs no reconnect.
      if (await contentNowNeeded()) await reconnectWithContent();
      else await connect();
      live = true;
      if (!readsContent && !degraded) startRecheck();
    },
    refreshIntents() {
      // Two admins' changes at once make one reconnect.
      refreshing ??= (async () => {
        if (!live || stopped || !(await contentNowNeeded())) return;
        logger.info('a server now uses ask-channels or forum answers: reconnecting with the Message Content intent');
        live = false;
        try {
          await reconnectWithContent();
          live = !stopped;
        } catch (error) {
          logger.error({ err: error }, 'reconnecting with Message Content failed');
          declareFatal(GatewayCloseCodes.DisallowedIntents);
        }
      })().finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    },
    async stop() {
      live = false;
      stopped = true;
      stopRecheck();
      unguard?.();
      unguard = undefined;
      await closeSession();
    },
  };
  return bot;
}

/** The application's owner, or every member of the team that owns it. */
async function applicationOwners(client: Client): Promise<ReadonlySet<string>> {
  const owner = (await client.application?.fetch())?.owner;
  if (!owner) return new Set();
  return new Set(owner instanceof Team ? owner.members.map((m) => m.id) : [owner.id]);
}
