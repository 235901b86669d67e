import type { PartialDate, TimelineEntry } from './types.ts';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Month number for a full or abbreviated month name ("Sept", "sep", "September"). */
export function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  // Abbreviations are 3 or 4 letters ("Sep", "Sept"); longer words must be the full name.
  const index = MONTHS.findIndex((m) => m === w || (w.length <= 4 && m.startsWith(w)));
  return index === -1 ? undefined : index + 1;
}

export function monthName(month: number): string {
  const name = MONTHS[month - 1] ?? '';
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Parse the dates a timeline cell or a question holds: "July 2025", "Sept 2025", "2025-09",
 * "12 March 2024", "Q3 2025" is not supported and yields only its year.
 */
export function parseDates(text: string): PartialDate[] {
  const found: PartialDate[] = [];
  const iso = /\b(1[89]\d\d|20\d\d)-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?\b/g;
  for (const m of text.matchAll(iso)) {
    found.push(withDay({ year: Number(m[1]), month: Number(m[2]) }, m[3]));
  }
  const named = /\b(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?,?\s+(?:(\d{1,2}),?\s+)?(1[89]\d\d|20\d\d)\b/g;
  for (const m of text.matchAll(named)) {
    const month = monthNumber(m[2] ?? '');
    if (month !== undefined) found.push(withDay({ year: Number(m[4]), month }, m[1] ?? m[3]));
  }
  if (found.length > 0) return found;
  for (const m of text.matchAll(/\b(1[89]\d\d|20\d\d)\b/g)) found.push({ year: Number(m[1]) });
  return found;
}

/** Months named without a year ("what happened in aug?"). */
export function parseMonthsWithoutYear(text: string): number[] {
  const months: number[] = [];
  for (const w of text.split(/[^A-Za-z]+/)) {
    // "may" and "march" are ordinary words too; count them only when capitalised.
    if (w === 'may' || w === 'march') continue;
    const month = monthNumber(w);
    if (month !== undefined) months.push(month);
  }
  return months;
}

function withDay(date: PartialDate, day: string | undefined): PartialDate {
  return day === undefined ? date : { ...date, day: Number(day) };
}

/** Does `entry` fall within what `query` names (a year, or a month of a year)? */
export function dateMatches(entry: PartialDate, query: PartialDate): boolean {
  if (entry.year !== query.year) return false;
  if (query.month !== undefined && entry.month !== query.month) return false;
  if (query.day !== undefined && entry.day !== query.day) return false;
  return true;
}

export function dateSortKey(date: PartialDate): number {
  return date.year * 10_000 + (date.month ?? 0) * 100 + (date.day ?? 0);
}

/** Entries on any of the dates or, failing dates, in any of the months; undefined when neither is named. */
export function entriesOn(
  timeline: readonly TimelineEntry[],
  dates: readonly PartialDate[],
  months: readonly number[],
): TimelineEntry[] | undefined {
  if (dates.length > 0) return timeline.filter((e) => dates.some((d) => dateMatches(e.date, d)));
  if (months.length > 0) return timeline.filter((e) => months.includes(e.date.month ?? -1));
  return undefined;
}
