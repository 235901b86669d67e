import type { PostRecord, Schedule } from './schedule.ts';
import { slotFor } from './slots.ts';
import { addDays, localDate } from './time.ts';

export interface Policy {
  /** A slot missed by up to this much (bot down) is still posted; later, the day is skipped. */
  catchUpMs: number;
  /** Wait after failed attempt n before attempt n + 1; attempts stop when it runs out. */
  retryDelaysMs: readonly number[];
  /** A claim older than this never finished (process died mid-send). */
  claimLeaseMs: number;
}

const MINUTE = 60_000;

export const DEFAULT_POLICY: Policy = {
  catchUpMs: 6 * 60 * MINUTE,
  retryDelaysMs: [1 * MINUTE, 5 * MINUTE, 15 * MINUTE],
  claimLeaseMs: 15 * MINUTE,
};

/** Work the scheduler owes a schedule at some instant. */
export type DueWork =
  | { kind: 'post'; localDate: string; slot: Date }
  | { kind: 'retry'; localDate: string; slot: Date; post: PostRecord }
  | { kind: 'skip'; localDate: string; slot: Date }
  /** A retry came due only after the day's window closed (bot was down). */
  | { kind: 'give-up'; localDate: string; post: PostRecord }
  /** A claim was never finished; not retried, since the message may have gone out. */
  | { kind: 'interrupted'; localDate: string; post: PostRecord };

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

/** What is due for `schedule` at `now`, given its post records for candidateDates(). */
export function dueWork(
  schedule: Schedule,
  now: Date,
  posts: ReadonlyMap<string, PostRecord>,
  policy: Policy = DEFAULT_POLICY,
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
    } else if (post.status === 'claimed' && t - post.claimedAt.getTime() >= policy.claimLeaseMs) {
      work.push({ kind: 'interrupted', localDate: date, post });
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
