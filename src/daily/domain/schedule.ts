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

export type PostStatus = 'claimed' | 'sent' | 'failed' | 'skipped';

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
}

/** How an attempt ended, as recorded by finishPost. */
export type PostResult =
  | { status: 'sent'; owner: string; at: Date; messageId: string }
  | { status: 'failed'; owner: string; at: Date; error: string; nextAttemptAt?: Date }
  | { status: 'skipped'; owner: string; at: Date; error: string };

export interface ErrorRecord {
  at: Date;
  message: string;
}
