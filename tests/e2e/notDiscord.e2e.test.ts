import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { notDiscordApi } from '../../src/adapters/discord/connectProblem.ts';
import { childEnv, nodeTsx, runChild, tempDir } from './child.ts';
import { makeToken } from './harness.ts';

/**
 * DISCORD_API_URL pointing at a web server that is not Discord: discord.js alone says
 * "No Description"; the operator at a terminal gets one sentence saying what happened and what to set.
 */

describe('a DISCORD_API_URL that is not Discord', () => {
  it('ends npm start with one sentence naming the setting and what to set it to, at a terminal', async () => {
    const web = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not Found</body></html>');
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}/api`;
    const dataDir = tempDir();
    const token = makeToken();
    try {
      const run = await runChild(
        ...nodeTsx('src/main.ts'),
        childEnv({ DISCORD_TOKEN: token, DISCORD_API_URL: apiUrl, DATA_DIR: dataDir.path, LOG_FORMAT: 'pretty' }),
        30_000,
      );
      expect(run.code).toBe(1);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines.at(-1)).toBe(
        `Could not connect to Discord: Discord's API at ${apiUrl} (DISCORD_API_URL) answered GET /gateway/bot ` +
          "with 404 and a body Discord never sends, so that address is not Discord's API. Leave DISCORD_API_URL " +
          'unset for Discord itself (https://discord.com/api), or set it to the REST proxy, http://PROXY-HOST:8080/api.',
      );
      expect(run.stderr).not.toContain('No Description');
      expect(run.stderr + run.stdout).not.toContain(token);
      // Lines for a person, not JSON.
      expect(run.stderr).not.toMatch(/^\{"level"/m);
    } finally {
      dataDir.remove();
      await new Promise((resolve) => web.close(resolve));
    }
  }, 35_000);

  it('leaves Discord’s own errors (a body with a code) to be reported as they are', () => {
    const discord = new DiscordAPIError(
      { message: '401: Unauthorized', code: 0 },
      0,
      401,
      'GET',
      'https://discord.com/api/v10/gateway/bot',
      { files: undefined, body: undefined },
    );
    expect(notDiscordApi(discord, 'https://discord.com/api')).toBeUndefined();
    expect(notDiscordApi(new Error('socket hang up'), 'https://discord.com/api')).toBeUndefined();
  });
});
