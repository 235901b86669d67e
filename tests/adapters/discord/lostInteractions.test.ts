/** Interactions lost to the window: one warn line with counts, at most one per interval. */
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLostCounter, LOST_LOG_INTERVAL_MS } from '../../../src/adapters/discord/lostInteractions.ts';

function capture() {
  const lines: Array<{ level: number; lost: unknown; lostInAll: unknown }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { lines, logger };
}

afterEach(() => void vi.useRealTimers());

describe('the lost-interaction counter', () => {
  it('tells the first loss at once, the ones after it together once the interval has passed', () => {
    vi.useFakeTimers();
    const { lines, logger } = capture();
    const lost = createLostCounter(logger);

    lost('expired');
    lost('expired');
    lost('shed');
    lost('shed');
    expect(lines.map((l) => [l.level, l.lost])).toEqual([[40, { expired: 1, shed: 0 }]]);

    vi.advanceTimersByTime(LOST_LOG_INTERVAL_MS);
    expect(lines.map((l) => l.lost)).toEqual([
      { expired: 1, shed: 0 },
      { expired: 1, shed: 2 },
    ]);
    expect(lines.at(-1)?.lostInAll).toEqual({ expired: 2, shed: 2 });

    // Nothing lost since: no line.
    vi.advanceTimersByTime(LOST_LOG_INTERVAL_MS * 3);
    expect(lines).toHaveLength(2);
  });
});
