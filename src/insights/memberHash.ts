import { createHmac, randomBytes } from 'node:crypto';

/** A new install's salt: 32 random bytes, kept in the store so every process shares it. */
export function newSalt(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The member as stored for one vote per member: an HMAC of guild and user id under the install's
 * salt. It tells two votes of one member apart from two members' votes and nothing else: without
 * the salt it cannot be matched to a Discord id, and it differs from server to server.
 */
export function memberHash(salt: string, guildId: string, userId: string): string {
  return createHmac('sha256', salt).update(`${guildId}:${userId}`).digest('base64url').slice(0, 32);
}
