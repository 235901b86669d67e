import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DiscordAPIError, REST, RESTEvents, type RESTOptions } from '@discordjs/rest';
import { RESTJSONErrorCodes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  INTERACTION_REQUESTS_PER_SECOND,
  interactionRestOptions,
  restOptions,
} from '../../../src/adapters/discord/restPolicy.ts';
import { ACKNOWLEDGE_WAITS_MS, restWebhook } from '../../../src/adapters/discord/webhook.ts';

const apiError = (code: number, status = 404) =>
  new DiscordAPIError({ code, message: 'Unknown Webhook' }, code, status, 'PATCH', 'https://x/webhooks', { body: {} });

/** A REST client whose PATCHes fail with `failures` in turn, then succeed; it records what it was asked. */
function restFailing(failures: Error[]) {
  const calls: Array<{ route: string; options: Record<string, unknown> }> = [];
  const rest = {
    patch: async (route: string, options: Record<string, unknown>) => {
      calls.push({ route, options });
      const failure = failures.shift();
      if (failure) throw failure;
      return {};
    },
  } as unknown as REST;
  return { rest, calls };
}

describe('the interaction webhook over @discordjs/rest', () => {
  it('uploads files as multipart: the body names each in attachments, and no bot token is sent', async () => {
    const { rest, calls } = restFailing([]);
    const file = { name: 'insights-7d.csv', data: Buffer.from('a,b\n'), description: 'The questions' };
    await restWebhook(rest)('1', 'tok').editOriginal({ content: 'x' }, [file]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.route).toBe('/webhooks/1/tok/messages/%40original');
    expect(calls[0]?.options).toEqual({
      body: { content: 'x', attachments: [{ id: '0', filename: 'insights-7d.csv', description: 'The questions' }] },
      files: [{ name: 'insights-7d.csv', data: file.data }],
      auth: false,
    });
  });

  it('tries again while Discord does not know the webhook yet, then gives up with the error', async () => {
    const early = restFailing([
      apiError(RESTJSONErrorCodes.UnknownWebhook),
      apiError(RESTJSONErrorCodes.UnknownWebhook),
    ]);
    await restWebhook(early.rest)('1', 'tok').editOriginal({ content: 'x' });
    expect(early.calls).toHaveLength(3);

    const never = restFailing(Array.from({ length: 10 }, () => apiError(RESTJSONErrorCodes.UnknownWebhook)));
    await expect(restWebhook(never.rest)('1', 'tok').editOriginal({ content: 'x' })).rejects.toThrow(DiscordAPIError);
    expect(never.calls).toHaveLength(ACKNOWLEDGE_WAITS_MS.length + 1);

    // Any other error is not about timing: it is not tried again.
    const other = restFailing([apiError(RESTJSONErrorCodes.UnknownMessage)]);
    await expect(restWebhook(other.rest)('1', 'tok').editOriginal({ content: 'x' })).rejects.toThrow(DiscordAPIError);
    expect(other.calls).toHaveLength(1);
  });
});

describe('the interaction webhook is outside the bot-wide 50-a-second limit', () => {
  /** A local API that answers every request at once, counting them. */
  async function api() {
    let received = 0;
    const server = createServer((req, res) => {
      received++;
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/api`, received: () => received, close: () => server.close() };
  }

  /** 120 deferred answers finished at once, one interaction each; whether the client held any back for the global limit. */
  async function burst(options: (api: string) => Partial<RESTOptions>) {
    const server = await api();
    const rest = new REST(options(server.url));
    let heldGlobally = 0;
    rest.on(RESTEvents.RateLimited, (info) => {
      if (info.global) heldGlobally++;
    });
    try {
      const webhook = restWebhook(rest);
      await Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          webhook('123456789012345678', `token-${i}`).editOriginal({ content: 'a' }),
        ),
      );
      return { heldGlobally, received: server.received() };
    } finally {
      server.close();
    }
  }

  it('sends every edit of a burst without waiting, where the bot client would hold them to 50 a second', async () => {
    const ours = await burst((url) => interactionRestOptions(url));
    expect(ours).toEqual({ heldGlobally: 0, received: 120 });
    expect(INTERACTION_REQUESTS_PER_SECOND).toBeGreaterThan(120);
    // The control: the same burst on the bot's own client waits on the global limit.
    const bots = await burst((url) => restOptions(url));
    expect(bots.received).toBe(120);
    expect(bots.heldGlobally).toBeGreaterThan(0);
  });
});
