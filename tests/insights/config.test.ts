import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';

describe('FEEDBACK_RETENTION_DAYS', () => {
  it('defaults to 90 and reads whole days', () => {
    const unset = readConfig({});
    expect(unset.ok && unset.config.feedbackRetentionDays).toBe(90);
    const set = readConfig({ FEEDBACK_RETENTION_DAYS: ' 30 ' });
    expect(set.ok && set.config.feedbackRetentionDays).toBe(30);
  });

  it.each(['0', '-5', '1.5', 'ninety', '99999'])('refuses %s with a line naming the variable', (value) => {
    const r = readConfig({ FEEDBACK_RETENTION_DAYS: value });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        expect.stringMatching(/^FEEDBACK_RETENTION_DAYS must be a whole number of days from 1 to 3650/),
      ]);
  });
});
