import { expect } from 'vitest';
import { embedLength, type RenderedMessage } from '../src/adapters/discord/render.ts';

/** Every Discord limit and the mention rule, asserted on one rendered message. */
export function expectWithinDiscordLimits(message: RenderedMessage, mayPing: string[] = []): void {
  expect(message.content?.length ?? 0).toBeLessThanOrEqual(2000);
  expect(message.embeds.length).toBeLessThanOrEqual(10);
  for (const embed of message.embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
    for (const f of embed.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
  }
  expect(message.allowedMentions.parse).toEqual([]);
  expect(message.allowedMentions.users ?? []).toEqual(mayPing);
  expect(message.allowedMentions.repliedUser).toBe(false);
}
