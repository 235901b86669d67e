import type { ServerOptions } from 'node:http';

/**
 * Limits for the bot's own HTTP servers (/healthz, the interactions endpoint). Node's defaults
 * let a client that trickles its headers a byte a second hold a connection for a minute or more:
 * the header and request timeouts are only enforced when the connection check runs, every 30 s
 * by default. Probes and Discord send a request in one go, so seconds are plenty.
 */
export const TIGHT_HTTP_TIMEOUTS = {
  headersTimeout: 5_000,
  requestTimeout: 10_000,
  connectionsCheckingInterval: 1_000,
} as const satisfies ServerOptions;
