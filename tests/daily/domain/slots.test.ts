import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { nextSlot, slotFor } from '../../../src/daily/domain/slots.ts';

const at = (iso: string) => new Date(iso).toISOString();

/** croner's own answers, so a croner upgrade that changes DST handling fails here first. */
describe('croner DST behaviour for a fixed-time daily pattern', () => {
  const runs = (pattern: string, timezone: string, from: string, n = 2) =>
    new Cron(pattern, { timezone, paused: true }).nextRuns(n, new Date(from)).map((d) => d.toISOString());

  it('spring forward, Europe/London (01:00 GMT -> 02:00 BST on 2026-03-29): 01:30 runs at 02:00 BST', () => {
    expect(runs('30 1 * * *', 'Europe/London', '2026-03-28T12:00:00Z')).toEqual([
      at('2026-03-29T01:00:00Z'), // 02:00 BST, the first valid minute after the gap
      at('2026-03-30T00:30:00Z'),
    ]);
  });

  it('spring forward, America/New_York (02:00 EST -> 03:00 EDT on 2026-03-08): 02:30 runs at 03:00 EDT', () => {
    expect(runs('30 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z')).toEqual([
      at('2026-03-08T07:00:00Z'), // 03:00 EDT
      at('2026-03-09T06:30:00Z'),
    ]);
  });

  it('fall back, Europe/London (02:00 BST -> 01:00 GMT on 2026-10-25): 01:30 runs once, the first time', () => {
    expect(runs('30 1 * * *', 'Europe/London', '2026-10-24T12:00:00Z')).toEqual([
      at('2026-10-25T00:30:00Z'), // 01:30 BST; 01:30 GMT (01:30Z) is not a run
      at('2026-10-26T01:30:00Z'),
    ]);
  });

  it('fall back, America/New_York (02:00 EDT -> 01:00 EST on 2026-11-01): 01:30 runs once, the first time', () => {
    expect(runs('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z')).toEqual([
      at('2026-11-01T05:30:00Z'), // 01:30 EDT; 01:30 EST (06:30Z) is not a run
      at('2026-11-02T06:30:00Z'),
    ]);
    // Starting inside the second pass of the repeated hour does not find a second run.
    expect(runs('30 1 * * *', 'America/New_York', '2026-11-01T06:10:00Z', 1)).toEqual([at('2026-11-02T06:30:00Z')]);
  });

  it('nextRun is strictly after its start', () => {
    const cron = new Cron('0 9 * * *', { timezone: 'UTC', paused: true });
    expect(cron.nextRun(new Date('2026-03-08T09:00:00Z'))?.toISOString()).toBe(at('2026-03-09T09:00:00Z'));
    expect(cron.nextRun(new Date('2026-03-08T08:59:59.999Z'))?.toISOString()).toBe(at('2026-03-08T09:00:00Z'));
  });
});

describe('slotFor', () => {
  const slot = (time: string, timezone: string, date: string) => slotFor({ time, timezone }, date)?.toISOString();

  it('gives the instant of the local time on that local date', () => {
    expect(slot('09:00', 'UTC', '2026-06-01')).toBe(at('2026-06-01T09:00:00Z'));
    expect(slot('07:05', 'Asia/Kolkata', '2026-06-01')).toBe(at('2026-06-01T01:35:00Z'));
    expect(slot('00:10', 'Asia/Kolkata', '2026-06-01')).toBe(at('2026-05-31T18:40:00Z'));
    expect(slot('23:45', 'America/New_York', '2026-06-01')).toBe(at('2026-06-02T03:45:00Z'));
    expect(slot('23:59', 'Pacific/Kiritimati', '2026-06-01')).toBe(at('2026-06-01T09:59:00Z'));
    expect(slot('00:00', 'Pacific/Pago_Pago', '2026-06-01')).toBe(at('2026-06-01T11:00:00Z'));
  });

  it('moves a time in a skipped hour to the end of the gap, the same day', () => {
    expect(slot('01:30', 'Europe/London', '2026-03-29')).toBe(at('2026-03-29T01:00:00Z'));
    expect(slot('01:00', 'Europe/London', '2026-03-29')).toBe(at('2026-03-29T01:00:00Z'));
    expect(slot('02:30', 'America/New_York', '2026-03-08')).toBe(at('2026-03-08T07:00:00Z'));
    // A half-hour DST shift: 02:00 -> 02:30.
    expect(slot('02:15', 'Australia/Lord_Howe', '2026-10-04')).toBe(at('2026-10-03T15:30:00Z'));
    // A gap at midnight: the local day starts at 01:00.
    expect(slot('00:30', 'America/Santiago', '2026-09-06')).toBe(at('2026-09-06T04:00:00Z'));
  });

  it('uses the first occurrence of a repeated time', () => {
    expect(slot('01:30', 'Europe/London', '2026-10-25')).toBe(at('2026-10-25T00:30:00Z'));
    expect(slot('01:30', 'America/New_York', '2026-11-01')).toBe(at('2026-11-01T05:30:00Z'));
    expect(slot('23:30', 'America/Santiago', '2026-04-04')).toBe(at('2026-04-05T02:30:00Z'));
  });

  it('leaves the days around a transition alone', () => {
    expect(slot('01:30', 'Europe/London', '2026-03-28')).toBe(at('2026-03-28T01:30:00Z'));
    expect(slot('01:30', 'Europe/London', '2026-03-30')).toBe(at('2026-03-30T00:30:00Z'));
    expect(slot('02:30', 'America/New_York', '2026-11-01')).toBe(at('2026-11-01T07:30:00Z'));
  });

  it('has no slot on a local date that never happened', () => {
    // Samoa skipped 2011-12-30 when it crossed the date line.
    expect(slotFor({ time: '09:30', timezone: 'Pacific/Apia' }, '2011-12-30')).toBeNull();
  });

  it('rejects a bad time', () => {
    expect(() => slotFor({ time: '25:00', timezone: 'UTC' }, '2026-01-01')).toThrow(/Invalid schedule time/);
  });
});

describe('nextSlot', () => {
  const s = { time: '09:00', timezone: 'Europe/London' };

  it('is strictly after the given instant', () => {
    expect(nextSlot(s, new Date('2026-06-01T07:59:00Z'))?.toISOString()).toBe(at('2026-06-01T08:00:00Z'));
    expect(nextSlot(s, new Date('2026-06-01T08:00:00Z'))?.toISOString()).toBe(at('2026-06-02T08:00:00Z'));
  });

  it('steps over the repeated hour only once', () => {
    const ny = { time: '01:30', timezone: 'America/New_York' };
    const first = nextSlot(ny, new Date('2026-11-01T00:00:00Z'));
    expect(first?.toISOString()).toBe(at('2026-11-01T05:30:00Z'));
    expect(nextSlot(ny, first ?? new Date())?.toISOString()).toBe(at('2026-11-02T06:30:00Z'));
  });
});
