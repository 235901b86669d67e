/**
 * What every InsightsStore must do, whatever database is behind it: tests/insights/store.test.ts
 * runs it on every backend (tests/store/backends.ts).
 */
import { describe, expect, it } from 'vitest';
import { newRecordId, type QuestionRecord } from '../../src/insights/records.ts';
import { retentionCutoff } from '../../src/insights/retention.ts';
import type { StoreBackend } from '../store/backends.ts';
import { storesPerTest } from '../store/storesPerTest.ts';

const T0 = new Date('2026-12-01T10:00:00Z');
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(T0.getTime() - days * DAY);

function question(extra: Partial<QuestionRecord> = {}): QuestionRecord {
  const at = extra.at ?? T0;
  return {
    id: newRecordId(at),
    guildId: 'g1',
    question: 'When was the KIA founded?',
    answered: true,
    kind: 'passage',
    source: 'Report › History',
    at,
    ...extra,
  };
}

export function insightsStoreContract(backend: StoreBackend): void {
  describe(`${backend.name}: the InsightsStore contract`, () => {
    const open = storesPerTest(backend);

    it('keeps the first salt ever offered, across stores and restarts', async () => {
      const [a, b] = [await open(), await open()];
      const [first, second] = await Promise.all([a.insightsSalt('salt-a'), b.insightsSalt('salt-b')]);
      expect(first).toBe(second);
      expect(['salt-a', 'salt-b']).toContain(first);
      await a.close();
      expect(await (await open()).insightsSalt('salt-c')).toBe(first);
    });

    it('stores a question with everything the issue names, and reads it back exactly', async () => {
      const store = await open();
      const answered = question();
      const refused = question({
        question: 'Who won the match?',
        answered: false,
        kind: 'not-covered',
        source: undefined,
      });
      delete refused.source;
      await store.recordQuestion(answered);
      await store.recordQuestion(refused);
      expect(await store.getQuestion(answered.id)).toEqual(answered);
      expect(await store.getQuestion(refused.id)).toEqual(refused);
      expect(await store.getQuestion('nope')).toBeUndefined();
    });

    it('lists a guild’s questions of a period, newest first, up to a limit, and no other guild’s', async () => {
      const store = await open();
      const old = question({ at: daysAgo(10) });
      const recent = question({ at: daysAgo(2) });
      const newest = question({ at: daysAgo(1) });
      const elsewhere = question({ guildId: 'g2', at: daysAgo(1) });
      for (const q of [old, recent, newest, elsewhere]) await store.recordQuestion(q);
      expect((await store.questionsSince('g1', daysAgo(7), 100)).map((q) => q.id)).toEqual([newest.id, recent.id]);
      expect((await store.questionsSince('g1', daysAgo(30), 1)).map((q) => q.id)).toEqual([newest.id]);
      expect((await store.questionsSince('g2', daysAgo(7), 100)).map((q) => q.id)).toEqual([elsewhere.id]);
    });

    it('one vote per voter per answer: a second press changes it, and 👍 drops the 👎 comment', async () => {
      const store = await open();
      const q = question();
      await store.recordQuestion(q);
      expect(await store.recordVote({ questionId: q.id, voter: 'h1', vote: 'down', at: T0 })).toBeUndefined();
      expect(await store.setVoteComment(q.id, 'h1', 'Wrong year', T0)).toBe(true);
      expect(await store.recordVote({ questionId: q.id, voter: 'h2', vote: 'up', at: T0 })).toBeUndefined();
      expect(await store.votesSince('g1', daysAgo(7))).toEqual(
        expect.arrayContaining([
          { questionId: q.id, vote: 'down', comment: 'Wrong year', at: T0 },
          { questionId: q.id, vote: 'up', at: T0 },
        ]),
      );
      // Pressing 👎 again keeps the comment; changing to 👍 drops it.
      expect(await store.recordVote({ questionId: q.id, voter: 'h1', vote: 'down', at: T0 })).toBe('down');
      expect((await store.votesSince('g1', daysAgo(7))).find((v) => v.comment)?.comment).toBe('Wrong year');
      expect(await store.recordVote({ questionId: q.id, voter: 'h1', vote: 'up', at: T0 })).toBe('down');
      const votes = await store.votesSince('g1', daysAgo(7));
      expect(votes).toHaveLength(2);
      expect(votes.every((v) => v.vote === 'up' && v.comment === undefined)).toBe(true);
      // A comment needs a 👎 by the same voter.
      expect(await store.setVoteComment(q.id, 'h1', 'late', T0)).toBe(false);
      expect(await store.setVoteComment(q.id, 'nobody', 'forged', T0)).toBe(false);
      expect(await store.votesSince('g2', daysAgo(7))).toEqual([]);
    });

    it('many voters pressing at once on several stores: one row each, each vote counted once', async () => {
      const stores = [await open(), await open(), await open()];
      const q = question();
      await stores[0]!.recordQuestion(q);
      await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          stores[i % 3]!.recordVote({ questionId: q.id, voter: `h${i % 8}`, vote: i < 8 ? 'up' : 'down', at: T0 }),
        ),
      );
      expect(await stores[1]!.votesSince('g1', daysAgo(1))).toHaveLength(8);
    });

    it('retention purges questions, their votes and old votes before the cutoff, and nothing after', async () => {
      const store = await open();
      const expired = question({ at: daysAgo(91) });
      const kept = question({ at: daysAgo(89) });
      await store.recordQuestion(expired);
      await store.recordQuestion(kept);
      await store.recordVote({ questionId: expired.id, voter: 'h1', vote: 'down', at: daysAgo(91) });
      // A vote inside retention on an expired question goes with its question.
      await store.recordVote({ questionId: expired.id, voter: 'h2', vote: 'up', at: daysAgo(1) });
      await store.recordVote({ questionId: kept.id, voter: 'h1', vote: 'up', at: daysAgo(1) });
      expect(await store.purgeInsights(retentionCutoff(T0, 90))).toEqual({ questions: 1, votes: 2 });
      expect(await store.getQuestion(expired.id)).toBeUndefined();
      expect(await store.getQuestion(kept.id)).toEqual(kept);
      expect(await store.votesSince('g1', daysAgo(365))).toEqual([{ questionId: kept.id, vote: 'up', at: daysAgo(1) }]);
      expect(await store.purgeInsights(retentionCutoff(T0, 90))).toEqual({ questions: 0, votes: 0 });
    });

    it('keeps hostile text exactly: mentions, Markdown, RTL overrides, quotes and 1,000 characters', async () => {
      const store = await open();
      const text = `@everyone **bold** \u202e'; DROP TABLE insights_questions; -- "${'x'.repeat(900)}`;
      const q = question({ question: text });
      await store.recordQuestion(q);
      expect((await store.getQuestion(q.id))?.question).toBe(text);
    });

    it('upgrades a version 4 database, keeping its schedules, and then records questions', async () => {
      // As a version 4 bot left it, with a daily schedule for guild 'old'.
      await backend.migrateTo(4);
      await backend.run(`INSERT INTO daily_schedules (guild_id, channel_id, time, timezone, paused, created_at, updated_at)
        VALUES ('old', 'c-old', '09:00', 'UTC', false, 1, 1)`);
      const store = await open();
      expect((await store.getSchedule('old'))?.channelId).toBe('c-old');
      const q = question();
      await store.recordQuestion(q);
      expect(await store.getQuestion(q.id)).toEqual(q);
    });
  });
}
