import type Database from 'better-sqlite3';
import type { Vote } from '../../insights/records.ts';
import type { InsightsStore } from '../../insights/store.ts';
import type { QuestionRow } from '../rows.ts';
import { toQuestion } from '../rows.ts';
import { WRITES } from '../writes.ts';
import { SQLITE_COLUMNS } from './columns.ts';
import type { SqliteWrite } from './writer.ts';

/** The row as SQLite stores it; the recordQuestion insert takes the same columns. */
interface SqliteQuestionRow extends QuestionRow {
  answered: number;
  at: number;
}

/** How long an answer may wait on another process's lock to record its question. */
export const QUESTION_LOCK_WAIT_MS = 300;
/**
 * How long a vote or comment may wait on a lock: its acknowledgement (for 👎, the comment form)
 * must be the interaction's first response, which cannot come after a deferral, so it has to fit
 * Discord's 3 s window.
 */
export const VOTE_LOCK_WAIT_MS = 1_500;

function prepare(db: Database.Database) {
  return {
    offerSalt: db.prepare<[string]>(
      "INSERT INTO insights_meta (key, value) VALUES ('member_salt', ?) ON CONFLICT (key) DO NOTHING",
    ),
    salt: db.prepare<[], { value: string }>("SELECT value FROM insights_meta WHERE key = 'member_salt'"),
    recordQuestion: db.prepare<[Omit<SqliteQuestionRow, 'guild_id'> & { guildId: string }]>(`
      INSERT INTO insights_questions (id, guild_id, question, answered, kind, source, at)
      VALUES (@id, @guildId, @question, @answered, @kind, @source, @at)`),
    getQuestion: db.prepare<[string], SqliteQuestionRow>('SELECT * FROM insights_questions WHERE id = ?'),
    getVote: db.prepare<[string, string], { vote: Vote }>(
      'SELECT vote FROM insights_votes WHERE question_id = ? AND voter = ?',
    ),
    // A vote changed to 👍 drops the comment, which said what was wrong.
    upsertVote: db.prepare<[string, string, Vote, number]>(`
      INSERT INTO insights_votes (question_id, voter, vote, comment, at) VALUES (?, ?, ?, NULL, ?)
      ON CONFLICT (question_id, voter) DO UPDATE SET vote = excluded.vote, at = excluded.at,
        comment = CASE excluded.vote WHEN 'down' THEN insights_votes.comment END`),
    setComment: db.prepare<[string, number, string, string]>(`
      UPDATE insights_votes SET comment = ?, at = ? WHERE question_id = ? AND voter = ? AND vote = 'down'`),
    questionsSince: db.prepare<[string, number, number], SqliteQuestionRow>(
      'SELECT * FROM insights_questions WHERE guild_id = ? AND at >= ? ORDER BY at DESC LIMIT ?',
    ),
    votesSince: db.prepare<[string, number], { question_id: string; vote: Vote; comment: string | null; at: number }>(`
      SELECT v.question_id, v.vote, v.comment, v.at FROM insights_votes v
      JOIN insights_questions q ON q.id = v.question_id
      WHERE q.guild_id = ? AND q.at >= ?`),
    purgeVotes: db.prepare<[number, number]>(`
      DELETE FROM insights_votes WHERE at < ?
        OR question_id IN (SELECT id FROM insights_questions WHERE at < ?)`),
    purgeQuestions: db.prepare<[number]>('DELETE FROM insights_questions WHERE at < ?'),
  };
}

/** Questions asked and votes on their answers (src/insights/store.ts), in bot.sqlite. */
export function sqliteInsightsStore(db: Database.Database, write: SqliteWrite): InsightsStore {
  const statements = prepare(db);
  return {
    async insightsSalt(candidate) {
      // Read first by a vote: it waits as a vote does.
      await write(WRITES.insightsSalt, () => statements.offerSalt.run(candidate), VOTE_LOCK_WAIT_MS);
      return statements.salt.get()!.value;
    },

    async recordQuestion(record) {
      // The answer waits for this record (its vote buttons name it): a lock costs the record, not the answer.
      await write(
        WRITES.recordQuestion,
        () =>
          statements.recordQuestion.run({
            id: record.id,
            guildId: record.guildId,
            question: record.question,
            answered: record.answered ? 1 : 0,
            kind: record.kind,
            source: record.source ?? null,
            at: record.at.getTime(),
          }),
        QUESTION_LOCK_WAIT_MS,
      );
    },

    async getQuestion(id) {
      const row = statements.getQuestion.get(id);
      return row === undefined ? undefined : toQuestion(row, SQLITE_COLUMNS);
    },

    async recordVote(vote) {
      // Read and write in one transaction, so the vote replaced is the one this write replaced.
      return write(
        WRITES.recordVote,
        () =>
          db
            .transaction(() => {
              const previous = statements.getVote.get(vote.questionId, vote.voter)?.vote;
              statements.upsertVote.run(vote.questionId, vote.voter, vote.vote, vote.at.getTime());
              return previous;
            })
            .immediate(),
        VOTE_LOCK_WAIT_MS,
      );
    },

    async setVoteComment(questionId, voter, comment, at) {
      const result = await write(
        WRITES.setVoteComment,
        () => statements.setComment.run(comment, at.getTime(), questionId, voter),
        VOTE_LOCK_WAIT_MS,
      );
      return result.changes === 1;
    },

    async questionsSince(guildId, since, limit) {
      return statements.questionsSince
        .all(guildId, since.getTime(), limit)
        .map((row) => toQuestion(row, SQLITE_COLUMNS));
    },

    async votesSince(guildId, since) {
      return statements.votesSince.all(guildId, since.getTime()).map((row) => ({
        questionId: row.question_id,
        vote: row.vote,
        ...(row.comment === null ? {} : { comment: row.comment }),
        at: new Date(row.at),
      }));
    },

    async purgeInsights(cutoff) {
      return write(WRITES.purgeInsights, () =>
        db
          .transaction(() => {
            const votes = statements.purgeVotes.run(cutoff.getTime(), cutoff.getTime()).changes;
            const questions = statements.purgeQuestions.run(cutoff.getTime()).changes;
            return { questions, votes };
          })
          .immediate(),
      );
    },
  };
}
