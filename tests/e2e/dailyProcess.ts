import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connect, createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';

/**
 * For the shutdown and daily post process tests: an HTTP proxy in front of the fake Discord's
 * REST API that can hold chosen requests forever, as a Discord that never answers would. Held
 * requests never reach the fake: it records only what was delivered. The gateway goes straight
 * to the fake, unless `relayGateway` puts a TCP relay in between that the test can cut.
 */

export interface HeldRequest {
  method: string;
  path: string;
  body: unknown;
  receivedAt: number;
  /** When the bot gave up on it (aborted, or its process died). */
  closedAt?: number;
}

export const DAILY_POST_PATH = /^\/api\/v10\/channels\/\d+\/messages$/;

export class HangingProxy {
  /** Which requests to hold; none by default. */
  hold: (method: string, path: string) => boolean = () => false;
  readonly held: HeldRequest[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
    /** Set with `relayGateway`: GET /gateway/bot then names the relay instead of the fake. */
    readonly gateway: GatewayRelay | undefined,
  ) {}

  static async start(fakeApiUrl: string, options: { relayGateway?: boolean } = {}): Promise<HangingProxy> {
    const target = new URL(fakeApiUrl);
    const gateway = options.relayGateway ? await GatewayRelay.start(Number(target.port)) : undefined;
    let proxy: HangingProxy | undefined;
    const server = createServer((req, res) => void proxy?.handle(req, res));
    proxy = new HangingProxy(server, target, gateway);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** Give the bot this as DISCORD_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  /** Resolves once `count` requests are held. */
  waitForHeld(count: number, timeoutMs: number): Promise<void> {
    if (this.held.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${count} held request(s)`));
      }, timeoutMs);
      const check = () => {
        if (this.held.length < count) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  async close(): Promise<void> {
    await this.gateway?.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    if (this.hold(method, path)) {
      const held: HeldRequest = { method, path, body: parseJson(raw), receivedAt: Date.now() };
      this.held.push(held);
      res.once('close', () => {
        held.closedAt = Date.now();
      });
      for (const waiter of [...this.waiters]) waiter();
      return;
    }
    const upstream = request(
      { host: this.target.hostname, port: this.target.port, method, path: req.url, headers: req.headers },
      (answer) => {
        if (this.gateway !== undefined && path === '/api/v10/gateway/bot') {
          void this.answerWithRelay(answer, res, this.gateway);
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(raw);
  }

  private async answerWithRelay(answer: IncomingMessage, res: ServerResponse, gateway: GatewayRelay): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of answer) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { url: string };
    const url = new URL(body.url);
    url.port = String(gateway.port);
    const rewritten = JSON.stringify({ ...body, url: url.toString() });
    res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' });
    res.end(rewritten);
  }
}

/**
 * A byte relay to the fake's gateway that can go silent both ways, as a network partition does:
 * the client's close frame never arrives and no close frame comes back.
 */
export class GatewayRelay {
  private frozen = false;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: TcpServer,
    private readonly targetPort: number,
  ) {}

  static async start(targetPort: number): Promise<GatewayRelay> {
    let relay: GatewayRelay | undefined;
    const server = createTcpServer((client) => relay?.pipe(client));
    relay = new GatewayRelay(server, targetPort);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** From now on nothing passes in either direction; connections stay open. */
  freeze(): void {
    this.frozen = true;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (chunk) => {
        if (!this.frozen) to.write(chunk);
      });
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        if (!this.frozen) to.destroy();
      });
    }
  }
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}

/** 'HH:MM' of `at` on the wall clocks of `timeZone`. */
export function wallClock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    at,
  );
}

/**
 * Writes a schedule whose slot passed a minute or two ago, set up the day before, so a bot
 * started on this folder posts at once (a catch-up well inside the window) with no waiting.
 */
export async function seedDueSchedule(
  dataDir: string,
  schedule: { guildId: string; channelId: string; timezone: string },
): Promise<void> {
  const store = openSqliteStore({ dataDir });
  const slot = new Date(Date.now() - 60_000);
  await store.upsertSchedule(
    { ...schedule, time: wallClock(slot, schedule.timezone) },
    new Date(Date.now() - 24 * 3_600_000),
  );
  await store.close();
}
