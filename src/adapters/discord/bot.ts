import { Client, type ClientOptions, Events, GatewayCloseCodes, GatewayIntentBits, Partials } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Core, Transport } from '../transport.ts';
import type { DailyRuntime } from './dailyAdapter.ts';
import { handleInteraction, type InteractionDeps } from './interactions.ts';
import { createMessageHandler } from './messages.ts';

export interface BotDeps extends Omit<Core, 'services'> {
  config: Config;
  logger: Logger;
  /** Built once the client exists, since posting needs it. */
  daily?: (client: Client) => DailyRuntime;
  interaction?: Partial<Pick<InteractionDeps, 'pagerTtlMs' | 'deferAfterMs' | 'now'>>;
}

export interface Bot extends Transport {
  readonly client: Client;
  /** True when Discord refused the Message Content intent and the bot runs without it. */
  readonly degraded: boolean;
}

export const INTENT_REFUSED =
  'Discord refused the Message Content intent (close code 4014): turn it on under Bot → Privileged Gateway Intents in the developer portal. Running with slash commands, mentions and DMs only.';

/**
 * The Discord adapter: a discord.js client wired to the transport-free commands.
 * Message Content is asked for only when ASK_CHANNEL_IDS needs it (mentions and DMs
 * carry their text without it), and its refusal degrades the bot instead of stopping it.
 */
export function createBot(deps: BotDeps): Bot {
  const { config, logger } = deps;
  const wantsContent = config.askChannelIds.length > 0;
  let degraded = false;
  let daily: ReturnType<NonNullable<BotDeps['daily']>> | undefined;
  let client = makeClient(wantsContent);

  function makeClient(withContent: boolean): Client {
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
    if (withContent) intents.push(GatewayIntentBits.MessageContent);
    const options: ClientOptions = { intents, partials: [Partials.Channel], rest: { api: config.apiUrl } };
    const c = new Client(options);
    daily = deps.daily?.(c);
    const interactionDeps: InteractionDeps = {
      engine: deps.engine,
      commands: deps.commands,
      logger,
      services: daily ? { daily } : {},
      ...deps.interaction,
    };
    const onMessage = createMessageHandler({
      engine: deps.engine,
      commands: deps.commands,
      services: interactionDeps.services,
      logger,
      askChannelIds: new Set(degraded ? [] : config.askChannelIds),
      cooldownMs: config.cooldownSeconds * 1000,
    });
    c.on(Events.InteractionCreate, (i) => void handleInteraction(i, interactionDeps));
    c.on(Events.MessageCreate, (m) => void onMessage(m));
    c.once(Events.ClientReady, (ready) => {
      logger.info(
        { user: ready.user.tag, guilds: ready.guilds.cache.size, messageContent: withContent },
        'connected to Discord',
      );
      daily?.start();
    });
    c.on(Events.ShardError, (error, shardId) => logger.warn({ err: error, shardId }, 'gateway error'));
    c.on(Events.Error, (error) => logger.error({ err: error }, 'client error'));
    return c;
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
      throw error;
    });
    return Promise.race([Promise.all([loggedIn, ready]).then(() => undefined), refused]);
  }

  return {
    get client() {
      return client;
    },
    get degraded() {
      return degraded;
    },
    async start() {
      const code = await login();
      if (code !== GatewayCloseCodes.DisallowedIntents) return;
      logger.warn(INTENT_REFUSED);
      degraded = true;
      await daily?.stop();
      await client.destroy();
      client = makeClient(false);
      await login();
    },
    async stop() {
      await daily?.stop();
      await client.destroy();
    },
  };
}
