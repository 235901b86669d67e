/**
 * Discord's clock, as its REST responses tell it. Whether an interaction is past Discord's 3 s
 * response window is a question about Discord's clock: an interaction id holds the moment the
 * member acted by that clock. Judged by this machine's clock instead, a host a few seconds ahead
 * drops every interaction as too old, and one behind answers stale ones Discord will refuse.
 */

/** Above this, the host's clock is far enough off to be worth an operator's attention. */
export const SKEW_WARN_MS = 1_000;
/** Offsets from the latest responses, of which the median is the estimate: one slow response does not move it. */
const SAMPLES = 9;

export interface DiscordClock {
  /** Milliseconds since the epoch on Discord's clock, or undefined until a response has shown it. */
  now(): number | undefined;
  /** A response's `Date` header, read as it arrives. */
  observe(dateHeader: string | null | undefined): void;
}

/**
 * Discord's clock minus ours, from one `Date` header read at `receivedAtMs`. The header is in whole
 * seconds, truncated, so Discord's time was somewhere in the second after it: the middle is taken.
 */
export function offsetFromDateHeader(header: string, receivedAtMs: number): number | undefined {
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : at + 500 - receivedAtMs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** `onSkew` is called once, the first time the estimate is more than SKEW_WARN_MS off this machine's clock. */
export function createDiscordClock(
  options: { local?: () => number; onSkew?: (offsetMs: number) => void } = {},
): DiscordClock {
  const local = options.local ?? Date.now;
  const offsets: number[] = [];
  let warned = false;
  return {
    now: () => (offsets.length === 0 ? undefined : local() + median(offsets)),
    observe(header) {
      if (!header) return;
      const offset = offsetFromDateHeader(header, local());
      if (offset === undefined) return;
      offsets.push(offset);
      if (offsets.length > SAMPLES) offsets.shift();
      const estimate = median(offsets);
      if (!warned && Math.abs(estimate) > SKEW_WARN_MS) {
        warned = true;
        options.onSkew?.(Math.round(estimate));
      }
    },
  };
}
