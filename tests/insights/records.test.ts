import { describe, expect, it } from 'vitest';
import { newRecordId, recordIdTime } from '../../src/insights/records.ts';

describe('record ids', () => {
  it('are unique across many draws of the random pool, well formed, and carry their time', () => {
    const at = new Date('2026-12-07T12:00:00Z');
    // 256 ids use up one pool: 10,000 cross it many times.
    const ids = Array.from({ length: 10_000 }, () => newRecordId(at));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-z]{6,10}-[A-Za-z0-9_-]{16}$/);
      expect(recordIdTime(id)).toEqual(at);
    }
    // The random parts are not a counter: consecutive ones share no long prefix.
    const tails = ids.map((id) => id.split('-').slice(1).join('-'));
    const sharedPrefix = tails.slice(1).filter((t, i) => t.slice(0, 4) === tails[i]!.slice(0, 4)).length;
    expect(sharedPrefix).toBeLessThan(20);
  });
});
