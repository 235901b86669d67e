import { describe, expect, it } from 'vitest';
import { createDiscordClock, offsetFromDateHeader } from '../../../src/adapters/discord/discordClock.ts';
import { isPastResponseWindow } from '../../../src/adapters/discord/interactions.ts';

const DISCORD = Date.parse('2026-12-07T10:00:00Z');

describe("Discord's clock from Date headers", () => {
  it('reads a header as the middle of its second', () => {
    expect(offsetFromDateHeader(new Date(DISCORD).toUTCString(), DISCORD + 10_000)).toBe(-9_500);
    expect(offsetFromDateHeader('not a date', DISCORD)).toBeUndefined();
  });

  it('is unknown until a response shows it, then follows the median of recent responses', () => {
    let local = DISCORD + 10_000;
    const skews: number[] = [];
    const clock = createDiscordClock({ local: () => local, onSkew: (ms) => skews.push(ms) });
    expect(clock.now()).toBeUndefined();

    clock.observe(new Date(DISCORD).toUTCString());
    clock.observe(new Date(DISCORD).toUTCString());
    local += 5_000; // One response delayed 5 s in transit: the median ignores it.
    clock.observe(new Date(DISCORD).toUTCString());

    expect(clock.now()).toBe(local - 9_500);
    expect(skews).toEqual([-9_500]);
  });

  it('does not warn within a second', () => {
    const skews: number[] = [];
    const clock = createDiscordClock({ local: () => DISCORD + 300, onSkew: (ms) => skews.push(ms) });
    clock.observe(new Date(DISCORD).toUTCString());
    expect(skews).toEqual([]);
  });
});

describe('the response window', () => {
  it("is judged on Discord's clock, with a second's allowance, and never while that clock is unknown", () => {
    expect(isPastResponseWindow(DISCORD, DISCORD + 3_500)).toBe(false);
    expect(isPastResponseWindow(DISCORD, DISCORD + 4_500)).toBe(true);
    expect(isPastResponseWindow(DISCORD, undefined)).toBe(false);
  });
});
