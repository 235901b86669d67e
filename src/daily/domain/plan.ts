import type { PostRecord, Schedule } from './schedule.ts';
import { slotFor } from './slots.ts';
import { addDays, localDate } from './time.ts';

export interface Policy {
  /** A slot missed by up to this much (bot down) is still posted; later, the day is skipped. */
  catchUpMs: number;
  /** Wait after failed attempt n before attempt n + 1; attempts stop when it runs out. */
  retryDelaysMs: readonly number[];
  /** One attempt to send is aborted after this long, so it always ends inside its lease. */
  sendTimeoutMs: number;
  /**
   * A claim's owner is sending for this long at most; after it, the attempt counts as
   * unconfirmed (the process died or hung) and may be resent. Longer than sendTimeoutMs.
   */
  claimLeaseMs: number;
  /**
   * How long after an attempt Discord still de-duplicates a resend with the same nonce. Discord
   * only says "the past few minutes", so this is a cautious guess; past it a resend could post
   * twice, so the day is reported as possibly missing instead.
   */
  dedupWindowMs: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

export const DEFAULT_POLICY: Policy = {
  catchUpMs: 6 * 60 * MINUTE,
  retryDelaysMs: [1 * MINUTE, 5 * MINUTE, 15 * MINUTE],
  sendTimeoutMs: 30 * SECOND,
  claimLeaseMs: 45 * SECOND,
  dedupWindowMs: 2 * MINUTE,
};

/** Whether a claim's owner is known to have stopped (e.g. it ran on this host and is gone). */
export type OwnerGone = (owner: string) => boolean;

const ownersLive: OwnerGone = () => false;

/** Work the scheduler owes a schedule at some instant. */
export type DueWork =
  | { kind: 'post'; localDate: string; slot: Date }
  | { kind: 'retry'; localDate: string; slot: Date; post: PostRecord }
  | { kind: 'skip'; localDate: string; slot: Date }
  /** A retry came due only after the day's window closed (bot was down). */
  | { kind: 'give-up'; localDate: string; post: PostRecord }
  /** A claim's attempt was never confirmed and may still be resent under the same nonce. */
  | { kind: 'resend'; localDate: string; slot: Date | null; post: PostRecord }
  /** A claim was never confirmed and resending is no longer safe: the post may be missing. */
  | { kind: 'interrupted'; localDate: string; post: PostRecord; reason: string };

// Every tick asks this for every schedule; the answer changes once a day per zone.
const datesAround = new Map<string, readonly string[]>();

/** The local days whose posts can matter around `now`: yesterday to the day after tomorrow. */
export function candidateDates(schedule: Pick<Schedule, 'timezone'>, now: Date): readonly string[] {
  const today = localDate(now, schedule.timezone);
  let dates = datesAround.get(today);
  if (dates === undefined) {
    dates = [-1, 0, 1, 2].map((offset) => addDays(today, offset));
    if (datesAround.size > 1_000) datesAround.clear();
    datesAround.set(today, dates);
  }
  return dates;
}

function maxAttempts(policy: Policy): number {
  return policy.retryDelaysMs.length + 1;
}

/**
 * A slot counts only from the moment the current settings took effect, so changing the time to
 * one already past today does not post at once (and the per-day claim stops a second post).
 */
function isEligible(schedule: Schedule, slot: Date): boolean {
  return slot.getTime() >= schedule.updatedAt.getTime();
}

function windowEnd(slot: Date, policy: Policy): number {
  return slot.getTime() + policy.catchUpMs;
}

/** The moment a claim stops being its owner's; undefined for a post that is not claimed. */
export function leaseEnd(post: PostRecord, policy: Policy = DEFAULT_POLICY): number | undefined {
  if (post.status !== 'claimed') return undefined;
  return post.leaseUntil?.getTime() ?? post.claimedAt.getTime() + policy.claimLeaseMs;
}

/**
 * Why an unconfirmed claim may not be resent at `t`, or undefined when it may. Resending is safe
 * only while Discord would still match the nonce of the attempt that may have gone out.
 */
export function resendRefusal(post: PostRecord, slot: Date | null, t: number, policy: Policy): string | undefined {
  if (t - post.claimedAt.getTime() >= policy.dedupWindowMs) {
    return `its attempt is over ${Math.round(policy.dedupWindowMs / MINUTE)} min old, too late to resend without risking a duplicate`;
  }
  if (post.attempts >= maxAttempts(policy)) return `no retries left after ${post.attempts} attempts`;
  if (t >= windowEnd(slot ?? post.claimedAt, policy)) return "the day's posting window has closed";
  return undefined;
}

/** What is due for `schedule` at `now`, given its post records for candidateDates(). */
export function dueWork(
  schedule: Schedule,
  now: Date,
  posts: ReadonlyMap<string, PostRecord>,
  policy: Policy = DEFAULT_POLICY,
  ownerGone: OwnerGone = ownersLive,
): DueWork[] {
  const t = now.getTime();
  const work: DueWork[] = [];
  for (const date of candidateDates(schedule, now)) {
    const slot = slotFor(schedule, date);
    const post = posts.get(date);
    if (post === undefined) {
      if (slot === null || slot.getTime() > t || !isEligible(schedule, slot)) continue;
      work.push({ kind: t < windowEnd(slot, policy) ? 'post' : 'skip', localDate: date, slot });
    } else if (post.status === 'failed' && post.nextAttemptAt !== undefined) {
      if (post.nextAttemptAt.getTime() > t) continue;
      const open = slot !== null && t < windowEnd(slot, policy) && post.attempts < maxAttempts(policy);
      work.push(open ? { kind: 'retry', localDate: date, slot, post } : { kind: 'give-up', localDate: date, post });
    } else if (post.status === 'claimed') {
      if ((leaseEnd(post, policy) ?? t) > t && !ownerGone(post.owner)) continue;
      const reason = resendRefusal(post, slot, t, policy);
      work.push(
        reason === undefined
          ? { kind: 'resend', localDate: date, slot, post }
          : { kind: 'interrupted', localDate: date, post, reason },
      );
    }
  }
  return work;
}

/**
 * When the next post is expected: `now` if one is due, null if none is coming (paused).
 * This is also when the scheduler's timer should next wake.
 */
export function nextPostAt(
  schedule: Schedule,
  now: Date,
  posts: ReadonlyMap<string, PostRecord>,
  policy: Policy = DEFAULT_POLICY,
  ownerGone: OwnerGone = ownersLive,
): Date | null {
  if (schedule.paused) return null;
  const t = now.getTime();
  let best = Infinity;
  for (const date of candidateDates(schedule, now)) {
    const slot = slotFor(schedule, date);
    if (slot === null) continue;
    const post = posts.get(date);
    let at: number | undefined;
    if (post === undefined) {
      if (isEligible(schedule, slot)) at = Math.max(slot.getTime(), t);
    } else if (post.status === 'failed' && post.nextAttemptAt !== undefined && post.attempts < maxAttempts(policy)) {
      at = Math.max(post.nextAttemptAt.getTime(), t);
    } else if (post.status === 'claimed') {
      // A resend is due when the lease runs out, if it is still safe then.
      const end = ownerGone(post.owner) ? t : Math.max(leaseEnd(post, policy) ?? t, t);
      if (resendRefusal(post, slot, end, policy) === undefined) at = end;
    }
    if (at !== undefined && at < windowEnd(slot, policy)) best = Math.min(best, at);
  }
  return best === Infinity ? null : new Date(best);
}

/** When to retry after failed attempt number `attempt`, if attempts remain within the window. */
export function retryAt(
  attempt: number,
  slot: Date | null,
  failedAt: Date,
  policy: Policy = DEFAULT_POLICY,
): Date | undefined {
  const delay = policy.retryDelaysMs[attempt - 1];
  if (delay === undefined) return undefined;
  const at = failedAt.getTime() + delay;
  // A manual post may have no slot that day; then the window runs from the failure.
  const end = windowEnd(slot ?? failedAt, policy);
  return at < end ? new Date(at) : undefined;
}
