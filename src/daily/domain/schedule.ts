/** A server's daily summary post: one post a day to `channelId` at local `time` in `timezone`. */
export interface Schedule {
  guildId: string;
  channelId: string;
  /** Local wall-clock time, 'HH:MM' (24-hour). */
  time: string;
  /** IANA time zone name, e.g. 'Europe/London'. */
  timezone: string;
  paused: boolean;
  /** Why posting stopped (e.g. missing permissions); shown by /daily status. */
  pauseReason?: string;
  createdAt: Date;
  /** Also the moment the current time/zone took effect: slots before it are never posted. */
  updatedAt: Date;
}

/** What /daily set supplies; the store fills in the rest. */
export type ScheduleInput = Pick<Schedule, 'guildId' | 'channelId' | 'time' | 'timezone'>;

/**
 * 'claimed': an attempt is in flight, or was until its lease ran out (then it is resent).
 * 'unconfirmed': an attempt's outcome was never learnt and it cannot be resent safely any more,
 * so the post may be missing; only /daily now retakes it.
 */
export type PostStatus = 'claimed' | 'sent' | 'failed' | 'skipped' | 'unconfirmed';

/** The one post of a guild's local day. Its key (guildId, localDate) is what makes posts unique. */
export interface PostRecord {
  guildId: string;
  /** The schedule's local date the post belongs to, 'YYYY-MM-DD'. */
  localDate: string;
  status: PostStatus;
  /** When the latest attempt was claimed. */
  claimedAt: Date;
  finishedAt?: Date;
  messageId?: string;
  error?: string;
  /** Attempts made so far, including one in flight. */
  attempts: number;
  /** Id of the process that made the latest attempt. */
  owner: string;
  /** Set on a failed post that may still be retried, from this instant on. */
  nextAttemptAt?: Date;
  /**
   * Set on a claim: its owner is sending until then. After it, nobody will confirm the attempt,
   * and another process may resend (the post's nonce makes a resend idempotent for a while).
   */
  leaseUntil?: Date;
}

/** How an attempt ended, as recorded by finishPost. */
export type PostResult =
  | { status: 'sent'; owner: string; at: Date; messageId: string }
  | { status: 'failed'; owner: string; at: Date; error: string; nextAttemptAt?: Date }
  | { status: 'skipped'; owner: string; at: Date; error: string }
  | { status: 'unconfirmed'; owner: string; at: Date; error: string };

export interface ErrorRecord {
  at: Date;
  message: string;
}
