import { describe, expect, it } from 'vitest';
import { createReplayGuard } from '../../../../src/adapters/discord/http/replayGuard.ts';

const WINDOW_MS = 300_000;

describe('the replay guard', () => {
  it('refuses an id seen within the window, and forgets it once its timestamp would be refused anyway', () => {
    const guard = createReplayGuard(WINDOW_MS);
    const t = 1_800_000_000_000;
    expect(guard.firstSeen('1', t, t)).toBe(true);
    expect(guard.firstSeen('1', t, t + 1_000)).toBe(false);
    expect(guard.firstSeen('1', t, t + WINDOW_MS - 1)).toBe(false);
    expect(guard.firstSeen('2', t + WINDOW_MS + 1, t + WINDOW_MS + 1)).toBe(true);
    expect(guard.size).toBe(1);
  });

  it('holds at most maxIds ids, forgetting the oldest first', () => {
    const guard = createReplayGuard(WINDOW_MS, 3);
    for (const id of ['a', 'b', 'c', 'd']) expect(guard.firstSeen(id, 0, 0)).toBe(true);
    expect(guard.size).toBe(3);
    expect(guard.firstSeen('d', 0, 0)).toBe(false);
    expect(guard.firstSeen('a', 0, 0)).toBe(true);
  });
});
