import type { APIMessage } from 'discord.js';
import type { World } from '../world.ts';

/** The shape of a REST endpoint of the fake, and Discord's reply conventions. */

export interface RouteRequest {
  params: Record<string, string>;
  body: unknown;
  query: URLSearchParams;
  /** Uploaded files (multipart requests), with their bytes so a test can read what was sent. */
  files: { name: string; size: number; contentType: string; data?: Buffer; field?: string }[];
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to `/api/v10`; `:name` segments become params. */
  path: string;
  /** Interaction callbacks and webhooks are authorised by their token, not the bot token. */
  auth?: false;
  handle(req: RouteRequest): Reply;
}

export interface RouteContext {
  world: World;
  gatewayUrl(): string;
  interactionTimeoutMs(): number;
  /** What GET /gateway/bot advertises: the recommended shard count, and how many may IDENTIFY at once. */
  gatewayBot?(): { shards: number; maxConcurrency: number };
  /** Tells the connected client about a message the bot made or changed, as Discord does. */
  echo(event: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE' | 'MESSAGE_DELETE', message: APIMessage): void;
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });
export const discordError = (status: number, message: string, code: number): Reply => ({
  status,
  body: { message, code },
});

export const notFound = {
  route: () => discordError(404, '404: Not Found', 0),
  application: () => discordError(404, 'Unknown Application', 10002),
  channel: () => discordError(404, 'Unknown Channel', 10003),
  guild: () => discordError(404, 'Unknown Guild', 10004),
  member: () => discordError(404, 'Unknown Member', 10007),
  message: () => discordError(404, 'Unknown Message', 10008),
  user: () => discordError(404, 'Unknown User', 10013),
  webhook: () => discordError(404, 'Unknown Webhook', 10015),
  command: () => discordError(404, 'Unknown application command', 10063),
  interaction: () => discordError(404, 'Unknown interaction', 10062),
};

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
}

export class Router {
  private readonly compiled: CompiledRoute[];

  /** First match wins, so list literal paths (`/users/@me`) before parameterised ones. */
  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => ({
      route,
      pattern: new RegExp(`^${route.path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`),
    }));
  }

  find(method: string, path: string): { route: Route; params: Record<string, string> } | null {
    for (const { route, pattern } of this.compiled) {
      const match = route.method === method ? pattern.exec(path) : null;
      if (match) return { route, params: { ...match.groups } };
    }
    return null;
  }
}
