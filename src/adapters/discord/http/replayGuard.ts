/**
 * A signed request captured on the wire stays valid for as long as its timestamp is accepted
 * (MAX_CLOCK_SKEW_SECONDS either way), and replaying it would run the command again: a removed
 * curated answer re-created by its old `/faq add`, say. Discord never sends one interaction
 * twice, so an id seen while its timestamp is still acceptable is a replay.
 *
 * Memory stays bounded: an id is forgotten once its timestamp would be refused anyway, and
 * beyond `maxIds` the oldest are forgotten first (far more than Discord's rate limits deliver
 * to one process in a window).
 */
export interface ReplayGuard {
  /** True the first time `id` is seen within the window; false for a replay. */
  firstSeen(id: string, timestampMs: number, nowMs: number): boolean;
  readonly size: number;
}

export const REPLAY_MAX_IDS = 100_000;

export function createReplayGuard(windowMs: number, maxIds = REPLAY_MAX_IDS): ReplayGuard {
  // Insertion order is close to expiry order, so forgetting from the front is cheap.
  const forgetAt = new Map<string, number>();
  const forgetExpired = (nowMs: number) => {
    for (const [id, at] of forgetAt) {
      if (at > nowMs && forgetAt.size <= maxIds) break;
      forgetAt.delete(id);
    }
  };
  return {
    firstSeen(id, timestampMs, nowMs) {
      forgetExpired(nowMs);
      if (forgetAt.has(id)) return false;
      forgetAt.set(id, Math.max(timestampMs, nowMs) + windowMs);
      forgetExpired(nowMs);
      return true;
    },
    get size() {
      return forgetAt.size;
    },
  };
}
