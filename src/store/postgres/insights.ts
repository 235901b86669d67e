import type { QuestionRecord, Vote, VoteRecord, VoteSeen } from '../../insights/records.ts';
import type { InsightsStore } from '../../insights/store.ts';
import type { QuestionRow } from '../rows.ts';
import { toQuestion } from '../rows.ts';
import { changed, int8, PG_COLUMNS, type SqlDatabase } from './connection.ts';

const SQL = {
  // The first salt offered is kept: racing processes all get the one that won.
  salt: `
    WITH offered AS (
      INSERT INTO insights_meta (key, value) VALUES ('member_salt', $1)
      ON CONFLICT (key) DO NOTHING
      RETURNING value
    )
    SELECT value FROM offered UNION ALL SELECT value FROM insights_meta WHERE key = 'member_salt'
    LIMIT 1`,
  recordQuestion: `
    INSERT INTO insights_questions (id, guild_id, question, answered, kind, source, at)
    VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  getQuestion: 'SELECT * FROM insights_questions WHERE id = $1',
  // One statement: the vote it replaced comes back with it. A vote changed to 👍 drops the comment.
  upsertVote: `
    WITH previous AS (SELECT vote FROM insights_votes WHERE question_id = $1 AND voter = $2)
    INSERT INTO insights_votes (question_id, voter, vote, comment, at) VALUES ($1, $2, $3, NULL, $4)
    ON CONFLICT (question_id, voter) DO UPDATE SET vote = EXCLUDED.vote, at = EXCLUDED.at,
      comment = CASE EXCLUDED.vote WHEN 'down' THEN insights_votes.comment END
    RETURNING (SELECT vote FROM previous) AS previous`,
  setComment: `
    UPDATE insights_votes SET comment = $1, at = $2 WHERE question_id = $3 AND voter = $4 AND vote = 'down'
    RETURNING question_id`,
  questionsSince: 'SELECT * FROM insights_questions WHERE guild_id = $1 AND at >= $2 ORDER BY at DESC LIMIT $3',
  votesSince: `
    SELECT v.question_id, v.vote, v.comment, v.at FROM insights_votes v
    JOIN insights_questions q ON q.id = v.question_id
    WHERE q.guild_id = $1 AND q.at >= $2`,
  // Counted in the database: a year of a busy server's rows need not travel to be counted.
  purgeVotes: `
    WITH gone AS (
      DELETE FROM insights_votes WHERE at < $1
        OR question_id IN (SELECT id FROM insights_questions WHERE at < $1)
      RETURNING 1)
    SELECT count(*)::int AS n FROM gone`,
  purgeQuestions:
    'WITH gone AS (DELETE FROM insights_questions WHERE at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
};

/** Questions asked and votes on their answers (src/insights/store.ts), in Postgres. */
export function postgresInsightsStore(db: SqlDatabase): InsightsStore {
  return {
    async insightsSalt(candidate: string): Promise<string> {
      // A racing process's salt, committed after this statement's snapshot, is seen only by a second try.
      for (let attempt = 0; attempt < 2; attempt++) {
        const [row] = (await db.query<{ value: string }>(SQL.salt, [candidate])).rows;
        if (row) return row.value;
      }
      throw new Error('insights_meta holds no member salt after offering one');
    },

    async recordQuestion(record: QuestionRecord): Promise<void> {
      await db.query(SQL.recordQuestion, [
        record.id,
        record.guildId,
        record.question,
        record.answered,
        record.kind,
        record.source ?? null,
        record.at.getTime(),
      ]);
    },

    async getQuestion(id: string): Promise<QuestionRecord | undefined> {
      const [row] = (await db.query<QuestionRow>(SQL.getQuestion, [id])).rows;
      return row === undefined ? undefined : toQuestion(row, PG_COLUMNS);
    },

    async recordVote(vote: Omit<VoteRecord, 'comment'>): Promise<Vote | undefined> {
      const params = [vote.questionId, vote.voter, vote.vote, vote.at.getTime()];
      const [row] = (await db.query<{ previous: Vote | null }>(SQL.upsertVote, params)).rows;
      return row?.previous ?? undefined;
    },

    async setVoteComment(questionId: string, voter: string, comment: string, at: Date): Promise<boolean> {
      return changed(db, SQL.setComment, [comment, at.getTime(), questionId, voter]);
    },

    async questionsSince(guildId: string, since: Date, limit: number): Promise<QuestionRecord[]> {
      const params = [guildId, since.getTime(), limit];
      return (await db.query<QuestionRow>(SQL.questionsSince, params)).rows.map((row) => toQuestion(row, PG_COLUMNS));
    },

    async votesSince(guildId: string, since: Date): Promise<VoteSeen[]> {
      type Row = { question_id: string; vote: Vote; comment: string | null; at: unknown };
      const { rows } = await db.query<Row>(SQL.votesSince, [guildId, since.getTime()]);
      return rows.map((row) => ({
        questionId: row.question_id,
        vote: row.vote,
        ...(row.comment === null ? {} : { comment: row.comment }),
        at: new Date(int8(row.at, 'at')),
      }));
    },

    async purgeInsights(cutoff: Date): Promise<{ questions: number; votes: number }> {
      return db.transaction(async (tx) => {
        const count = async (sql: string) => (await tx.query<{ n: number }>(sql, [cutoff.getTime()])).rows[0]?.n ?? 0;
        const votes = await count(SQL.purgeVotes);
        const questions = await count(SQL.purgeQuestions);
        return { questions, votes };
      });
    },
  };
}
