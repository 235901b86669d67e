import { randomFillSync } from 'node:crypto';

/** What is kept of one question the bot answered or refused as not covered: no member id. */
export interface QuestionRecord {
  /** Random and unguessable, prefixed with its time so an id alone tells whether it has expired. */
  id: string;
  guildId: string;
  /** As asked, clipped to QUESTION_KEPT characters. */
  question: string;
  answered: boolean;
  /** The answer's kind ('passage', 'cell', … or 'not-covered'). */
  kind: string;
  /** "Document › Section", when the answer had one. */
  source?: string;
  at: Date;
}

export type Vote = 'up' | 'down';

/** One member's vote on one answer; the member only as a salted hash, for one vote each. */
export interface VoteRecord {
  questionId: string;
  voter: string;
  vote: Vote;
  /** What was wrong, from the 👎 form: at most COMMENT_MAX characters. */
  comment?: string;
  at: Date;
}

/** A vote as /insights reads it: whose it was is of no interest there. */
export type VoteSeen = Omit<VoteRecord, 'voter'>;

/** The longest question kept: /ask takes no more, and a context-menu message may be longer. */
export const QUESTION_KEPT = 1000;
/** The 👎 form's limit, from the issue. */
export const COMMENT_MAX = 300;

const ID = /^([0-9a-z]{6,10})-([A-Za-z0-9_-]{16})$/;

/** `<time in base 36>-<16 random characters>`: 27 characters at most, so it fits a custom id. */
export function newRecordId(at: Date): string {
  return `${at.getTime().toString(36)}-${randomTwelve().toString('base64url')}`;
}

/**
 * Random bytes drawn 3 KB at a time: asking the system for 12 bytes per question was a third
 * of recording one in a burst of a thousand. Each slice is handed out once.
 */
const POOL = Buffer.alloc(12 * 256);
let taken = POOL.length;

function randomTwelve(): Buffer {
  if (taken + 12 > POOL.length) {
    randomFillSync(POOL);
    taken = 0;
  }
  taken += 12;
  return POOL.subarray(taken - 12, taken);
}

/** When the record was made, read from its id; undefined when the id is not one of ours. */
export function recordIdTime(id: string): Date | undefined {
  const match = ID.exec(id);
  if (!match) return undefined;
  const ms = Number.parseInt(match[1]!, 36);
  return Number.isSafeInteger(ms) ? new Date(ms) : undefined;
}
