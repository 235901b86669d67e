import { DiscordAPIError } from 'discord.js';
import { DEFAULT_API_URL } from '../../config.ts';
import { unreachableApi } from './restPolicy.ts';

/**
 * Why the bot could not connect, in one line an operator can act on. discord.js words an error
 * from a server that is not Discord (a web server's 404 page at a mistyped DISCORD_API_URL, say)
 * as "No Description"; that is said here for what it is, with what to set instead.
 */
export function connectProblem(error: unknown, apiUrl: string, budgetMs?: number): string {
  return (notDiscordApi(error, apiUrl) ?? unreachableApi(error, apiUrl, budgetMs) ?? toError(error)).message;
}

/** An HTTP error whose body is not Discord's error shape ({ code, message }): the address is not Discord's API. */
export function notDiscordApi(error: unknown, apiUrl: string): Error | undefined {
  if (!(error instanceof DiscordAPIError)) return undefined;
  const raw = error.rawError as unknown;
  if (raw && typeof raw === 'object' && typeof (raw as { code?: unknown }).code === 'number') return undefined;
  const path = new URL(error.url).pathname.replace(/^.*?\/v\d+/, '');
  return new Error(
    `Discord's API at ${apiUrl} (DISCORD_API_URL) answered ${error.method} ${path} with ${error.status} ` +
      `and a body Discord never sends, so that address is not Discord's API. ` +
      `Leave DISCORD_API_URL unset for Discord itself (${DEFAULT_API_URL}), or set it to the REST proxy, http://PROXY-HOST:8080/api.`,
  );
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
