import type { Answer } from '../answer/types.ts';

/**
 * What the bot remembers of a member's last answered question, so that "and Japan?" can be
 * read against it: the question (as the engine was asked it, and as the member would say it),
 * and the answer with its kind, source, table and passage.
 */
export interface Frame {
  /** The question the engine answered, follow-ups already spelled out. */
  question: string;
  /** The same in the member's words, for "following up on …". */
  label: string;
  answer: Answer;
  /** Passages already shown, so "tell me more" reads on rather than repeating (a few ids: a list costs less than a set). */
  shown: readonly number[];
  /** When it was answered, in epoch milliseconds. */
  at: number;
}

/** Where a conversation lives: per member and channel in chat, per member for slash commands. */
export function conversationKey(userId: string, channelId?: string): string {
  return channelId === undefined ? `user:${userId}` : `user:${userId}:channel:${channelId}`;
}
