import type { CuratedAnswer } from './record.ts';

/**
 * Where curated answers live. Every method takes the guild: a record is only ever read,
 * changed or removed through the guild it belongs to, so one server's curation never
 * reaches another even when an id is guessed.
 */
export interface FaqStore {
  /** The guild's curated answers, oldest first. */
  listCurated(guildId: string): Promise<CuratedAnswer[]>;
  addCurated(guildId: string, phrasings: readonly string[], answer: string, now: Date): Promise<CuratedAnswer>;
  /** Replaces phrasings and answer; undefined when the guild has no such id. */
  updateCurated(
    guildId: string,
    id: number,
    change: { phrasings: readonly string[]; answer: string },
    now: Date,
  ): Promise<CuratedAnswer | undefined>;
  /** False when the guild has no such id. */
  removeCurated(guildId: string, id: number): Promise<boolean>;
}
