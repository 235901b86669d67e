import type { AddressInfo } from 'node:net';
import { REST } from '@discordjs/rest';
import type { Logger } from 'pino';
import type { Services } from '../../../bot/context.ts';
import type { Core, Transport } from '../../transport.ts';
import { createAnswerQueue } from '../answerQueue.ts';
import type { PlanDeps } from '../interactionPlan.ts';
import { interactionRestOptions, restOptions } from '../restPolicy.ts';
import { restThreadOps } from '../threads.ts';
import { restWebhook } from '../webhook.ts';
import { answerInteraction } from './answer.ts';
import { createInteractionsServer, type HealthReport } from './server.ts';
import { publicKeyFromHex } from './signature.ts';

export interface InteractionsEndpointDeps extends Omit<Core, 'services'> {
  port: number;
  /** 127.0.0.1 in tests; every interface by default, behind a load balancer. */
  host?: string;
  /** The developer portal's Public Key, 64 hex characters. */
  publicKey: string;
  /** Webhook edits of deferred replies go here (DISCORD_API_URL: Discord, or the shared proxy). */
  apiUrl: string;
  logger: Logger;
  /** Read per interaction: with the gateway also running, its daily and forum services join once it is ready. */
  services: () => Partial<Services>;
  isOwner?: (userId: string) => boolean;
  /** Served at GET /healthz. */
  health?: () => Promise<HealthReport>;
  interaction?: Partial<Pick<PlanDeps, 'pagerTtlMs' | 'now'>> & { deferAfterMs?: number };
  maxBodyBytes?: number;
  /**
   * The bot token, when this process has one: the hand-off loop's threads (Ask a person, ✅ Resolved)
   * are bot requests. Without it those buttons say they are not available here.
   */
  botToken?: string;
}

export interface InteractionsEndpoint extends Transport {
  /** The port it listens on once started (useful with port 0). */
  readonly port: number;
}

/**
 * Slash commands, autocomplete, buttons and forms over HTTP (Discord's Interactions Endpoint URL), so any
 * number of processes behind a load balancer can answer them. Chat questions, mentions, forum posts
 * and daily posts still need the gateway (createBot).
 */
export function createInteractionsEndpoint(deps: InteractionsEndpointDeps): InteractionsEndpoint {
  const key = publicKeyFromHex(deps.publicKey);
  // No bot token: every request this makes is a webhook call, authorised by the interaction token in its URL.
  const rest = new REST(interactionRestOptions(deps.apiUrl));
  const webhook = restWebhook(rest);
  // A second client for bot requests, so the webhook client above never carries the token.
  const threads = deps.botToken ? restThreadOps(new REST(restOptions(deps.apiUrl)).setToken(deps.botToken)) : undefined;
  const inFlight = new Set<Promise<void>>();
  // One queue for the process: its commands take turns on one CPU.
  const answerQueue = createAnswerQueue();
  const server = createInteractionsServer({
    publicKey: key,
    logger: deps.logger,
    health: deps.health,
    maxBodyBytes: deps.maxBodyBytes,
    now: deps.interaction?.now ? () => (deps.interaction?.now?.() ?? new Date()).getTime() : undefined,
    track: (work) => {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
    answer: (payload) =>
      answerInteraction(payload, {
        engine: deps.engine,
        commands: deps.commands,
        logger: deps.logger,
        services: deps.services(),
        isOwner: deps.isOwner,
        webhook,
        answerQueue,
        ...(threads ? { threads } : {}),
        ...deps.interaction,
      }),
  });
  let port = deps.port;

  return {
    get port() {
      return port;
    },
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(deps.port, deps.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      port = (server.address() as AddressInfo).port;
      deps.logger.info({ port }, 'serving interactions over HTTP');
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Deferred replies still being written are finished, so no member is left with "thinking…".
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}
