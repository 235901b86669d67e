import { describe, expect, it } from 'vitest';
import { chatReplyNonce, dailyPostNonce, MAX_NONCE_LENGTH } from '../../../src/adapters/discord/nonce.ts';

describe('message nonces', () => {
  it('a daily post nonce is the same for the same guild and day, and differs otherwise', () => {
    const guild = '1234567890123456789';
    expect(dailyPostNonce(guild, '2026-12-01')).toBe(dailyPostNonce(guild, '2026-12-01'));
    expect(dailyPostNonce(guild, '2026-12-01')).not.toBe(dailyPostNonce(guild, '2026-12-02'));
    expect(dailyPostNonce(guild, '2026-12-01')).not.toBe(dailyPostNonce('1234567890123456788', '2026-12-01'));
  });

  it("stays within Discord's 25 characters for the largest snowflakes", () => {
    const largest = (2n ** 64n - 1n).toString();
    expect(dailyPostNonce(largest, '2026-12-31').length).toBeLessThanOrEqual(MAX_NONCE_LENGTH);
    expect(chatReplyNonce(largest).length).toBeLessThanOrEqual(MAX_NONCE_LENGTH);
  });
});
