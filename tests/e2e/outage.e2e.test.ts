import { describe, expect, it } from 'vitest';
import { SORRY } from '../../src/adapters/discord/interactionConstants.ts';
import { RETRY_DELAYS_MS } from '../../src/adapters/discord/restPolicy.ts';
import { DiscordErrors } from './fake/index.ts';
import type { Harness } from './harness.ts';
import { channelPosts, embedOf, replyOf, settle, useHarness, waitForReplyTo } from './harness.ts';

/** Discord answering 5xx or 429: retries pause and stay inside the interaction's window; apologies try once. */

const start = useHarness();

const QUESTION = 'When was the KIA founded?';
/** The smallest pause a jittered retry can take (80% of the nominal delay). */
const shortest = (attempt: number) => RETRY_DELAYS_MS[attempt]! * 0.8;

function gaps(requests: readonly { receivedAt: number }[]): number[] {
  return requests.slice(1).map((r, i) => r.receivedAt - requests[i]!.receivedAt);
}

async function stillAnswers(h: Harness): Promise<void> {
  expect(embedOf(await replyOf(h.fake.interaction.chatInput('ask', { question: QUESTION }))).description).toContain(
    '1961',
  );
}

describe('a 5xx outage', () => {
  it('an interaction reply is retried with growing pauses while its 3 s window lasts; the apology tries once', async () => {
    const h = await start();
    h.fake.failNext({ method: 'POST', path: /\/callback$/, ...DiscordErrors.serverError, times: 4 });

    const sent = h.fake.interaction.chatInput('help', { hide: true });
    await h.fake.waitForRequest((r) => r.path.includes(sent.token) && JSON.stringify(r.body).includes(SORRY), 5_000);
    await settle(h);

    const callbacks = sent.requests().filter((r) => r.path.endsWith('/callback'));
    // Three tries of the reply (the fourth would land after the window), then one of the apology.
    expect(callbacks.map((r) => r.status)).toEqual([500, 500, 500, 500]);
    expect(JSON.stringify(callbacks[3]?.body)).toContain(SORRY);
    const [first, second] = gaps(callbacks);
    expect(first).toBeGreaterThanOrEqual(shortest(0));
    expect(second).toBeGreaterThanOrEqual(shortest(1));
    expect(h.logs().filter((l) => l.msg === 'could not send the apology either')).toHaveLength(1);
    await stillAnswers(h);
    h.fake.assertNoViolations();
  });

  it('a chat reply is retried after growing pauses and gets through when Discord recovers', async () => {
    const h = await start();
    h.fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, ...DiscordErrors.badGateway, times: 2 });

    const asked = h.fake.messageCreate({ content: `<@${h.fake.botUser.id}> ${QUESTION}` });
    await waitForReplyTo(h, asked.id, 5_000);

    const posts = channelPosts(h);
    expect(posts.map((r) => r.status)).toEqual([502, 502, 200]);
    const [first, second] = gaps(posts);
    expect(first).toBeGreaterThanOrEqual(shortest(0));
    expect(second).toBeGreaterThanOrEqual(shortest(1));
    expect(h.logs().filter((l) => l.level >= 40)).toEqual([]);
    h.fake.assertNoViolations();
  });
});

describe('a 429 on an interaction callback', () => {
  it('with retry_after beyond the 3 s window is not waited for: logged, no apology, and the bot moves on', async () => {
    const h = await start();
    h.fake.failNext({ method: 'POST', path: /\/callback$/, ...DiscordErrors.rateLimited(5) });

    const sent = h.fake.interaction.chatInput('help', { hide: true });
    await stillAnswers(h);
    await settle(h);

    expect(sent.requests().map((r) => r.status)).toEqual([429]);
    expect(h.logs().filter((l) => l.interactionId === sent.id)).toEqual([
      expect.objectContaining({ level: 40, msg: 'interaction not answered: rate limited past its response window' }),
    ]);
    h.fake.assertNoViolations();
  });
});
