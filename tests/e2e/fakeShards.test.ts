import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord, shardOfGuild, snowflakeOnShard } from './fake/index.ts';

/** Proves the fake's sharding against real discord.js Clients (not our bot), one per shard. */

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

let fake: FakeDiscord | undefined;
let clients: Client[] = [];

afterEach(async () => {
  for (const c of clients) await c.destroy();
  clients = [];
  await fake?.close();
  fake = undefined;
});

async function connect(f: FakeDiscord, options: { shards?: number[]; shardCount?: number }): Promise<Client> {
  const client = new Client({ intents: INTENTS, partials: [Partials.Channel], rest: { api: f.apiUrl }, ...options });
  clients.push(client);
  const ready = once(client, Events.ClientReady);
  await client.login('any-token-works');
  await ready;
  return client;
}

describe('the fake Discord, sharded', () => {
  it('snowflakeOnShard makes ids on the asked shard, by the formula', () => {
    for (const count of [2, 3, 7]) {
      for (let shard = 0; shard < count; shard++)
        expect(shardOfGuild(snowflakeOnShard(shard, count), count)).toBe(shard);
    }
  });

  it('each shard gets READY with its shard and only its guilds; events go to the owner; DMs to shard 0', async () => {
    const guilds = [0, 1, 0, 1].map((shard) => ({ id: snowflakeOnShard(shard, 2) }));
    fake = await FakeDiscord.start({ guilds, recommendedShards: 2, maxConcurrency: 2 });
    const f = fake;
    const [zero, one] = [
      await connect(f, { shards: [0], shardCount: 2 }),
      await connect(f, { shards: [1], shardCount: 2 }),
    ];
    expect(f.gatewayShards.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const ids = (c: Client) => [...c.guilds.cache.keys()].sort();
    expect(ids(zero)).toEqual([guilds[0]?.id, guilds[2]?.id].sort());
    expect(ids(one)).toEqual([guilds[1]?.id, guilds[3]?.id].sort());

    const seen: string[] = [];
    zero.on(Events.InteractionCreate, (i) => void seen.push(`0:${i.guildId ?? 'dm'}`));
    one.on(Events.InteractionCreate, (i) => void seen.push(`1:${i.guildId ?? 'dm'}`));
    const shard1Guild = f.world.guilds[1];
    f.interaction.chatInput('ping', {}, { channelId: shard1Guild?.channels[0]?.id });
    f.interaction.chatInput('ping', {}, { dm: true });
    await f.waitForGateway((e) => e.kind === 'dispatch' && e.t === 'INTERACTION_CREATE' && e.shard === 0);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.sort()).toEqual(['0:dm', `1:${shard1Guild?.id}`]);
  });

  it('GET /gateway/bot advertises the configured shards and max_concurrency', async () => {
    fake = await FakeDiscord.start({ token: 'a.valid.looking-token', recommendedShards: 3, maxConcurrency: 16 });
    const res = await fetch(`${fake.apiUrl}/v10/gateway/bot`, {
      headers: { authorization: 'Bot a.valid.looking-token' },
    });
    expect(await res.json()).toMatchObject({ shards: 3, session_start_limit: { max_concurrency: 16 } });
  });

  it('an IDENTIFY with a shard outside its count is closed with 4010 Invalid shard', async () => {
    fake = await FakeDiscord.start();
    // Raw, since discord.js refuses such a shard before it identifies.
    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    await once(socket, 'message');
    socket.send(JSON.stringify({ op: 2, d: { token: 'any-token-works', intents: 1, properties: {}, shard: [2, 2] } }));
    const [code] = (await once(socket, 'close')) as [number];
    expect(code).toBe(4010);
  });
});
