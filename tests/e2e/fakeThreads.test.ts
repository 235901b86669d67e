import { once } from 'node:events';
import {
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  type ForumChannel,
  GatewayIntentBits,
  Partials,
  type TextChannel,
  ThreadAutoArchiveDuration,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake/index.ts';

/** The fake's threads and forum tags, proved with the real discord.js Client (not our bot), every body spec-checked. */

let fake: FakeDiscord;
let client: Client;

beforeEach(async () => {
  fake = await FakeDiscord.start({
    guilds: [{ channels: ['general'], forums: ['questions'], forumTags: ['Bug', 'Solved'], roles: ['helpers'] }],
  });
  client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    partials: [Partials.Channel],
    rest: { api: fake.apiUrl },
  });
  const ready = once(client, Events.ClientReady);
  await client.login('any-token-works');
  await ready;
});
afterEach(async () => {
  await client.destroy();
  await fake.close();
});

const general = () => client.channels.cache.get(fake.channel.id) as TextChannel;

describe('threads in the fake Discord', () => {
  it('starts a thread from a message (the thread takes its id) and only once', async () => {
    const message = await general().send('start here');
    const created = once(client, Events.ThreadCreate);
    const thread = await message.startThread({ name: 'from a message', autoArchiveDuration: 1440 });
    expect(thread.id).toBe(message.id);
    expect(thread.parentId).toBe(fake.channel.id);
    await created;
    expect(client.channels.cache.get(thread.id)?.isThread()).toBe(true);
    // Discord refuses a second thread on one message.
    const again = await general()
      .messages.fetch(message.id)
      .then((m) => m.startThread({ name: 'again' }))
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DiscordAPIError);
    expect((again as DiscordAPIError).code).toBe(160004);
    // The thread takes messages, and the gateway hears of them.
    await thread.send('inside');
    expect(fake.messagesIn(thread.id).map((m) => m.content)).toEqual(['inside']);
    fake.assertNoViolations();
  });

  it('creates a public thread in a channel, archives it, and says so over the gateway', async () => {
    const thread = await general().threads.create({
      name: 'in a channel',
      type: ChannelType.PublicThread,
      autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
    });
    expect(fake.thread(thread.id)).toMatchObject({ name: 'in a channel', type: ChannelType.PublicThread });
    const updated = once(client, Events.ThreadUpdate);
    await thread.setArchived(true);
    await updated;
    expect(fake.thread(thread.id).thread_metadata?.archived).toBe(true);
    expect(client.channels.cache.get(thread.id)?.isThread() && thread.archived).toBe(true);
    fake.assertNoViolations();
  });

  it("applies a forum's tags to a post, refusing tags the forum lacks", async () => {
    const forum = client.channels.cache.get(fake.forum.id) as ForumChannel;
    expect(forum.availableTags.map((t) => t.name)).toEqual(['Bug', 'Solved']);
    const post = fake.forumPost({ title: 'Help', content: 'Something broke' });
    const thread = await client.channels.fetch(post.thread.id);
    if (!thread?.isThread()) throw new Error('not a thread');
    const solved = forum.availableTags.find((t) => t.name === 'Solved')!.id;
    await thread.setAppliedTags([solved]);
    expect(fake.thread(post.thread.id).applied_tags).toEqual([solved]);
    const refused = await thread.setAppliedTags(['123']).catch((e: unknown) => e);
    expect((refused as DiscordAPIError).code).toBe(50035);
    expect(fake.thread(post.thread.id).applied_tags).toEqual([solved]);
    fake.assertNoViolations();
  });

  it('knows roles by name, and a deleted role or channel is gone from REST', async () => {
    const role = fake.role('helpers');
    const guild = client.guilds.cache.get(fake.guild.id)!;
    expect((await guild.roles.fetch()).has(role.id)).toBe(true);
    fake.deleteRole(role.id);
    expect((await guild.roles.fetch(undefined, { force: true })).has(role.id)).toBe(false);
    const channelId = fake.channel.id;
    fake.deleteChannel(channelId);
    const gone = await client.channels.fetch(channelId, { force: true }).catch((e: unknown) => e);
    expect((gone as DiscordAPIError).code).toBe(10003);
    fake.assertNoViolations();
  });
});
