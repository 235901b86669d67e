import type { Block } from './blocks.ts';
import { type Cue, isRelatedReadingLabel, isSponsorLabel, sponsorCues } from './sponsorCues.ts';
import { terms } from './text.ts';

/**
 * The advert rule's thresholds, in one place. "Share" is the share of a paragraph's words
 * (3+ letters, stemmed) that some other kept block of the report also uses. Measured on the
 * four reports in the repository: their adverts share 3–6%, their own paragraphs 18–80%.
 */
export const ADVERT_RULE = {
  /** Below this share a paragraph is foreign to the report. Real paragraphs go down to 18%, adverts up to 6%. */
  foreignShare: 0.2,
  /**
   * A paragraph with a strong sponsor cue ("book now", "we use cookies", "€89 per night") is an
   * advert below this share: an advert may borrow the report's topic words ("rare earth",
   * "nickel") and reach 30%, while the reports' own paragraphs average about 50%.
   */
  strongCueShare: 0.4,
  /** Two different kinds of strong cue (a price and a booking call) make an advert whatever it shares. */
  strongKinds: 2,
  /** Fewer terms than this say too little about a paragraph's topic to call it foreign on words alone. */
  minTerms: 8,
  /** With a sponsor cue as evidence, a short paragraph ("Subscribe to our newsletter for deals") is judged too. */
  minTermsWithCue: 4,
  /** A headline in a "Related articles" list is a short line; anything longer is prose again. */
  headlineWords: 15,
  /** A cookie notice's buttons ("Accept all", "Manage preferences") are a few words each. */
  buttonWords: 4,
} as const;

export interface Judged {
  kept: Block[];
  dropped: Array<{ text: string; reason: string }>;
}

/**
 * Reports arrive with material that is not the report: adverts glued on at the end or
 * embedded between sections, cookie notices, newsletter calls, "Related articles" lists.
 * A block is dropped, in this order, when
 *   1. it is only a sponsor label ("Advertisement", "Sponsored") — the paragraph after it then
 *      counts the label as a strong cue — or a lead-in such as "Related articles:";
 *   2. it has two different kinds of strong sponsor cue;
 *   3. it has a strong cue and shares under ADVERT_RULE.strongCueShare of its words with the
 *      rest, or is too short to measure ("Subscribe to our newsletter.");
 *   4. it has any sponsor cue and is foreign (shares under ADVERT_RULE.foreignShare);
 *   5. it is a short line listed under a lead-in (a headline) or under a dropped cookie notice
 *      (a button such as "Accept all");
 *   6. it is foreign and sits at the start or the end, as glued-on text does even without a cue.
 * Other headings are kept: a heading left without text is removed with its empty section.
 */
export function dropUnrelated(blocks: Block[]): Judged {
  const dropped: Array<{ block: Block; reason: string }> = [];
  const counts = new TermCounts(blocks);
  const gone = new Set<Block>();
  const drop = (block: Block, reason: string) => {
    if (gone.has(block)) return;
    gone.add(block);
    counts.remove(block);
    dropped.push({ block, reason });
  };

  // 1: labels and lead-ins, told by their whole text.
  const labelled = new Set<Block>();
  const leadIns: number[] = [];
  blocks.forEach((block, i) => {
    if (block.type === 'table') return;
    if (isSponsorLabel(block.text)) {
      drop(block, `a sponsor label ("${block.text}")`);
      const next = blocks[i + 1];
      if (next?.type === 'paragraph') labelled.add(next);
    } else if (isRelatedReadingLabel(block.text)) {
      drop(block, `opens a list of other articles ("${block.text}")`);
      leadIns.push(i);
    }
  });

  // 2–4: anywhere in the report, on cues and shared words.
  const cookieNotices: number[] = [];
  blocks.forEach((block, i) => {
    if (block.type !== 'paragraph' || gone.has(block)) return;
    const cues = sponsorCues(block.text);
    if (labelled.has(block)) cues.unshift({ kind: 'sponsored', strong: true, match: 'under a sponsor label' });
    const reason = advertReason(cues, (min) => counts.share(block, min));
    if (!reason) return;
    drop(block, reason);
    if (cues.some((c) => c.kind === 'cookies')) cookieNotices.push(i);
  });

  // 5: the short lines such blocks list under them.
  for (const i of cookieNotices)
    for (const b of listedAfter(blocks, i, ADVERT_RULE.buttonWords, gone)) drop(b, 'a button of a cookie notice');
  for (const i of leadIns)
    for (const b of listedAfter(blocks, i, ADVERT_RULE.headlineWords, gone))
      drop(b, 'a headline in a list of other articles');

  // 6: foreign text at either end, as long as the ends keep being foreign.
  const kept = blocks.filter((b) => !gone.has(b));
  const tryEdge = (index: number): boolean => {
    const block = kept[index];
    if (block?.type !== 'paragraph') return false;
    const shared = counts.share(block, ADVERT_RULE.minTerms);
    if (shared === undefined || shared >= ADVERT_RULE.foreignShare) return false;
    drop(block, `shares ${percent(shared)} of its words with the rest of the report`);
    kept.splice(index, 1);
    return true;
  };
  while (kept.length > 1 && tryEdge(kept.length - 1));
  while (kept.length > 1 && tryEdge(0));
  // In the order they stood in the report, so that the log reads like the file.
  const at = new Map(blocks.map((b, i) => [b, i]));
  dropped.sort((a, b) => at.get(a.block)! - at.get(b.block)!);
  return { kept, dropped: dropped.map(({ block, reason }) => ({ text: blockText(block), reason })) };
}

/** Rules 2–4 for one paragraph: why it is an advert, or undefined when it is not judged one. */
export function advertReason(
  cues: readonly Cue[],
  shareOf: (minTerms: number) => number | undefined,
): string | undefined {
  if (cues.length === 0) return undefined;
  const strong = cues.filter((c) => c.strong);
  const listed = (list: readonly Cue[]) => list.map((c) => `${c.kind} "${c.match}"`).join(', ');
  if (strong.length >= ADVERT_RULE.strongKinds) return `${strong.length} kinds of sponsor cue: ${listed(strong)}`;
  const shared = shareOf(ADVERT_RULE.minTermsWithCue);
  if (shared === undefined) return strong.length > 0 ? `a short line with a sponsor cue: ${listed(strong)}` : undefined;
  if (strong.length > 0 && shared < ADVERT_RULE.strongCueShare)
    return `shares ${percent(shared)} of its words with the rest of the report and has a sponsor cue: ${listed(strong)}`;
  if (shared < ADVERT_RULE.foreignShare)
    return `shares ${percent(shared)} of its words with the rest of the report and has a sponsor cue: ${listed(cues)}`;
  return undefined;
}

/**
 * The short lines listed under block `at`: headlines under "Related articles", buttons under a
 * cookie notice. Blocks already dropped are passed over. A heading with prose or a table under
 * it is the report's next section, so the list stops there.
 */
function listedAfter(blocks: readonly Block[], at: number, maxWords: number, gone: ReadonlySet<Block>): Block[] {
  const out: Block[] = [];
  const isListed = (block: Block) =>
    block.type !== 'table' && block.text.split(/\s+/).length <= maxWords && !/\.$/.test(block.text);
  const remaining = blocks.slice(at + 1).filter((b) => !gone.has(b));
  for (const [i, block] of remaining.entries()) {
    if (!isListed(block)) break;
    const next = remaining[i + 1];
    if (block.type === 'heading' && next !== undefined && !isListed(next)) break;
    out.push(block);
  }
  return out;
}

/** In how many blocks each term occurs, kept up to date as blocks are dropped. */
class TermCounts {
  private readonly termsOf = new Map<Block, Set<string>>();
  private readonly blocksWith = new Map<string, number>();

  constructor(blocks: readonly Block[]) {
    for (const block of blocks) {
      const set = new Set(terms(blockText(block)));
      this.termsOf.set(block, set);
      for (const t of set) this.blocksWith.set(t, (this.blocksWith.get(t) ?? 0) + 1);
    }
  }

  remove(block: Block): void {
    for (const t of this.termsOf.get(block) ?? []) this.blocksWith.set(t, this.blocksWith.get(t)! - 1);
    this.termsOf.delete(block);
  }

  /** Share of the block's longer terms that some other kept block also uses; undefined under `minTerms` terms. */
  share(block: Block, minTerms: number): number | undefined {
    const long = [...(this.termsOf.get(block) ?? [])].filter((t) => t.length > 2);
    if (long.length < minTerms) return undefined;
    // The block itself accounts for one use of each of its terms.
    return long.filter((t) => this.blocksWith.get(t)! > 1).length / long.length;
  }
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function blockText(block: Block): string {
  if (block.type === 'table') return [block.header, ...block.rows].flat().join(' ');
  return block.text;
}
