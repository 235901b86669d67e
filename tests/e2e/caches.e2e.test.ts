import { describe, expect, it } from 'vitest';
import { CACHE_LIMITS } from '../../src/adapters/discord/caches.ts';
import { checkChannel } from '../../src/adapters/discord/dailyAdapter.ts';
import { user } from './fake/payloads.ts';
import { settle, useHarness, waitForReplyTo } from './harness.ts';

/** Memory does not grow with the number of distinct people the bot hears from. */

const start = useHarness();

describe('caches', () => {
  it('users, members, messages and DM channels stay within their limits; guild data and the bot itself stay', async () => {
    const h = await start();
    const { client } = h.bot;
    const guild = client.guilds.cache.get(h.fake.guild.id)!;

    // Guild chatter the bot does not answer still hands discord.js each author and member.
    const talkers = CACHE_LIMITS.users + 200;
    for (let i = 0; i < talkers; i++) h.fake.messageCreate({ content: `hello ${i}`, author: h.fake.addUser() });
    const dms = CACHE_LIMITS.dmChannels + 30;
    let lastDm = '';
    for (let i = 0; i < dms; i++) {
      lastDm = h.fake.messageCreate({ content: 'When was the KIA founded?', dm: true, author: user() }).id;
    }
    await waitForReplyTo(h, lastDm, 10_000);
    await settle(h);

    // The bot's own user and member are kept over the limits.
    expect(client.users.cache.size).toBeLessThanOrEqual(CACHE_LIMITS.users + 1);
    expect(client.users.cache.has(h.fake.botUser.id)).toBe(true);
    expect(guild.members.cache.size).toBeLessThanOrEqual(CACHE_LIMITS.members + 1);
    expect(guild.members.me).not.toBeNull();
    const channel = guild.channels.cache.get(h.fake.channel.id);
    expect(channel?.isTextBased() && channel.messages.cache.size).toBeLessThanOrEqual(CACHE_LIMITS.messagesPerChannel);
    expect(client.channels.cache.filter((c) => c.isDMBased()).size).toBeLessThanOrEqual(CACHE_LIMITS.dmChannels);
    // Every DM still got its answer, including those whose channel the cache let go.
    const dmReplies = h.fake.requests.filter(
      (r) =>
        r.method === 'POST' &&
        r.status === 200 &&
        r.path.endsWith('/messages') &&
        r.path !== `/channels/${h.fake.channel.id}/messages`,
    );
    expect(dmReplies).toHaveLength(dms);
    // What the bot needs keeps working: the guild's channels, and its own permissions in them.
    expect(await checkChannel(client, h.fake.guild.id, h.fake.channel.id)).toBeUndefined();
    h.fake.assertNoViolations();
  });
});
