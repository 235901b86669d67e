import type { QuestionRecord, Vote, VoteRecord, VoteSeen } from './records.ts';

/**
 * Where asked questions and votes on their answers live, with the daily store (SQLite or
 * Postgres). Every method is async so a networked database can implement it.
 */
export interface InsightsStore {
  /** The install's salt for member hashes: the first one ever offered is kept, and returned to every caller. */
  insightsSalt(candidate: string): Promise<string>;
  recordQuestion(record: QuestionRecord): Promise<void>;
  getQuestion(id: string): Promise<QuestionRecord | undefined>;
  /**
   * One vote per (answer, voter): a new vote, or a changed one. A vote changed to 👍 loses its
   * comment, which said what was wrong. Returns the vote it replaced, if any.
   */
  recordVote(vote: Omit<VoteRecord, 'comment'>): Promise<Vote | undefined>;
  /** Sets the comment of this voter's 👎 on the answer; false when they have no 👎 on it. */
  setVoteComment(questionId: string, voter: string, comment: string, at: Date): Promise<boolean>;
  /** The guild's questions asked since `since`, newest first, at most `limit`. */
  questionsSince(guildId: string, since: Date, limit: number): Promise<QuestionRecord[]>;
  /** The votes on the guild's questions asked since `since`. */
  votesSince(guildId: string, since: Date): Promise<VoteSeen[]>;
  /** Deletes questions and votes made before `cutoff` (and the votes on those questions). */
  purgeInsights(cutoff: Date): Promise<{ questions: number; votes: number }>;
}
