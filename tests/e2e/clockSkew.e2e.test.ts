import { describe, expect, it } from 'vitest';
import { callbackBody, embedOf, replyOf, settle, useHarness } from './harness.ts';

/**
 * The bot's clock against Discord's (the fake's clockOffsetMs moves Discord's clock: its interaction
 * ids and the Date header of every REST response). Whether an interaction is past the 3 s window
 * is Discord's question, so it is asked on Discord's clock as its responses show it.
 */

const start = useHarness();
const SKEW_WARNING = /^this machine's clock is \d+\.\d s (ahead of|behind) Discord's/;

describe.each([
  ['ahead of', -10_000],
  ['behind', 10_000],
])("the bot's clock 10 s %s Discord's", (direction, clockOffsetMs) => {
  it('answers every interaction, and warns once about the skew', async () => {
    const h = await start({ fake: { clockOffsetMs } });
    const target = h.fake.messageCreate({ content: 'a message to answer' });

    const asked = h.fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' });
    const completed = h.fake.interaction.autocomplete('compare', { country: 'Ja' }, 'country');
    const menu = h.fake.interaction.messageContextMenu('Ask the report', target);

    expect(embedOf(await replyOf(asked)).description).toContain('1961');
    expect(callbackBody(await completed.waitForCallback()).type).toBe(8);
    expect((await menu.waitForCallback()).status).toBeLessThan(300);
    expect(
      embedOf(await replyOf(h.fake.interaction.chatInput('ask', { question: 'Who controls the mines?' }))).title,
    ).toBe('Who controls the mines?');
    await settle(h);

    expect(h.logs().filter((l) => l.msg === 'interaction skipped: older than the response window')).toEqual([]);
    const warnings = h.logs().filter((l) => SKEW_WARNING.test(l.msg ?? ''));
    expect(warnings.map((l) => [l.level, (l.msg ?? '').match(SKEW_WARNING)?.[1]])).toEqual([[40, direction]]);
    expect(Math.abs(Number(warnings[0]?.skewMs) + clockOffsetMs)).toBeLessThan(1_500);
    h.fake.assertNoViolations();
  });

  it("still skips an interaction older than the window by Discord's clock", async () => {
    const h = await start({ fake: { clockOffsetMs } });

    const old = h.fake.interaction.chatInput(
      'ask',
      { question: 'When was the KIA founded?' },
      {
        createdAt: h.fake.discordNow() - 6_000,
      },
    );
    expect(
      embedOf(await replyOf(h.fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' })))
        .description,
    ).toContain('1961');
    await settle(h);

    expect(old.requests()).toEqual([]);
    expect(
      h
        .logs()
        .filter((l) => l.msg === 'interaction skipped: older than the response window')
        .map((l) => l.interactionId),
    ).toEqual([old.id]);
  });
});

describe("the bot's clock in step with Discord's", () => {
  it('says nothing about skew', async () => {
    const h = await start();
    await replyOf(h.fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' }));
    expect(h.logs().filter((l) => SKEW_WARNING.test(l.msg ?? ''))).toEqual([]);
  });
});

describe('answers Discord refuses as too late', () => {
  it('are counted in one warn line (10062), not a line each, with no apology sent after them', async () => {
    // Every callback lands after the fake's window: what a host far behind Discord's clock would meet.
    const h = await start({ fake: { interactionTimeoutMs: -1 } });

    const sent = ['When was the KIA founded?', 'Who controls the mines?', 'When was the KIA founded?'].map((question) =>
      h.fake.interaction.chatInput('ask', { question }),
    );
    await Promise.all(sent.map((s) => s.waitForCallback()));
    await settle(h, 200);

    expect(sent.flatMap((s) => s.requests().map((r) => r.status))).toEqual([404, 404, 404]);
    const late = h.logs().filter((l) => (l.msg ?? '').includes('10062'));
    // The first loss is told at once; the rest wait for the next line, at most one per interval.
    expect(late.map((l) => [l.level, l.lost])).toEqual([[40, { expired: 1, shed: 0 }]]);
    expect(h.logs().filter((l) => l.level >= 50)).toEqual([]);
  });
});
