import { Client, GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { askChannelCheck } from '../../../src/adapters/discord/askChannel.ts';

/** The check /settings ask-channels add runs: only a connected gateway client can tell, so nothing else refuses. */

const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
});

describe('askChannelCheck', () => {
  it('refuses nothing without a gateway client (an HTTP-only process)', async () => {
    expect(await askChannelCheck(() => undefined)('1', '2')).toBeUndefined();
  });

  it('refuses nothing while the client is not connected (a reconnect under way), and asks Discord nothing', async () => {
    const client = new Client({ intents: [GatewayIntentBits.Guilds] });
    clients.push(client);
    let fetched = 0;
    client.channels.fetch = (async () => {
      fetched++;
      return null;
    }) as typeof client.channels.fetch;
    expect(await askChannelCheck(() => client)('1', '2')).toBeUndefined();
    expect(fetched).toBe(0);
  });
});
