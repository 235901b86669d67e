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
  const tryEdge = (index: number): boolean => {
    const block = kept[index];
    if (block?.type !== 'paragraph') return false;
    const shared = sharedShare(block.text, kept.filter((_, i) => i !== index));
    if (shared === undefined || shared >= MIN_SHARED) return false;
    dropped.push({
      text: block.text,
      reason: `shares ${Math.round(shared * 100)}% of its words with the rest of the report`,
    });
    kept.splice(index, 1);
    return true;
  };
  while (kept.length > 1 && tryEdge(kept.length - 1));
  while (kept.length > 1 && tryEdge(0));
  return { kept, dropped };
}

function sharedShare(text: string, others: Block[]): number | undefined {
  const own = new Set(terms(text).filter((t) => t.length > 2));
  if (own.size < MIN_TERMS) return undefined;
  const rest = new Set<string>();
  for (const block of others) for (const t of terms(blockText(block))) rest.add(t);
  let shared = 0;
  for (const t of own) if (rest.has(t)) shared++;
  return shared / own.size;
}

function blockText(block: Block): string {
  if (block.type === 'table') return [block.header, ...block.rows].flat().join(' ');
  return block.text;
}
