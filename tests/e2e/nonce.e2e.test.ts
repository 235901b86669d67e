import { describe, expect, it } from 'vitest';
import { sendPost } from '../../src/adapters/discord/dailyAdapter.ts';
import { dailyPostNonce } from '../../src/adapters/discord/nonce.ts';
import { DiscordErrors } from './fake/index.ts';
import type { Harness } from './harness.ts';
import { channelPosts, engine, messageBody, settle, useHarness, waitForReplyTo } from './harness.ts';

/**
 * A 5xx that came after Discord stored the message: the retry must not post it twice.
 * The fake stores the message and then answers 502, as a gateway timing out on a busy backend does.
 */

const start = useHarness();

const QUESTION = 'When was the KIA founded?';

function botMessagesIn(h: Harness, channelId: string) {
  return h.fake.messagesIn(channelId).filter((m) => m.author.id === h.fake.botUser.id && m.webhook_id === undefined);
}

describe('a message stored, then answered 502', () => {
  it('a chat reply is retried with the same enforced nonce and posted once', async () => {
    const h = await start();
    h.fake.failNext({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      ...DiscordErrors.badGateway,
      afterHandling: true,
    });

    const asked = h.fake.messageCreate({ content: `<@${h.fake.botUser.id}> ${QUESTION}` });
    await waitForReplyTo(h, asked.id, 5_000);
    await settle(h);

    const posts = channelPosts(h);
    expect(posts.map((r) => r.status)).toEqual([502, 200]);
    const [first, retry] = posts.map((r) => messageBody(r) as { nonce?: string; enforce_nonce?: boolean });
    expect(first).toMatchObject({ nonce: expect.any(String), enforce_nonce: true });
    expect(retry?.nonce).toBe(first?.nonce);
    expect(botMessagesIn(h, h.fake.channel.id)).toHaveLength(1);
    h.fake.assertNoViolations();
  });

  it('a daily post carries the nonce of its guild and day, so a second send of that day is the same message', async () => {
    const h = await start();
    const { guild, channel } = h.fake;
    const nonce = dailyPostNonce(guild.id, '2026-12-01');
    h.fake.failNext({
      method: 'POST',
      path: `/channels/${channel.id}/messages`,
      ...DiscordErrors.badGateway,
      afterHandling: true,
    });

    const first = await sendPost(h.bot.client, channel.id, engine().kb, '2026-12-01', nonce);
    // The scheduler retrying the same day (another process, or after a timeout) lands on the same message.
    const again = await sendPost(h.bot.client, channel.id, engine().kb, '2026-12-01', nonce);
    const nextDay = await sendPost(
      h.bot.client,
      channel.id,
      engine().kb,
      '2026-12-02',
      dailyPostNonce(guild.id, '2026-12-02'),
    );

    expect(first.ok && again.ok && nextDay.ok).toBe(true);
    expect(first.ok && again.ok && first.messageId === again.messageId).toBe(true);
    expect(botMessagesIn(h, channel.id)).toHaveLength(2);
    const bodies = channelPosts(h, channel.id).map(
      (r) => messageBody(r) as { nonce?: string; enforce_nonce?: boolean },
    );
    expect(bodies.slice(0, 3)).toEqual(Array(3).fill(expect.objectContaining({ nonce, enforce_nonce: true })));
    h.fake.assertNoViolations();
  });
});
