/**
 * What every ScheduleStore must do, whatever database is behind it. A store's test file calls
 * storeContract() with its backend (backends.ts); the same tests then run against SQLite, PGlite
 * and a real PostgreSQL server. Tests about one store's files or schema history stay in that store's file.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/daily/domain/plan.ts';
import type { BotStore } from '../../src/store/botStore.ts';
import type { StoreBackend } from './backends.ts';
import { storesPerTest } from './storesPerTest.ts';

/** How many callers race for one slot in the race tests. */
const RACERS = 16;
/** How many stores (connections, or processes' worth of them) those callers are spread over. */
const STORES = 4;

const T0 = new Date('2026-05-01T10:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const input = { guildId: 'g1', channelId: 'c1', time: '09:00', timezone: 'Europe/London' };

export function storeContract(backend: StoreBackend): void {
  describe(`${backend.name}: the ScheduleStore contract`, () => {
    const openStore = storesPerTest(backend);
    const openStores = (count: number) => Promise.all(Array.from({ length: count }, openStore));

    /** RACERS callers over STORES stores; resolves to the indexes of those whose call returned true. */
    const race = async (call: (store: BotStore, racer: number) => Promise<boolean>) => {
      const stores = await openStores(STORES);
      const results = await Promise.all(
        Array.from({ length: RACERS }, (_, racer) => call(stores[racer % STORES]!, racer)),
      );
      return results.flatMap((won, racer) => (won ? [racer] : []));
    };

    describe('opening', () => {
      it('opens an empty database, and a store opened later sees the data', async () => {
        const first = await openStore();
        expect(await first.listSchedules()).toEqual([]);
        await first.upsertSchedule(input, T0);
        await first.close();
        const second = await openStore();
        expect((await second.getSchedule('g1'))?.time).toBe('09:00');
        const third = await openStore();
        expect(await third.listSchedules()).toHaveLength(1);
      });

      it('several stores opening an empty database at once all work, and share it', async () => {
        const stores = await openStores(STORES);
        await Promise.all(stores.map((s, i) => s.upsertSchedule({ ...input, guildId: `g${i}` }, T0)));
        for (const store of stores) expect(await store.listSchedules()).toHaveLength(STORES);
      });
    });

    describe('schedules', () => {
      it('upsert creates, then updates keeping createdAt, and resumes a paused schedule', async () => {
        const store = await openStore();
        const created = await store.upsertSchedule(input, T0);
        expect(created).toEqual({ ...input, paused: false, createdAt: T0, updatedAt: T0 });
        expect(await store.pause('g1', 'no access', later(1))).toBe(true);
        expect(await store.getSchedule('g1')).toEqual({
          ...input,
          paused: true,
          pauseReason: 'no access',
          createdAt: T0,
          updatedAt: later(1),
        });
        const updated = await store.upsertSchedule({ ...input, time: '18:30' }, later(2));
        expect(updated).toEqual({ ...input, time: '18:30', paused: false, createdAt: T0, updatedAt: later(2) });
        expect(updated.pauseReason).toBeUndefined();
        expect(await store.getSchedule('g1')).toEqual(updated);
      });

      it('pausing a guild without a schedule changes nothing', async () => {
        const store = await openStore();
        expect(await store.pause('nobody', 'x', T0)).toBe(false);
        expect(await store.getSchedule('nobody')).toBeUndefined();
      });

      it('lists schedules by guild, keeping snowflake ids exact as strings', async () => {
        const store = await openStore();
        // Above 2^53: a driver that read these as numbers would change their last digits.
        const big = '1234567890123456789';
        const bigger = '9223372036854775807';
        await store.upsertSchedule({ ...input, guildId: bigger, channelId: big }, T0);
        await store.upsertSchedule({ ...input, guildId: big, channelId: bigger }, T0);
        expect((await store.listSchedules()).map((s) => [s.guildId, s.channelId])).toEqual([
          [big, bigger],
          [bigger, big],
        ]);
      });
    });

    describe('claims', () => {
      it('only the first claimer of a guild and local date wins', async () => {
        const [a, b] = (await openStores(2)) as [BotStore, BotStore];
        expect(await a.claimPost('g1', '2026-05-01', 'a', T0)).toBe(true);
        expect(await b.claimPost('g1', '2026-05-01', 'b', T0)).toBe(false);
        expect(await a.claimPost('g1', '2026-05-01', 'a', T0)).toBe(false);
        expect(await b.claimPost('g1', '2026-05-02', 'b', T0)).toBe(true);
        expect(await b.claimPost('g2', '2026-05-01', 'b', T0)).toBe(true);
        expect(await a.getPost('g1', '2026-05-01')).toEqual({
          guildId: 'g1',
          localDate: '2026-05-01',
          status: 'claimed',
          claimedAt: T0,
          attempts: 1,
          owner: 'a',
          leaseUntil: new Date(T0.getTime() + DEFAULT_POLICY.claimLeaseMs),
        });
      });

      it('many concurrent claims of one free slot: exactly one winner', async () => {
        const winners = await race((store, racer) => store.claimPost('g1', 'd1', `r${racer}`, T0));
        expect(winners).toHaveLength(1);
        const store = await openStore();
        expect(await store.getPost('g1', 'd1')).toMatchObject({ owner: `r${winners[0]}`, attempts: 1 });
      });

      it('many concurrent re-claims of a failed slot whose retry is due: exactly one winner', async () => {
        const store = await openStore();
        await store.claimPost('g1', 'd1', 'a', T0);
        await store.finishPost('g1', 'd1', {
          status: 'failed',
          owner: 'a',
          at: T0,
          error: '503',
          nextAttemptAt: later(1),
        });
        const winners = await race((s, racer) => s.claimPost('g1', 'd1', `r${racer}`, later(2)));
        expect(winners).toHaveLength(1);
        expect(await store.getPost('g1', 'd1')).toMatchObject({
          status: 'claimed',
          owner: `r${winners[0]}`,
          attempts: 2,
        });
      });

      it('many concurrent manual claims of an unconfirmed day: exactly one winner', async () => {
        const store = await openStore();
        await store.claimPost('g1', 'd1', 'a', T0);
        await store.finishPost('g1', 'd1', { status: 'unconfirmed', owner: 'a', at: T0, error: 'may be missing' });
        const winners = await race((s, racer) => s.claimPost('g1', 'd1', `r${racer}`, later(2), 'manual'));
        expect(winners).toHaveLength(1);
        expect(await store.getPost('g1', 'd1')).toMatchObject({ status: 'claimed', attempts: 2 });
      });

      it('a claim takes the lease it is given, and finishing drops it', async () => {
        const store = await openStore();
        await store.claimPost('g1', 'd1', 'a', T0, 'scheduled', later(1));
        expect((await store.getPost('g1', 'd1'))?.leaseUntil).toEqual(later(1));
        await store.finishPost('g1', 'd1', { status: 'sent', owner: 'a', at: T0, messageId: 'm' });
        expect((await store.getPost('g1', 'd1'))?.leaseUntil).toBeUndefined();
      });

      it('a claim whose lease ran out is still not re-claimed: only a take-over of it as seen resends', async () => {
        const store = await openStore();
        await store.claimPost('g1', 'd1', 'dead', T0, 'scheduled', later(1));
        expect(await store.claimPost('g1', 'd1', 'b', later(60))).toBe(false);
        expect(await store.claimPost('g1', 'd1', 'b', later(60), 'manual')).toBe(false);
        expect(await store.takeOverClaim('g1', 'd1', { owner: 'dead', claimedAt: T0 }, 'b', later(60), later(61))).toBe(
          true,
        );
      });

      it('taking over a claim swaps only the claim as seen, once, counting an attempt', async () => {
        const [a, b] = (await openStores(2)) as [BotStore, BotStore];
        await a.claimPost('g1', 'd1', 'dead', T0);
        const seen = { owner: 'dead', claimedAt: T0 };
        expect(await a.takeOverClaim('g1', 'd1', { owner: 'dead', claimedAt: later(1) }, 'a', later(2), later(3))).toBe(
          false,
        );
        expect(await a.takeOverClaim('g1', 'd1', { owner: 'other', claimedAt: T0 }, 'a', later(2), later(3))).toBe(
          false,
        );
        const [first, second] = await Promise.all([
          a.takeOverClaim('g1', 'd1', seen, 'a', later(2), later(3)),
          b.takeOverClaim('g1', 'd1', seen, 'b', later(2), later(3)),
        ]);
        expect([first, second].filter(Boolean)).toHaveLength(1);
        expect(await a.getPost('g1', 'd1')).toMatchObject({
          status: 'claimed',
          owner: first ? 'a' : 'b',
          claimedAt: later(2),
          leaseUntil: later(3),
          attempts: 2,
        });
        await a.claimPost('g1', 'd2', 'x', T0);
        await a.finishPost('g1', 'd2', { status: 'sent', owner: 'x', at: T0, messageId: 'm' });
        expect(await a.takeOverClaim('g1', 'd2', { owner: 'x', claimedAt: T0 }, 'a', later(2), later(3))).toBe(false);
      });

      it('many concurrent take-overs of one claim as seen: exactly one winner', async () => {
        const store = await openStore();
        await store.claimPost('g1', 'd1', 'dead', T0);
        const seen = { owner: 'dead', claimedAt: T0 };
        const winners = await race((s, racer) => s.takeOverClaim('g1', 'd1', seen, `r${racer}`, later(2), later(3)));
        expect(winners).toHaveLength(1);
        expect(await store.getPost('g1', 'd1')).toMatchObject({ owner: `r${winners[0]}`, attempts: 2 });
      });

      it('only the owner releases its claim, which ends the lease at once', async () => {
        const store = await openStore();
        await store.claimPost('g1', 'd1', 'a', T0, 'scheduled', later(5));
        expect(await store.releaseClaim('g1', 'd1', 'b', later(1))).toBe(false);
        expect(await store.releaseClaim('g1', 'd1', 'a', later(1))).toBe(true);
        expect(await store.getPost('g1', 'd1')).toMatchObject({ status: 'claimed', owner: 'a', leaseUntil: later(1) });
        await store.finishPost('g1', 'd1', { status: 'sent', owner: 'a', at: later(2), messageId: 'm' });
        expect(await store.releaseClaim('g1', 'd1', 'a', later(3))).toBe(false);
      });

      it('an unconfirmed day is final for scheduled claims; /daily now may retake it', async () => {
        const store = await openStore();
        await store.claimPost('g1', 'd1', 'a', T0);
        await store.finishPost('g1', 'd1', {
          status: 'unconfirmed',
          owner: 'a',
          at: later(1),
          error: 'may be missing',
        });
        expect(await store.getPost('g1', 'd1')).toEqual({
          guildId: 'g1',
          localDate: 'd1',
          status: 'unconfirmed',
          claimedAt: T0,
          finishedAt: later(1),
          error: 'may be missing',
          attempts: 1,
          owner: 'a',
        });
        expect(await store.claimPost('g1', 'd1', 'b', later(60))).toBe(false);
        expect(await store.claimPost('g1', 'd1', 'b', later(60), 'manual')).toBe(true);
        expect(await store.getPost('g1', 'd1')).toMatchObject({ status: 'claimed', owner: 'b', attempts: 2 });
      });

      it('finishing needs the claim: same owner, still claimed', async () => {
        const store = await openStore();
        await store.claimPost('g1', '2026-05-01', 'a', T0);
        expect(
          await store.finishPost('g1', '2026-05-01', { status: 'sent', owner: 'b', at: later(1), messageId: 'm' }),
        ).toBe(false);
        expect(
          await store.finishPost('g1', '2026-05-01', { status: 'sent', owner: 'a', at: later(1), messageId: 'm' }),
        ).toBe(true);
        expect(
          await store.finishPost('g1', '2026-05-01', { status: 'sent', owner: 'a', at: later(2), messageId: 'x' }),
        ).toBe(false);
        expect(await store.getPost('g1', '2026-05-01')).toMatchObject({
          status: 'sent',
          messageId: 'm',
          finishedAt: later(1),
        });
      });

      it('a failed post can be re-claimed once its retry time comes, counting attempts', async () => {
        const store = await openStore();
        await store.claimPost('g1', '2026-05-01', 'a', T0);
        await store.finishPost('g1', '2026-05-01', {
          status: 'failed',
          owner: 'a',
          at: T0,
          error: '503',
          nextAttemptAt: later(5),
        });
        expect(await store.getPost('g1', '2026-05-01')).toEqual({
          guildId: 'g1',
          localDate: '2026-05-01',
          status: 'failed',
          claimedAt: T0,
          finishedAt: T0,
          error: '503',
          attempts: 1,
          owner: 'a',
          nextAttemptAt: later(5),
        });
        expect(await store.claimPost('g1', '2026-05-01', 'b', later(4))).toBe(false);
        expect(await store.claimPost('g1', '2026-05-01', 'b', later(5))).toBe(true);
        expect(await store.claimPost('g1', '2026-05-01', 'a', later(5))).toBe(false);
        expect(await store.getPost('g1', '2026-05-01')).toMatchObject({ status: 'claimed', owner: 'b', attempts: 2 });
        expect((await store.getPost('g1', '2026-05-01'))?.nextAttemptAt).toBeUndefined();
        expect((await store.getPost('g1', '2026-05-01'))?.finishedAt).toBeUndefined();
      });

      it('a failure without a retry time, or a sent post, is final for scheduled claims', async () => {
        const store = await openStore();
        await store.claimPost('g1', 'd1', 'a', T0);
        await store.finishPost('g1', 'd1', { status: 'failed', owner: 'a', at: T0, error: 'gone' });
        expect(await store.claimPost('g1', 'd1', 'a', later(60))).toBe(false);
        await store.claimPost('g1', 'd2', 'a', T0);
        await store.finishPost('g1', 'd2', { status: 'sent', owner: 'a', at: T0, messageId: 'm' });
        expect(await store.claimPost('g1', 'd2', 'a', later(60), 'manual')).toBe(false);
      });

      it('a manual claim may take a failed or skipped day', async () => {
        const store = await openStore();
        await store.claimPost('g1', 'd1', 'a', T0);
        await store.finishPost('g1', 'd1', { status: 'failed', owner: 'a', at: T0, error: 'gone' });
        expect(await store.claimPost('g1', 'd1', 'b', later(1), 'manual')).toBe(true);
        expect(await store.getPost('g1', 'd1')).toMatchObject({ status: 'claimed', attempts: 2, owner: 'b' });
        await store.claimPost('g1', 'd2', 'a', T0);
        await store.finishPost('g1', 'd2', { status: 'skipped', owner: 'a', at: T0, error: 'missed' });
        expect(await store.claimPost('g1', 'd2', 'b', later(1), 'manual')).toBe(true);
        expect(await store.getPost('g1', 'd2')).toMatchObject({ status: 'claimed', attempts: 1, owner: 'b' });
        expect(await store.claimPost('g1', 'd2', 'c', later(1), 'manual')).toBe(false);
      });

      it('cancelRetry drops a pending retry', async () => {
        const store = await openStore();
        await store.claimPost('g1', 'd1', 'a', T0);
        await store.finishPost('g1', 'd1', {
          status: 'failed',
          owner: 'a',
          at: T0,
          error: '503',
          nextAttemptAt: later(1),
        });
        expect(await store.cancelRetry('g1', 'd1', later(2))).toBe(true);
        expect(await store.getPost('g1', 'd1')).toMatchObject({ status: 'failed', finishedAt: later(2) });
        expect((await store.getPost('g1', 'd1'))?.nextAttemptAt).toBeUndefined();
        expect(await store.cancelRetry('g1', 'd1', later(2))).toBe(false);
        expect(await store.claimPost('g1', 'd1', 'a', later(3))).toBe(false);
      });
    });

    describe('reading posts', () => {
      it('lists posts, fetches several, and finds the last claimed', async () => {
        const store = await openStore();
        await store.claimPost('g1', '2026-05-02', 'a', later(10));
        await store.claimPost('g1', '2026-05-01', 'a', T0);
        await store.claimPost('g2', '2026-05-03', 'a', later(20));
        expect((await store.listPosts('g1')).map((p) => p.localDate)).toEqual(['2026-05-01', '2026-05-02']);
        expect((await store.getPosts('g1', ['2026-05-01', '2026-05-09'])).map((p) => p.localDate)).toEqual([
          '2026-05-01',
        ]);
        expect((await store.getPosts('g1', ['2026-05-02', '2026-05-01'])).map((p) => p.localDate).sort()).toEqual([
          '2026-05-01',
          '2026-05-02',
        ]);
        expect(await store.getPosts('g1', [])).toEqual([]);
        expect(await store.getPost('g1', '2026-05-09')).toBeUndefined();
        expect((await store.getLastPost('g1'))?.localDate).toBe('2026-05-02');
        expect(await store.getLastPost('g3')).toBeUndefined();
      });

      it("lists every guild's posts with a local date in the range, both ends included", async () => {
        const store = await openStore();
        for (const [guild, date] of [
          ['g1', '2026-04-30'],
          ['g1', '2026-05-01'],
          ['g2', '2026-05-02'],
          ['g1', '2026-05-03'],
          ['g3', '2026-05-04'],
        ] as const) {
          await store.claimPost(guild, date, 'a', T0);
        }
        const between = await store.listPostsBetween('2026-05-01', '2026-05-03');
        expect(between.map((p) => `${p.guildId} ${p.localDate}`).sort()).toEqual([
          'g1 2026-05-01',
          'g1 2026-05-03',
          'g2 2026-05-02',
        ]);
        expect(between[0]).toMatchObject({ status: 'claimed', claimedAt: T0, owner: 'a', attempts: 1 });
        expect(await store.listPostsBetween('2026-06-01', '2026-06-30')).toEqual([]);
      });
    });

    describe('errors', () => {
      it('keeps the last error per guild', async () => {
        const store = await openStore();
        expect(await store.lastError('g1')).toBeUndefined();
        await store.recordError('g1', 'first', T0);
        await store.recordError('g1', 'second', later(1));
        await store.recordError('g2', 'other', later(2));
        expect(await store.lastError('g1')).toEqual({ at: later(1), message: 'second' });
      });
    });

    describe('forum settings and claims', () => {
      it('keeps one forum channel per guild: set, replace, clear', async () => {
        const store = await openStore();
        expect(await store.getForumChannel('g1')).toBeUndefined();
        await store.setForumChannel('g1', 'forum-a', T0);
        await store.setForumChannel('g2', 'forum-x', T0);
        await store.setForumChannel('g1', 'forum-b', later(1));
        expect(await store.getForumChannel('g1')).toBe('forum-b');
        expect(await (await openStore()).getForumChannel('g2')).toBe('forum-x');
        expect(await store.clearForumChannel('g1')).toBe(true);
        expect(await store.clearForumChannel('g1')).toBe(false);
        expect(await store.getForumChannel('g1')).toBeUndefined();
      });

      it('gives a thread to exactly one of many racing claimers, for good', async () => {
        const winners = await race((store, racer) => store.claimThread('1234567890123456789', 'g1', `p${racer}`, T0));
        expect(winners).toHaveLength(1);
        const store = await openStore();
        expect(await store.claimThread('1234567890123456789', 'g1', 'late', later(60))).toBe(false);
        expect(await store.claimThread('1234567890123456790', 'g1', 'late', later(60))).toBe(true);
      });
    });
  });
}
