import type { ReplyProgress } from '../bot/context.ts';
import type { Reply } from '../reply/types.ts';
import { GENERATION } from './limits.ts';

/**
 * The checked sentences so far, shown at most once every `everyMs`: Discord rate-limits edits of
 * one message, and a member reads no faster. A part held back is not lost: the final reply
 * replaces every part.
 */
export function throttledParts(
  progress: ReplyProgress,
  partial: (shown: string) => Reply,
  now: () => number = Date.now,
  everyMs: number = GENERATION.editEveryMs,
): (shown: string) => void {
  let last = -Infinity;
  return (shown) => {
    const t = now();
    if (t - last < everyMs) return;
    last = t;
    progress.show(partial(shown));
  };
}
