import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DefaultRestOptions, type RateLimitData, type RESTOptions, SnowflakeUtil } from 'discord.js';
import { Agent } from 'undici';
import type { DiscordClock } from './discordClock.ts';

/**
 * How the bot talks to Discord's REST API when Discord is struggling. @discordjs/rest retries a
 * 5xx three times at once, which during an outage is four failures in a few milliseconds. Here a
 * 5xx or a reset connection is retried after a growing pause, and never past the moment the
 * answer stops being useful: an interaction's first response must land within 3 s of the click.
 */

/** Pauses before the 2nd, 3rd and 4th attempt; ±20% jitter so many requests do not retry in step. */
export const RETRY_DELAYS_MS = [250, 1_000, 3_000] as const;

/** Every attempt of one request together; past this a request fails (and login says why). */
export const REQUEST_BUDGET_MS = 10_000;

const INTERACTION_WINDOW_MS = 3_000;
/** Time a response needs to travel; a retry that would land later than this before the deadline is pointless. */
const LANDING_MARGIN_MS = 200;

const singleTry = new AsyncLocalStorage<true>();

/** Runs `send` with its requests tried once: an apology that fails like the request before it should not wait. */
export function tryOnce<T>(send: () => Promise<T>): Promise<T> {
  return singleTry.run(true, send);
}

/** When Discord stops accepting the first response to this interaction, if the URL is an interaction callback. */
export function callbackDeadline(url: string): number | undefined {
  const id = /\/interactions\/(\d{1,20})\/[^/]+\/callback/.exec(url)?.[1];
  return id === undefined ? undefined : SnowflakeUtil.timestampFrom(id) + INTERACTION_WINDOW_MS;
}

/** The pause before attempt `attempt + 1`, or undefined when there is none left or it would land too late. */
export function retryDelay(
  attempt: number,
  nowMs: number,
  deadline: number | undefined,
  jitter = 1,
): number | undefined {
  const base = RETRY_DELAYS_MS[attempt];
  if (base === undefined) return undefined;
  const delay = Math.round(base * jitter);
  if (deadline !== undefined && nowMs + delay + LANDING_MARGIN_MS > deadline) return undefined;
  return delay;
}

/** A 429 on an interaction callback whose wait outlasts the response window cannot succeed: give up at once. */
export function rejectsRateLimit(data: Pick<RateLimitData, 'url' | 'retryAfter'>, nowMs = Date.now()): boolean {
  const deadline = callbackDeadline(data.url);
  return deadline !== undefined && nowMs + data.retryAfter > deadline;
}

type MakeRequest = RESTOptions['makeRequest'];

/**
 * Connections to Discord's REST API at once, for the whole process. Without a cap undici opens one
 * per concurrent request: a burst of 1,000 answers was 1,000 TCP handshakes and 1,500 connection
 * objects kept afterwards. Requests beyond the cap queue on the open connections, which keep alive.
 * 32 took 13% off a 1,000 burst's p99 in issue 21's trials (no cap → 32); see docs/scaling.md.
 */
export const REST_CONNECTIONS = 32;

let sharedAgent: Agent | undefined;

/** The one connection pool every REST client of the process uses, whatever the route. */
export function restAgent(): Agent {
  sharedAgent ??= new Agent({ connections: REST_CONNECTIONS });
  return sharedAgent;
}

function isTransient(error: unknown): boolean {
  if (!(error instanceof Error) || error.name === 'AbortError') return false;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return (
    code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'UND_ERR_SOCKET' || /ECONNRESET/.test(error.message)
  );
}

/**
 * Wraps @discordjs/rest's fetch so that 5xx and reset connections are retried with backoff, within the
 * deadlines. Every response's `Date` header goes to `clock`, and deadlines are read on Discord's clock.
 */
export function retryingRequest(base: MakeRequest = DefaultRestOptions.makeRequest, clock?: DiscordClock): MakeRequest {
  return async (url, init) => {
    const deadline = callbackDeadline(url);
    const once = singleTry.getStore() === true;
    for (let attempt = 0; ; attempt++) {
      const jitter = 0.8 + Math.random() * 0.4;
      const delay = once ? undefined : retryDelay(attempt, clock?.now() ?? Date.now(), deadline, jitter);
      let response: Awaited<ReturnType<MakeRequest>>;
      try {
        response = await base(url, init);
        clock?.observe(response.headers.get('date'));
      } catch (error) {
        if (delay === undefined || !isTransient(error)) throw error;
        await sleep(delay, undefined, { signal: init.signal ?? undefined });
        continue;
      }
      if (response.status < 500 || response.status > 599 || delay === undefined) return response;
      await response.arrayBuffer().catch(() => undefined); // Frees the connection for the next attempt.
      await sleep(delay, undefined, { signal: init.signal ?? undefined });
    }
  };
}

/**
 * REST options for the bot's client: retries are ours (with backoff), so @discordjs/rest's own are off.
 * With a clock, responses set it and interaction deadlines are judged by it.
 */
export function restOptions(
  api: string,
  clock?: DiscordClock,
  budgetMs: number = REQUEST_BUDGET_MS,
): Partial<RESTOptions> {
  return {
    api,
    agent: restAgent(),
    retries: 0,
    timeout: budgetMs,
    makeRequest: retryingRequest(DefaultRestOptions.makeRequest, clock),
    rejectOnRateLimit: (data) => rejectsRateLimit(data, clock?.now() ?? Date.now()),
  };
}

/**
 * Discord does not bind interaction endpoints (the response callback, and the edits and follow-ups
 * an interaction's token opens) to the bot's 50-a-second global limit; @discordjs/rest holds every
 * webhook route to it, so a burst's deferred answers queued behind it at 50 a second (3,000 at once:
 * 26 s for the last). Each interaction's token is its own route, whose limits Discord's headers still
 * set; this bound only keeps a bug from flooding.
 */
export const INTERACTION_REQUESTS_PER_SECOND = 1_000;

/** REST options for interaction-token routes only: restOptions without the bot-wide global limit. */
export function interactionRestOptions(
  api: string,
  clock?: DiscordClock,
  budgetMs: number = REQUEST_BUDGET_MS,
): Partial<RESTOptions> {
  return { ...restOptions(api, clock, budgetMs), globalRequestsPerSecond: INTERACTION_REQUESTS_PER_SECOND };
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
};

/**
 * An error that means the API address itself is wrong or down, in the words an operator needs:
 * which setting, which address, what happened. Undefined for any other error (a refused token, say).
 */
export function unreachableApi(
  error: unknown,
  apiUrl: string,
  budgetMs: number = REQUEST_BUDGET_MS,
): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const where = `Discord's API at ${apiUrl} (DISCORD_API_URL)`;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') {
    return new Error(`${where} did not answer within ${budgetMs / 1000} s; check the address.`);
  }
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  const what = typeof code === 'string' ? NETWORK_CODES[code] : undefined;
  return what ? new Error(`${where} is unreachable: ${what}; check the address.`) : undefined;
}
