import type { Block } from './blocks.ts';
import { terms } from './text.ts';

/** Below this share of words shared with the rest of the report, an edge paragraph is judged foreign. */
const MIN_SHARED = 0.2;
const MIN_TERMS = 8;

export interface Judged {
  kept: Block[];
  dropped: Array<{ text: string; reason: string }>;
}

/**
 * Reports arrive with unrelated material glued on (adverts, newsletter blurbs).
 * It sits at the start or the end and shares almost no vocabulary with the report,
 * so edge paragraphs are dropped while their vocabulary overlap stays below MIN_SHARED.
 */
export function dropUnrelated(blocks: Block[]): Judged {
  const dropped: Judged['dropped'] = [];
  const kept = [...blocks];
  // Each block's terms once, and in how many kept blocks each term occurs.
  const termSets = new Map(kept.map((b) => [b, new Set(terms(blockText(b)))]));
  const blocksWith = new Map<string, number>();
  for (const set of termSets.values()) for (const t of set) blocksWith.set(t, (blocksWith.get(t) ?? 0) + 1);
  const tryEdge = (index: number): boolean => {
    const block = kept[index];
    if (block?.type !== 'paragraph') return false;
    const own = termSets.get(block)!;
    const shared = sharedShare(own, blocksWith);
    if (shared === undefined || shared >= MIN_SHARED) return false;
    dropped.push({
      text: block.text,
      reason: `shares ${Math.round(shared * 100)}% of its words with the rest of the report`,
    });
    for (const t of own) blocksWith.set(t, blocksWith.get(t)! - 1);
    kept.splice(index, 1);
    return true;
  };
  while (kept.length > 1 && tryEdge(kept.length - 1));
  while (kept.length > 1 && tryEdge(0));
  return { kept, dropped };
}

/** Share of the block's longer terms that some other kept block also uses. */
function sharedShare(own: ReadonlySet<string>, blocksWith: ReadonlyMap<string, number>): number | undefined {
  const long = [...own].filter((t) => t.length > 2);
  if (long.length < MIN_TERMS) return undefined;
  // The block itself accounts for one use of each of its terms.
  const shared = long.filter((t) => blocksWith.get(t)! > 1).length;
  return shared / long.length;
}

function blockText(block: Block): string {
  if (block.type === 'table') return [block.header, ...block.rows].flat().join(' ');
  return block.text;
}
