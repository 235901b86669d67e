import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatLocal,
  localDate,
  parseTime,
  searchTimezones,
  validateTimezone,
} from '../../../src/daily/domain/time.ts';
import { editDistance } from '../../../src/text/editDistance.ts';

describe('parseTime', () => {
  it.each([
    ['7:05', 7, 5, '07:05'],
    ['07:05', 7, 5, '07:05'],
    ['19:30', 19, 30, '19:30'],
    ['00:00', 0, 0, '00:00'],
    ['23:59', 23, 59, '23:59'],
    [' 9:00 ', 9, 0, '09:00'],
  ])('accepts %j', (input, hour, minute, text) => {
    expect(parseTime(input)).toEqual({ ok: true, hour, minute, text });
  });

  it.each([
    ['24:00', /hour must be 00 to 23/],
    ['12:60', /minutes must be 00 to 59/],
    ['7pm', /24-hour clock/],
    ['7:30 pm', /24-hour clock/],
    ['7', /HH:MM/],
    ['07:5', /HH:MM/],
    ['noon', /HH:MM/],
    ['', /HH:MM/],
    ['123:00', /HH:MM/],
  ])('rejects %j', (input, message) => {
    const parsed = parseTime(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe('validateTimezone', () => {
  it('accepts canonical names in any case', () => {
    expect(validateTimezone('Europe/London')).toEqual({ ok: true, timezone: 'Europe/London' });
    expect(validateTimezone('america/new_york')).toEqual({ ok: true, timezone: 'America/New_York' });
    expect(validateTimezone('America/New York')).toEqual({ ok: true, timezone: 'America/New_York' });
    expect(validateTimezone('utc')).toEqual({ ok: true, timezone: 'UTC' });
  });

  it('accepts aliases and returns the current IANA name', () => {
    expect(validateTimezone('asia/calcutta')).toEqual({ ok: true, timezone: 'Asia/Kolkata' });
    expect(validateTimezone('Asia/Kolkata')).toEqual({ ok: true, timezone: 'Asia/Kolkata' });
    expect(validateTimezone('US/Eastern')).toEqual({ ok: true, timezone: 'America/New_York' });
    expect(validateTimezone('Europe/Kiev')).toEqual({ ok: true, timezone: 'Europe/Kyiv' });
  });

  it('the names it returns work with Intl', () => {
    for (const name of ['Asia/Kolkata', 'Europe/Kyiv', 'America/Argentina/Buenos_Aires', 'Pacific/Kanton']) {
      const check = validateTimezone(name);
      expect(check).toEqual({ ok: true, timezone: name });
      expect(() => localDate(new Date(), name)).not.toThrow();
    }
  });

  it('suggests the nearest zone for a misspelling', () => {
    const check = validateTimezone('Asia/Kolkatta');
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.suggestions[0]).toBe('Asia/Kolkata');
    expect(check.suggestions.length).toBeLessThanOrEqual(3);
    expect(check.error).toContain('Asia/Kolkata');
  });

  it('finds a city under the wrong region or without one', () => {
    const wrongRegion = validateTimezone('Europe/Tokyo');
    expect(wrongRegion.ok).toBe(false);
    if (!wrongRegion.ok) expect(wrongRegion.suggestions).toContain('Asia/Tokyo');
    const bare = validateTimezone('Lodnon');
    expect(bare.ok).toBe(false);
    if (!bare.ok) expect(bare.suggestions[0]).toBe('Europe/London');
  });

  it('gives up to three suggestions for a zone that does not exist', () => {
    const check = validateTimezone('Mars/Olympus');
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.suggestions).toHaveLength(3);
    expect(check.error).toMatch(/^Unknown time zone "Mars\/Olympus"\. Did you mean /);
  });

  it('refuses abbreviations, pointing to place names', () => {
    const check = validateTimezone('EST');
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.suggestions[0]).toBe('America/New_York');
    expect(validateTimezone('  ').ok).toBe(false);
  });
});

describe('searchTimezones', () => {
  it('ranks exact, then prefix, then city substring, then fuzzy', () => {
    expect(searchTimezones('europe/london')[0]).toBe('Europe/London');
    expect(searchTimezones('london')[0]).toBe('Europe/London');
    const york = searchTimezones('york');
    expect(york).toContain('America/New_York');
    const lon = searchTimezones('lon');
    expect(lon[0]).toBe('Europe/London');
    // "Kolkatta" is nobody's prefix or substring; the fuzzy tier finds it.
    expect(searchTimezones('kolkatta')[0]).toBe('Asia/Kolkata');
  });

  it('orders a prefix match before a substring match', () => {
    const results = searchTimezones('an');
    const prefix = results.indexOf('America/Anchorage');
    const substring = results.findIndex((z) => z.endsWith('/Havana'));
    expect(prefix).toBeGreaterThanOrEqual(0);
    if (substring >= 0) expect(prefix).toBeLessThan(substring);
  });

  it('matches aliases and spaces', () => {
    expect(searchTimezones('calcutta')).toEqual(['Asia/Kolkata']);
    expect(searchTimezones('new york')[0]).toBe('America/New_York');
    expect(searchTimezones('America/').length).toBe(25);
  });

  it('offers common zones for an empty query and respects the limit', () => {
    expect(searchTimezones('')[0]).toBe('UTC');
    expect(searchTimezones('a', 5)).toHaveLength(5);
    expect(searchTimezones('zzzzzzzz')).toEqual([]);
  });
});

describe('local dates', () => {
  it('gives the date in the zone', () => {
    const instant = new Date('2026-01-01T20:00:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-01-01');
    expect(localDate(instant, 'Asia/Kolkata')).toBe('2026-01-02');
    expect(localDate(new Date('2026-01-01T03:00:00Z'), 'America/New_York')).toBe('2025-12-31');
  });

  it('formats a local time with its zone abbreviation', () => {
    expect(formatLocal(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toBe('2026-03-08 03:00 EDT');
    expect(formatLocal(new Date('2026-01-01T00:00:00Z'), 'UTC')).toBe('2026-01-01 00:00 UTC');
  });

  it('adds days across months and leap years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('kolkatta', 'kolkata')).toBe(1);
    expect(editDistance('lodnon', 'london')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('searchTimezones while typing', () => {
  it('forgives a typo in a half-typed city', () => {
    expect(searchTimezones('kolkt')).toContain('Asia/Kolkata');
    expect(searchTimezones('sidney')[0]).toBe('Australia/Sydney');
  });
});
