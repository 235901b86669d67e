import { GatewayIntentBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { fatalCloseMessage, INTENT_REFUSED } from '../../src/adapters/discord/bot.ts';
import type { GatewayEvent } from './fake/index.ts';
import type { Harness } from './harness.ts';
import { answerOf, embedOf, messageBody, repliesTo, replyOf, settle, useHarness, waitForReplyTo } from './harness.ts';

/** The gateway going away under the bot: a resumable close, and Discord refusing an intent. */

const start = useHarness();

const QUESTION = 'When was the KIA founded?';

/** Waits for a gateway event that had not happened yet when this was called. */
function nextGateway(h: Harness, predicate: (e: GatewayEvent) => boolean, timeoutMs = 5_000): Promise<GatewayEvent> {
  const seen = new Set(h.fake.gatewayEvents);
  return h.fake.waitForGateway((e) => !seen.has(e) && predicate(e), timeoutMs);
}

const received = (op: number) => (e: GatewayEvent) => e.kind === 'receive' && e.op === op;

describe('close 4000 (resumable)', () => {
  it('resumes the session, replays what it missed, and keeps answering', async () => {
    const h = await start();
    expect(embedOf(await replyOf(h.fake.interaction.chatInput('ask', { question: QUESTION }))).description).toContain(
      '1961',
    );
    const resumed = nextGateway(h, (e) => e.kind === 'dispatch' && e.t === 'RESUMED');

    h.fake.closeGateway(4000, 'Unknown error');
    // Sent while the socket is down: Discord queues it for the resumed session.
    const missed = h.fake.interaction.chatInput('ask', { question: QUESTION });
    await resumed;
    const after = h.fake.interaction.chatInput('compare', { country: 'Japan' });

    // Replayed after the resume, it may be older than the deferral budget (700 ms): answered or deferred and edited.
    expect(embedOf(await answerOf(missed)).description).toContain('1961');
    expect(embedOf(await replyOf(after)).title).toBe('Japan');
    expect(h.fake.gatewayEvents.filter(received(6))).toHaveLength(1);
    expect(h.fake.identifies).toHaveLength(1);
    expect(h.bot.client.isReady()).toBe(true);
    expect(h.logs().filter((l) => l.level >= 50)).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('mentions still get answered after the resume', async () => {
    const h = await start();
    const resumed = nextGateway(h, (e) => e.kind === 'dispatch' && e.t === 'RESUMED');

    h.fake.closeGateway(4000);
    await resumed;
    const asked = h.fake.messageCreate({ content: `<@${h.fake.botUser.id}> ${QUESTION}` });

    const reply = await waitForReplyTo(h, asked.id);
    expect(embedOf(messageBody(reply)).description).toContain('1961');
    h.fake.assertNoViolations();
  });
});

describe('close 4014 (disallowed intents)', () => {
  it('logs one clear line, reconnects without Message Content, and still answers commands and mentions', async () => {
    const h = await start({
      fake: { disallowedIntents: GatewayIntentBits.MessageContent },
      env: (fake) => ({ ASK_CHANNEL_IDS: fake.channel.id }),
    });

    expect(h.bot.degraded).toBe(true);
    expect(h.bot.client.isReady()).toBe(true);
    const content = (intents: number) => (intents & GatewayIntentBits.MessageContent) !== 0;
    expect(h.fake.identifies.map((d) => content(d.intents))).toEqual([true, false]);
    expect(h.fake.gatewayEvents.filter((e) => e.kind === 'close' && e.code === 4014)).toHaveLength(1);

    const slash = await replyOf(h.fake.interaction.chatInput('ask', { question: QUESTION }));
    expect(embedOf(slash).description).toContain('1961');
    const mentioned = h.fake.messageCreate({ content: `<@${h.fake.botUser.id}> ${QUESTION}` });
    expect(embedOf(messageBody(await waitForReplyTo(h, mentioned.id))).description).toContain('1961');
    const dm = h.fake.messageCreate({ content: QUESTION, dm: true, author: h.fake.addUser() }); // Alice is cooling down.
    await waitForReplyTo(h, dm.id);
    // Without the intent the listed channel's messages arrive without text: nothing to answer.
    const unreadable = h.fake.messageCreate({ content: QUESTION, author: h.fake.addUser() });

    await settle(h, 200); // Long enough for a crash loop to show up as more IDENTIFYs.
    expect(repliesTo(h, unreadable.id)).toEqual([]);
    expect(h.fake.identifies).toHaveLength(2);
    const refused = h.rawLogs.filter((line) => line.includes(INTENT_REFUSED));
    expect(refused).toHaveLength(1);
    expect(JSON.parse(refused[0]!)).toMatchObject({ level: 40, msg: INTENT_REFUSED });
    expect(h.logs().filter((l) => l.msg === 'connected to Discord')).toEqual([
      expect.objectContaining({ messageContent: false }),
    ]);
    expect(h.logs().filter((l) => l.level >= 50)).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('a bot that never asks for Message Content is not refused', async () => {
    const h = await start({ fake: { disallowedIntents: GatewayIntentBits.MessageContent } });

    expect(h.bot.degraded).toBe(false);
    expect(h.fake.identifies).toHaveLength(1);
    expect(h.rawLogs.filter((line) => line.includes(INTENT_REFUSED))).toEqual([]);
    expect(embedOf(await replyOf(h.fake.interaction.chatInput('ask', { question: QUESTION }))).description).toContain(
      '1961',
    );
    h.fake.assertNoViolations();
  });
});

describe('a fatal close mid-session', () => {
  it('4004 (token reset) logs one fatal line saying what to do, and settles bot.fatal', async () => {
    const h = await start();
    expect(embedOf(await replyOf(h.fake.interaction.chatInput('ask', { question: QUESTION }))).description).toContain(
      '1961',
    );

    h.fake.closeGateway(4004, 'Authentication failed.');
    const fatal = await h.bot.fatal;

    expect(fatal).toEqual({ code: 4004, message: fatalCloseMessage(4004) });
    expect(fatal.message).toMatch(/developer portal/);
    expect(h.logs().filter((l) => l.level >= 50)).toEqual([
      expect.objectContaining({ level: 60, msg: fatalCloseMessage(4004), closeCode: 4004 }),
    ]);
    expect(h.fake.identifies).toHaveLength(1);
  });

  it('4014 after login reconnects without Message Content, as at login, and keeps answering', async () => {
    const h = await start({ env: (fake) => ({ ASK_CHANNEL_IDS: fake.channel.id }) });
    expect(h.bot.degraded).toBe(false);
    const ready = nextGateway(h, (e) => e.kind === 'dispatch' && e.t === 'READY');

    // The developer turned the intent off in the portal while the bot was running.
    h.fake.options.disallowedIntents = GatewayIntentBits.MessageContent;
    h.fake.closeGateway(4014, 'Disallowed intent(s).');
    await ready;

    const content = (intents: number) => (intents & GatewayIntentBits.MessageContent) !== 0;
    expect(h.fake.identifies.map((d) => content(d.intents))).toEqual([true, false]);
    expect(embedOf(await replyOf(h.fake.interaction.chatInput('ask', { question: QUESTION }))).description).toContain(
      '1961',
    );
    expect(h.bot.degraded).toBe(true);
    expect(h.rawLogs.filter((line) => line.includes(INTENT_REFUSED))).toHaveLength(1);
    expect(h.logs().filter((l) => l.level >= 50)).toEqual([]);
    h.fake.assertNoViolations();
  });
});
