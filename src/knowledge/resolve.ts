import Fuse from 'fuse.js';
import { fold } from '../text/fold.ts';
import { entriesOn, monthName, parseDates, parseMonthsWithoutYear } from './dates.ts';
import type { KnowledgeBase } from './knowledgeBase.ts';
import { words } from './text.ts';
import type { Entity, Section, Table, TimelineEntry } from './types.ts';

/** Lookups by name, for commands whose options name a thing rather than ask a question. */

export interface Found<T> {
  match?: T;
  /** Near names, offered when nothing matched. */
  suggestions: string[];
}

function byName<T>(items: readonly T[], typed: string, names: (t: T) => string[], label: (t: T) => string): Found<T> {
  const query = fold(typed).trim();
  const exact = items.find((i) => names(i).some((n) => fold(n) === query));
  if (exact) return { match: exact, suggestions: [] };
  const prefix = items.filter((i) => names(i).some((n) => fold(n).startsWith(query)));
  if (prefix.length === 1) return { match: prefix[0], suggestions: [] };
  const fuse = new Fuse(
    items.map((item) => ({ item, names: names(item) })),
    { keys: ['names'], includeScore: true, threshold: 0.35, ignoreLocation: true },
  );
  const results = query.length >= 2 ? fuse.search(query.slice(0, 64)) : [];
  const best = results[0];
  if (best && (best.score ?? 1) <= 0.15 && (results[1]?.score ?? 1) > (best.score ?? 0))
    return { match: best.item.item, suggestions: [] };
  const near = (results.length > 0 ? results.map((r) => r.item.item) : prefix.length > 0 ? prefix : items).slice(0, 3);
  return { suggestions: near.map(label) };
}

export function findEntity(kb: KnowledgeBase, typed: string): Found<Entity> {
  return byName(
    kb.entities,
    typed,
    (e) => [e.name, ...e.names, ...e.rows.map((r) => r.row.key)],
    (e) => e.name,
  );
}

export function allSections(kb: KnowledgeBase): Section[] {
  return kb.reports.flatMap((r) => r.sections);
}

export function findSection(kb: KnowledgeBase, typed: string): Found<Section> {
  const sections = allSections(kb);
  const byId = sections.find((s) => s.id === typed);
  if (byId) return { match: byId, suggestions: [] };
  return byName(
    sections,
    typed,
    (s) => [s.title],
    (s) => s.title,
  );
}

/** The table that ranks countries by a number: the market outlook in this report. */
export function marketTable(kb: KnowledgeBase): Table | undefined {
  const entityTables = kb.tables.filter((t) => t.kind === 'entity');
  return (
    entityTables.find((t) => /market|outlook|share/i.test(t.title)) ??
    entityTables.find((t) => t.columns.some((c) => /%|share/i.test(c)))
  );
}

export function benefitsTable(kb: KnowledgeBase): Table | undefined {
  return kb.tables.find((t) => /benefit|advantage/i.test(t.title)) ?? kb.tables.find((t) => t.kind === 'list');
}

/** Timeline entries matching "2025", "Sept 2025" or "august"; undefined when `when` names no date at all. */
export function timelineMatching(kb: KnowledgeBase, when: string): TimelineEntry[] | undefined {
  // An option names a month on purpose, so "may" and "march" count here even in lower case.
  const months = parseMonthsWithoutYear(when.replace(/\b(may|march)\b/gi, (m) => m[0]!.toUpperCase() + m.slice(1)));
  const on = entriesOn(kb.timeline, parseDates(when), months);
  if (on) return on;
  const query = fold(when).trim();
  // Whole words only: "e" must not match every event that contains the letter.
  if (query.length < 3 || !/\p{L}/u.test(query)) return undefined;
  const labelled = kb.timeline.filter((e) => fold(e.label) === query || words(e.event).includes(query));
  return labelled.length > 0 ? labelled : undefined;
}

/** What /timeline's autocomplete offers: every entry's date, and each year and month in it. */
export function timelineChoices(kb: KnowledgeBase): Array<{ name: string; value: string; content: string }> {
  const out = new Map<string, { name: string; value: string; content: string }>();
  for (const e of kb.timeline) {
    out.set(String(e.date.year), { name: `${e.date.year} (every entry)`, value: String(e.date.year), content: '' });
  }
  for (const e of kb.timeline) {
    const label = e.date.month ? `${monthName(e.date.month)} ${e.date.year}` : e.label;
    out.set(label, { name: `${label}: ${e.event}`, value: label, content: e.event });
  }
  return [...out.values()];
}
