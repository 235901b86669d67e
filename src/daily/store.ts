import type { ErrorRecord, PostRecord, PostResult, Schedule, ScheduleInput } from './domain/schedule.ts';

/**
 * How a claim may take a local day's post:
 * - 'scheduled': only a day with no record yet, or a failed one whose retry time has come;
 * - 'manual' (/daily now): also any failed, skipped or unconfirmed day. Never a sent or claimed one.
 */
export type ClaimMode = 'scheduled' | 'manual';

/** The claim a resend takes over, as the taker read it: the swap succeeds only if it is unchanged. */
export interface ClaimSeen {
  owner: string;
  claimedAt: Date;
}

/**
 * Where daily-post settings and history live. The database, not any timer, is the source of
 * truth; every method is async so a networked database can implement it too.
 */
export interface ScheduleStore {
  getSchedule(guildId: string): Promise<Schedule | undefined>;
  listSchedules(): Promise<Schedule[]>;
  /** Creates or replaces the guild's schedule; also resumes it if paused. */
  upsertSchedule(input: ScheduleInput, now: Date): Promise<Schedule>;
  pause(guildId: string, reason: string, now: Date): Promise<boolean>;

  /**
   * Atomically takes the (guild, local date) post for `owner`: true for exactly one caller
   * however many processes race. A re-claim counts one more attempt.
   */
  claimPost(
    guildId: string,
    localDate: string,
    owner: string,
    now: Date,
    mode?: ClaimMode,
    leaseUntil?: Date,
  ): Promise<boolean>;
  /**
   * Takes over an unconfirmed claim to resend it, counting one more attempt: true for exactly
   * one caller, and only while the claim is still the one `seen`.
   */
  takeOverClaim(
    guildId: string,
    localDate: string,
    seen: ClaimSeen,
    owner: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<boolean>;
  /**
   * Ends `owner`'s lease at `at` without an outcome (shutdown aborted the send), so the next
   * process resends at once instead of waiting out the lease.
   */
  releaseClaim(guildId: string, localDate: string, owner: string, at: Date): Promise<boolean>;
  /** Records how `result.owner`'s claimed attempt ended; false if the claim is no longer theirs. */
  finishPost(guildId: string, localDate: string, result: PostResult): Promise<boolean>;
  /** Drops a failed post's pending retry (its window closed). */
  cancelRetry(guildId: string, localDate: string, at: Date): Promise<boolean>;
  getPost(guildId: string, localDate: string): Promise<PostRecord | undefined>;
  getPosts(guildId: string, localDates: readonly string[]): Promise<PostRecord[]>;
  /** Every guild's posts with a local date in [fromDate, toDate], for a whole tick at once. */
  listPostsBetween(fromDate: string, toDate: string): Promise<PostRecord[]>;
  /** All of a guild's posts, oldest local date first. */
  listPosts(guildId: string): Promise<PostRecord[]>;
  /** The most recently claimed post. */
  getLastPost(guildId: string): Promise<PostRecord | undefined>;

  recordError(guildId: string, message: string, at: Date): Promise<void>;
  lastError(guildId: string): Promise<ErrorRecord | undefined>;
  close(): Promise<void>;
}
