import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxyRequests } from '@discordjs/proxy';
import { REST } from '@discordjs/rest';
import type { Logger } from 'pino';
import { REQUEST_BUDGET_MS } from '../restPolicy.ts';

/**
 * @discordjs/proxy in front of Discord: every bot process sends its REST calls here
 * (DISCORD_API_URL=http://PROXY:PORT/api), and one @discordjs/rest queue holds the rate limits for
 * all of them, so a 429 one process meets holds the others' requests to that bucket too, and the
 * proxy waits and retries it instead of the bots.
 *
 * Paths: a bot requests /api/v10/<route>; the proxy strips /api/v10 and sends <route> to
 * `upstream` + /v10, so the upstream is named without its version (https://discord.com/api).
 */

export interface RestProxyOptions {
  port: number;
  host?: string;
  upstream: string;
  logger: Logger;
}

export interface RestProxy {
  /** What the bots take as DISCORD_API_URL. */
  readonly apiUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

const API_PATH = /^\/api(\/v\d+)?\//;

export async function startRestProxy(options: RestProxyOptions): Promise<RestProxy> {
  const { logger } = options;
  // 5xx are retried by each bot (restPolicy.ts, with nonces so a retry cannot double a message);
  // retrying here too would multiply the attempts. 429s are the proxy's to wait out.
  const rest = new REST({ api: options.upstream, retries: 0, timeout: REQUEST_BUDGET_MS });
  rest.on('rateLimited', (info) =>
    logger.info(
      { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope },
      'rate limited: requests to this bucket wait, for every bot',
    ),
  );
  const forward = proxyRequests(rest);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    if (!API_PATH.test(path)) return notFound(res);
    // @discordjs/proxy ends the response in a finally even when the upstream is unreachable;
    // starting from 502 makes that ending an honest one.
    res.statusCode = 502;
    Promise.resolve(forward(req, res)).catch((error: unknown) => {
      logger.warn({ err: error, method: req.method }, 'could not forward a request to Discord');
      if (!res.writableEnded) res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  logger.info({ port, upstream: options.upstream }, 'REST proxy listening');
  return {
    apiUrl: `http://${host}:${port}/api`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      message: 'This is a Discord REST proxy: it serves /api/v10/…; set DISCORD_API_URL to http://HOST:PORT/api.',
      code: 0,
    }),
  );
}
