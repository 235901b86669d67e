import { ANSWER_MAX } from '../answer/types.ts';

/** Every bound of the follow-up memory, in one place. */
export const CONVERSATION = {
  /** A follow-up is read against the last answer for this long; after it, a question stands alone. */
  frameTtlMs: 5 * 60_000,
  /** Members remembered at once; the longest-idle is forgotten first. */
  maxFrames: 10_000,
  /** "Tell me more" gives at most this much of what follows. */
  moreMaxChars: ANSWER_MAX,
} as const;
