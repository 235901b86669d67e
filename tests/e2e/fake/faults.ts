/** Injected REST failures: the next matching request(s) get this response instead of the real one. */

export interface FailRule {
  method?: string;
  /** Matched against the path after `/api/v10`, e.g. `/channels/123/messages`. */
  path?: RegExp | string;
  status: number;
  /** Defaults to Discord's body for the status (see `DiscordErrors`). */
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching requests fail; 1 by default. */
  times?: number;
  /**
   * Handle the request as usual (a message is stored, the client is told) and only then answer
   * with this failure: a gateway that timed out on a backend that had done the work.
   */
  afterHandling?: boolean;
}

export interface FaultResponse {
  afterHandling: boolean;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Bodies Discord really sends, ready to spread into `failNext`. */
export const DiscordErrors = {
  rateLimited: (retryAfterSeconds = 0.05, global = false) => ({
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global },
  }),
  missingAccess: { status: 403, body: { message: 'Missing Access', code: 50001 } },
  missingPermissions: { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
  unknownChannel: { status: 404, body: { message: 'Unknown Channel', code: 10003 } },
  unknownMessage: { status: 404, body: { message: 'Unknown Message', code: 10008 } },
  unknownInteraction: { status: 404, body: { message: 'Unknown interaction', code: 10062 } },
  serverError: { status: 500, body: { message: '500: Internal Server Error', code: 0 } },
  badGateway: { status: 502, body: { message: '502: Bad Gateway', code: 0 } },
} as const;

/**
 * The headers @discordjs/rest reads on a 429: `Retry-After` (seconds) for the wait and
 * `X-RateLimit-*` for the bucket. Discord sends whole seconds in `Retry-After`; the fake sends
 * the exact fraction so tests stay fast, which @discordjs/rest parses with Number().
 */
function rateLimitHeaders(body: unknown): Record<string, string> {
  const { retry_after: retryAfter = 0.05, global = false } = (body ?? {}) as { retry_after?: number; global?: boolean };
  return {
    'retry-after': String(retryAfter),
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String((Date.now() / 1000 + retryAfter).toFixed(3)),
    'x-ratelimit-reset-after': String(retryAfter),
    'x-ratelimit-bucket': 'fake-bucket',
    'x-ratelimit-scope': global ? 'global' : 'user',
    ...(global ? { 'x-ratelimit-global': 'true' } : {}),
  };
}

function defaultBody(status: number): unknown {
  if (status === 429) return DiscordErrors.rateLimited().body;
  return { message: `${status}: Injected failure`, code: 0 };
}

export class Faults {
  private readonly rules: (FailRule & { remaining: number })[] = [];

  add(rule: FailRule): void {
    this.rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  get pending(): number {
    return this.rules.reduce((sum, rule) => sum + rule.remaining, 0);
  }

  /** Consumes and returns the first rule matching this request, if any. */
  take(method: string, path: string): FaultResponse | null {
    const index = this.rules.findIndex(
      (rule) =>
        (!rule.method || rule.method.toUpperCase() === method) &&
        (rule.path === undefined || (typeof rule.path === 'string' ? path.includes(rule.path) : rule.path.test(path))),
    );
    const rule = this.rules[index];
    if (!rule) return null;
    if (--rule.remaining === 0) this.rules.splice(index, 1);
    const body = rule.body ?? defaultBody(rule.status);
    const headers = { ...(rule.status === 429 ? rateLimitHeaders(body) : {}), ...rule.headers };
    return { afterHandling: rule.afterHandling ?? false, status: rule.status, body, headers };
  }
}
