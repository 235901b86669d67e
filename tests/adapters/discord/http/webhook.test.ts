import { DiscordAPIError, type REST } from '@discordjs/rest';
import { RESTJSONErrorCodes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ACKNOWLEDGE_WAITS_MS, restWebhook } from '../../../../src/adapters/discord/http/webhook.ts';

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
