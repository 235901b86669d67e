import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TIGHT_HTTP_TIMEOUTS } from './httpTimeouts.ts';
import type { HealthResponse } from './report.ts';

export const HEALTH_PATH = '/healthz';

/**
 * A plain node:http handler for GET /healthz, so any server (the gateway process, the sharding
 * launcher, an HTTP interactions endpoint) can mount it. Requests are not logged: their headers
 * may carry an orchestrator's credentials, and a probe every few seconds is noise.
 */
export function healthHandler(
  check: () => Promise<HealthResponse>,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if (new URL(req.url ?? '/', 'http://health').pathname !== HEALTH_PATH) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    let response: HealthResponse;
    try {
      response = await check();
    } catch {
      response = { status: 503, body: { ok: false, shards: [], store: { reachable: false, error: 'check failed' } } };
    }
    const body = JSON.stringify(response.body);
    res.writeHead(response.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Serves only /healthz (404 elsewhere), on every interface: orchestrators probe from outside the container. */
export async function startHealthServer(port: number, check: () => Promise<HealthResponse>): Promise<HealthServer> {
  const handle = healthHandler(check);
  const server = createServer(TIGHT_HTTP_TIMEOUTS, (req, res) => {
    void handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
