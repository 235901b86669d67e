import { editDistance } from '../../text/editDistance.ts';

export type TimezoneCheck = { ok: true; timezone: string } | { ok: false; error: string; suggestions: string[] };

/**
 * ICU (Node 20) still lists and resolves to these old CLDR names; people know the current IANA
 * ones. Both work as Intl/croner input, so the current name is what we show and store.
 */
const CURRENT_NAME: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** Abbreviations are ambiguous and ignore DST, so they are refused but get a hint. */
const ABBREVIATION_HINTS: Readonly<Record<string, readonly string[]>> = {
  UTC: ['UTC'],
  GMT: ['UTC', 'Europe/London'],
  BST: ['Europe/London'],
  IST: ['Asia/Kolkata', 'Europe/Dublin', 'Asia/Jerusalem'],
  CET: ['Europe/Paris', 'Europe/Berlin', 'Europe/Madrid'],
  CEST: ['Europe/Paris', 'Europe/Berlin', 'Europe/Madrid'],
  EET: ['Europe/Athens', 'Europe/Helsinki', 'Europe/Kyiv'],
  EST: ['America/New_York', 'America/Toronto'],
  EDT: ['America/New_York', 'America/Toronto'],
  ET: ['America/New_York', 'America/Toronto'],
  CST: ['America/Chicago', 'America/Mexico_City', 'Asia/Shanghai'],
  CDT: ['America/Chicago'],
  MST: ['America/Denver', 'America/Phoenix'],
  MDT: ['America/Denver'],
  PST: ['America/Los_Angeles', 'America/Vancouver'],
  PDT: ['America/Los_Angeles', 'America/Vancouver'],
  PT: ['America/Los_Angeles', 'America/Vancouver'],
  JST: ['Asia/Tokyo'],
  KST: ['Asia/Seoul'],
  AEST: ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane'],
  AEDT: ['Australia/Sydney', 'Australia/Melbourne'],
  NZST: ['Pacific/Auckland'],
};

/** Shown for an empty autocomplete query: an A–Z list would start with Africa/Abidjan. */
const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Asia/Singapore',
  'Australia/Sydney',
  'Pacific/Auckland',
];

interface ZoneEntry {
  name: string;
  /** Lowercased name and alias keys, e.g. 'asia/kolkata', 'asia/calcutta'. */
  keys: string[];
  /** Lowercased last path segment of each key, e.g. 'kolkata', 'calcutta'. */
  cities: string[];
}

let catalog: ZoneEntry[] | undefined;

function zoneCatalog(): ZoneEntry[] {
  if (catalog !== undefined) return catalog;
  const entries = new Map<string, ZoneEntry>();
  for (const listed of [...Intl.supportedValuesOf('timeZone'), 'UTC']) {
    const name = CURRENT_NAME[listed] ?? listed;
    const entry = entries.get(name) ?? { name, keys: [], cities: [] };
    for (const key of new Set([name, listed].map((n) => n.toLowerCase()))) {
      if (entry.keys.includes(key)) continue;
      entry.keys.push(key);
      entry.cities.push(key.slice(key.lastIndexOf('/') + 1));
    }
    entries.set(name, entry);
  }
  catalog = [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
  return catalog;
}

/** Users type "new york" or "America/New York"; zone names use underscores. */
function normalise(text: string): string {
  return text.trim().replace(/\s+/g, '_').toLowerCase();
}

function resolveWithIntl(name: string): string | undefined {
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return CURRENT_NAME[resolved] ?? resolved;
  } catch {
    return undefined;
  }
}

/**
 * Accepts any IANA zone name or alias the runtime has data for, in any letter case, and returns
 * its current canonical name ('asia/calcutta' -> 'Asia/Kolkata'). Otherwise explains, with up to
 * three nearest names.
 */
export function validateTimezone(input: string): TimezoneCheck {
  const key = normalise(input);
  if (key === '') {
    return { ok: false, error: 'Enter a time zone, such as Europe/London.', suggestions: [] };
  }
  const listed = zoneCatalog().find((e) => e.keys.includes(key));
  if (listed !== undefined) return { ok: true, timezone: listed.name };

  const hints = ABBREVIATION_HINTS[key.toUpperCase()];
  if (hints !== undefined) {
    if (hints.length === 1 && hints[0] === 'UTC') return { ok: true, timezone: 'UTC' };
    return {
      ok: false,
      error: `"${input.trim()}" is an abbreviation; use a place name so daylight saving time is right. Did you mean ${hints.join(', ')}?`,
      suggestions: hints.slice(0, 3),
    };
  }
  // Links such as US/Eastern or Etc/GMT+5 are real zone data but not in the runtime's list.
  // Bare words such as "EST5EDT" resolve too, but are legacy POSIX-style zones: not offered.
  if (key.includes('/')) {
    const resolved = resolveWithIntl(input.trim().replace(/\s+/g, '_'));
    if (resolved !== undefined) return { ok: true, timezone: resolved };
  }
  const suggestions = nearestZones(key, 3);
  const didYouMean = suggestions.length > 0 ? ` Did you mean ${suggestions.join(', ')}?` : '';
  return { ok: false, error: `Unknown time zone "${input.trim()}".${didYouMean}`, suggestions };
}

function fuzzyDistance(query: string, entry: ZoneEntry): number {
  const city = query.slice(query.lastIndexOf('/') + 1);
  let best = Infinity;
  for (const [i, key] of entry.keys.entries()) {
    best = Math.min(best, editDistance(query, key));
    // A bare city or a wrong region ("Europe/Kolkata") should still find the city.
    best = Math.min(best, editDistance(city, entry.cities[i] ?? '') + (query.includes('/') ? 1 : 0));
  }
  return best;
}

function nearestZones(query: string, count: number): string[] {
  return zoneCatalog()
    .map((entry) => ({ name: entry.name, distance: fuzzyDistance(query, entry) }))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((s) => s.name);
}

/**
 * Zone names for autocomplete, best first: exact name, then names or cities starting with the
 * query, then cities containing it, then close misspellings.
 */
export function searchTimezones(query: string, limit = 25): string[] {
  const q = normalise(query);
  if (q === '') return COMMON_ZONES.slice(0, limit);
  const ranked: { name: string; tier: number; score: number }[] = [];
  for (const entry of zoneCatalog()) {
    const match = rank(q, entry);
    if (match !== undefined) ranked.push({ name: entry.name, ...match });
  }
  return ranked
    .sort((a, b) => a.tier - b.tier || a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((r) => r.name);
}

function rank(q: string, entry: ZoneEntry): { tier: number; score: number } | undefined {
  if (entry.keys.includes(q) || entry.cities.includes(q)) return { tier: 0, score: 0 };
  const prefix = entry.keys.some((k) => k.startsWith(q)) || entry.cities.some((c) => c.startsWith(q));
  // Shorter names first within a tier: "lon" should offer London before Londonderry-like names.
  if (prefix) return { tier: 1, score: entry.name.length };
  if (entry.cities.some((c) => c.includes(q))) return { tier: 2, score: entry.name.length };
  if (entry.keys.some((k) => k.includes(q))) return { tier: 3, score: entry.name.length };
  if (q.length < 3) return undefined;
  const allowed = q.length < 6 ? 1 : 2;
  let best = Infinity;
  for (const city of entry.cities) {
    best = Math.min(best, editDistance(q, city));
    // A typo in a half-typed name ("kolkt"); too loose below four letters.
    if (q.length >= 4) best = Math.min(best, editDistance(q, city.slice(0, q.length)));
  }
  for (const key of entry.keys) best = Math.min(best, editDistance(q, key));
  return best <= allowed ? { tier: 4, score: best } : undefined;
}
