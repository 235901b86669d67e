import Fuse from 'fuse.js';
import type { AutocompleteChoice } from '../bot/command.ts';
import { clip } from '../text/clip.ts';
import { fold } from '../text/fold.ts';
import { LIMITS } from './limits.ts';

export interface Choosable {
  name: string;
  value: string;
  /** Other names it answers to (aliases, abbreviations). */
  keywords?: string[];
  /** Longer text searched last. */
  content?: string;
}

/**
 * Rank choices in tiers, as discord-utils-bot does: exact name, then names and keywords
 * that start with what was typed, then Fuse.js over names, keywords and content.
 */
export function rankChoices(
  items: readonly Choosable[],
  typed: string,
  limit: number = LIMITS.choices,
): AutocompleteChoice[] {
  const query = fold(typed).trim();
  const ordered: Choosable[] = [];
  const add = (item: Choosable) => {
    if (!ordered.includes(item)) ordered.push(item);
  };
  if (query === '') {
    items.forEach(add);
  } else {
    const names = (i: Choosable) => [i.name, ...(i.keywords ?? [])].map(fold);
    items.filter((i) => names(i).some((n) => n === query)).forEach(add);
    items
      .filter((i) =>
        names(i).some((n) => n.startsWith(query) || n.split(/[\s/(),-]+/).some((w) => w.startsWith(query))),
      )
      .forEach(add);
    const fuse = new Fuse(items as Choosable[], {
      keys: [
        { name: 'name', weight: 3 },
        { name: 'keywords', weight: 2 },
        { name: 'content', weight: 1 },
      ],
      ignoreLocation: true,
      threshold: 0.4,
    });
    for (const r of fuse.search(query.slice(0, 64))) add(r.item);
  }
  return ordered
    .slice(0, limit)
    .map((i) => ({ name: clip(i.name, LIMITS.choiceName) || '?', value: i.value.slice(0, 100) }));
}
