import type { Answer } from '../answer/types.ts';
import type { LoopCounts } from '../handoff/store.ts';
import type { Reply } from '../reply/types.ts';
import { clip } from '../text/clip.ts';
import { stripStoredControls } from '../text/echo.ts';
import { sourceLine } from '../text/sourceLine.ts';
import { memberHash, newSalt } from './memberHash.ts';
import { COMMENT_MAX, newRecordId, QUESTION_KEPT, type QuestionRecord, recordIdTime, type Vote } from './records.ts';
import { buildInsights } from './report.ts';
import { periodStart, retentionCutoff } from './retention.ts';
import type { InsightsStore } from './store.ts';

/** What happened to a 👍/👎 press or a 👎 comment, for the transport to acknowledge. */
export type FeedbackOutcome =
  | { kind: 'voted'; vote: Vote; previous?: Vote }
  | { kind: 'commented' }
  /** A comment without a 👎 by the same member (a forged or stale form). */
  | { kind: 'no-vote' }
  /** Past retention: the answer's record is purged, or about to be. */
  | { kind: 'expired' }
  /** Not an answer this server's bot recorded. */
  | { kind: 'unknown' };

/**
 * What is recorded of one answer: the engine's Answer is one, and a reply that is not the engine's
 * (a server's curated answer) names its own kind and source line.
 */
export type Asked = Pick<Answer, 'question' | 'answered'> & { kind: string; source: Answer['source'] | string };

export interface InsightsService {
  readonly retentionDays: number;
  /** Records an answered or not-covered question; the record's id, or undefined when nothing is recorded. */
  recordQuestion(guildId: string, answer: Answer | Asked, at: Date): Promise<string | undefined>;
  vote(recordId: string, guildId: string, userId: string, vote: Vote, at: Date): Promise<FeedbackOutcome>;
  comment(recordId: string, guildId: string, userId: string, comment: string, at: Date): Promise<FeedbackOutcome>;
  /** A recorded question of this guild, within retention (for the /faq add form). */
  question(recordId: string, guildId: string, at: Date): Promise<QuestionRecord | undefined>;
  /** The /insights reply for the last `days` days. */
  report(guildId: string, days: number, now: Date): Promise<Reply>;
  purge(now: Date): Promise<{ questions: number; votes: number }>;
}

// The command framework learns of insights only here, where the feature registers its service.
declare module '../bot/context.ts' {
  interface Services {
    insights: InsightsService;
  }
}

export interface InsightsServiceOptions {
  store: InsightsStore;
  retentionDays: number;
  /** A failed write of a question must not cost the member their answer: it is reported here. */
  onError?: (error: unknown, what: string) => void;
  /** The hand-off loop's counts for a server since a moment (src/handoff), shown and exported with the questions. */
  loop?: (guildId: string, since: Date) => Promise<LoopCounts>;
}

/** The most questions one /insights reads: a month of a very busy server, still a quick reply. */
export const REPORT_LIMIT = 20_000;

export function createInsightsService(options: InsightsServiceOptions): InsightsService {
  const { store, retentionDays } = options;
  let salt: Promise<string> | undefined;
  const saltOnce = () => {
    salt ??= store.insightsSalt(newSalt()).catch((error: unknown) => {
      salt = undefined; // Retried at the next press rather than failing for good.
      throw error;
    });
    return salt;
  };
  const voter = async (guildId: string, userId: string) => memberHash(await saltOnce(), guildId, userId);

  /** The record a press names, if it is this guild's and within retention. */
  const find = async (
    recordId: string,
    guildId: string,
    at: Date,
  ): Promise<{ record: QuestionRecord } | { missing: Extract<FeedbackOutcome, { kind: 'expired' | 'unknown' }> }> => {
    const made = recordIdTime(recordId);
    if (!made) return { missing: { kind: 'unknown' } };
    if (made < retentionCutoff(at, retentionDays)) return { missing: { kind: 'expired' } };
    const record = await store.getQuestion(recordId);
    // Another server's record is treated as unknown: its existence is none of this server's business.
    if (!record || record.guildId !== guildId) return { missing: { kind: 'unknown' } };
    return { record };
  };

  return {
    retentionDays,

    async recordQuestion(guildId, answer, at) {
      // Empty, too short or too long input is not a question anyone could curate an answer for.
      if (answer.kind === 'invalid') return undefined;
      const record: QuestionRecord = {
        id: newRecordId(at),
        guildId,
        question: clip(stripStoredControls(answer.question).trim(), QUESTION_KEPT),
        answered: answer.answered,
        kind: answer.kind,
        ...(answer.source
          ? { source: typeof answer.source === 'string' ? answer.source : sourceLine(answer.source) }
          : {}),
        at,
      };
      try {
        await store.recordQuestion(record);
        return record.id;
      } catch (error) {
        options.onError?.(error, 'recording a question');
        return undefined;
      }
    },

    async vote(recordId, guildId, userId, vote, at) {
      const found = await find(recordId, guildId, at);
      if ('missing' in found) return found.missing;
      const previous = await store.recordVote({ questionId: recordId, voter: await voter(guildId, userId), vote, at });
      return previous ? { kind: 'voted', vote, previous } : { kind: 'voted', vote };
    },

    async comment(recordId, guildId, userId, comment, at) {
      const found = await find(recordId, guildId, at);
      if ('missing' in found) return found.missing;
      const text = clip(stripStoredControls(comment).trim(), COMMENT_MAX);
      const saved = await store.setVoteComment(recordId, await voter(guildId, userId), text, at);
      return saved ? { kind: 'commented' } : { kind: 'no-vote' };
    },

    async question(recordId, guildId, at) {
      const found = await find(recordId, guildId, at);
      return 'record' in found ? found.record : undefined;
    },

    async report(guildId, days, now) {
      const since = periodStart(now, Math.min(days, retentionDays));
      const [questions, votes, loop] = await Promise.all([
        store.questionsSince(guildId, since, REPORT_LIMIT),
        store.votesSince(guildId, since),
        options.loop?.(guildId, since),
      ]);
      const full = questions.length >= REPORT_LIMIT;
      return buildInsights({
        questions,
        votes,
        days,
        retentionDays,
        since,
        ...(loop ? { loop } : {}),
        ...(full ? { limit: REPORT_LIMIT } : {}),
      });
    },

    purge: (now) => store.purgeInsights(retentionCutoff(now, retentionDays)),
  };
}

/** The ephemeral acknowledgement of a press or a comment. */
export function feedbackMessage(outcome: FeedbackOutcome, retentionDays: number): string {
  switch (outcome.kind) {
    case 'voted': {
      const mark = outcome.vote === 'up' ? '👍' : '👎';
      if (outcome.previous === outcome.vote) return `You already gave this answer a ${mark}. Thanks!`;
      if (outcome.previous) return `Changed your vote to ${mark}. Thanks!`;
      return `Thanks for the ${mark}!`;
    }
    case 'commented':
      return "Thanks: the server's admins will see what was wrong.";
    case 'no-vote':
      return 'Press 👎 on the answer first, then say what was wrong.';
    case 'expired':
      return `This answer is older than ${retentionDays} days and no longer takes feedback. Ask again for a fresh one.`;
    case 'unknown':
      return "I don't have this answer on record, so it takes no feedback. Ask again for a fresh one.";
  }
}
