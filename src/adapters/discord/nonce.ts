/**
 * Nonces for the messages the bot creates. With `enforce_nonce`, Discord returns the message it
 * already made for a nonce seen in the last few minutes instead of making another: a request that
 * was stored but answered with a 5xx (and so retried) posts once. Discord caps a nonce at 25 characters.
 */

export const MAX_NONCE_LENGTH = 25;

/** One reply per user message, however often the bot is asked to send it. */
export function chatReplyNonce(messageId: string): string {
  return `c${compactId(messageId)}`;
}

/** One daily post per guild and local day (`YYYY-MM-DD`), whichever process or retry sends it. */
export function dailyPostNonce(guildId: string, localDate: string): string {
  return `d${compactId(guildId)}${localDate.replaceAll('-', '')}`;
}

/** A snowflake (up to 20 digits) in base 36: at most 13 characters, so both nonces stay under the cap. */
export function compactId(id: string): string {
  return /^\d{1,20}$/.test(id) ? BigInt(id).toString(36) : id.slice(0, 13);
}
