import { describe, expect, it } from 'vitest';
import type { HandoffRecord } from '../../src/handoff/store.ts';
import { onEveryBackend, type StoreBackend } from '../store/backends.ts';
import { storesPerTest } from '../store/storesPerTest.ts';

const T0 = new Date('2026-12-07T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const DAY_START = new Date('2026-12-07T00:00:00Z');

function handoff(id: string, fields: Partial<HandoffRecord> = {}): HandoffRecord {
  return { id, guildId: 'g1', askerId: 'u1', question: 'Who won the cup?', createdAt: T0, ...fields };
}

function handoffContract(backend: StoreBackend): void {
  describe(`${backend.name}: the hand-off loop`, () => {
    const open = storesPerTest(backend);

    it('keeps helpers per server, and another process reads them', async () => {
      const a = await open();
      const b = await open();
      expect(await a.getHelpers('g1')).toBeUndefined();
      await a.setHelpers('g1', { roleId: 'r1', channelId: 'c1', dailyLimit: 3 }, T0);
      await a.setHelpers('g2', { roleId: 'r2', dailyLimit: 5 }, T0);
      expect(await b.getHelpers('g1')).toEqual({ roleId: 'r1', channelId: 'c1', dailyLimit: 3 });
      expect(await b.getHelpers('g2')).toEqual({ roleId: 'r2', dailyLimit: 5 });
      await b.setHelpers('g1', { roleId: 'r9', dailyLimit: 1 }, T0);
      expect(await a.getHelpers('g1')).toEqual({ roleId: 'r9', dailyLimit: 1 });
      expect(await a.clearHelpers('g1')).toBe(true);
      expect(await a.clearHelpers('g1')).toBe(false);
      expect(await b.getHelpers('g1')).toBeUndefined();
    });

    it('counts hand-offs per member, server and day against the limit; a given-back one does not count', async () => {
      const store = await open();
      expect(await store.addHandoff(handoff('h1'), 2, DAY_START)).toBe(true);
      expect(await store.addHandoff(handoff('h2'), 2, DAY_START)).toBe(true);
      expect(await store.addHandoff(handoff('h3'), 2, DAY_START)).toBe(false);
      // Another member, another server, and yesterday's are counted apart.
      expect(await store.addHandoff(handoff('h4', { askerId: 'u2' }), 2, DAY_START)).toBe(true);
      expect(await store.addHandoff(handoff('h5', { guildId: 'g2' }), 2, DAY_START)).toBe(true);
      expect(await store.addHandoff(handoff('h6'), 2, at(24 * 60))).toBe(true);
      await store.removeHandoff('h6');
      await store.removeHandoff('h2');
      expect(await store.addHandoff(handoff('h7'), 2, DAY_START)).toBe(true);
      // One hand-off per id (per recorded question): a second press adds nothing.
      expect(await store.addHandoff(handoff('h4', { askerId: 'u2' }), 9, DAY_START)).toBe(false);
      expect(await store.getHandoff('h4')).toMatchObject({ id: 'h4', askerId: 'u2' });
      expect(await store.getHandoff('nope')).toBeUndefined();
    });

    it('many presses at once never pass the limit', async () => {
      const stores = await Promise.all([open(), open(), open()]);
      const results = await Promise.all(
        Array.from({ length: 9 }, (_, i) => stores[i % 3]!.addHandoff(handoff(`p${i}`), 3, DAY_START)),
      );
      expect(results.filter(Boolean)).toHaveLength(3);
    });

    it('finds a hand-off by its thread, records its first answer once, its save, and counts the loop', async () => {
      const a = await open();
      const b = await open();
      await a.addHandoff(handoff('h1'), 3, DAY_START);
      await a.setHandoffThread('h1', 't1');
      await a.followThread({ threadId: 't1', guildId: 'g1', askerId: 'u1', kind: 'handoff' }, T0);
      expect(await b.handoffByThread('t1')).toEqual({ ...handoff('h1'), threadId: 't1' });
      expect(await b.handoffByThread('t-none')).toBeUndefined();

      expect(await b.markOtherReplied('t1', at(30))).toBe(true);
      expect(await a.markOtherReplied('t1', at(50))).toBe(false);
      expect((await a.handoffByThread('t1'))?.firstAnswerAt).toEqual(at(30));
      expect(await a.markHandoffSaved('t1', at(40))).toBe(true);
      expect(await a.markHandoffSaved('t-none', at(40))).toBe(false);
      expect(await a.markResolved('t1', at(60))).toBe(true);
      expect(await b.markResolved('t1', at(61))).toBe(false);
      expect(await b.getFollowedThread('t1')).toEqual({
        threadId: 't1',
        guildId: 'g1',
        askerId: 'u1',
        kind: 'handoff',
        createdAt: T0,
        otherRepliedAt: at(30),
        resolvedAt: at(60),
      });

      // A second hand-off, never answered; a resolved forum post; one of another server.
      await a.addHandoff(handoff('h2', { createdAt: at(5) }), 3, DAY_START);
      await a.setHandoffThread('h2', 't2');
      await a.followThread({ threadId: 'f1', guildId: 'g1', askerId: 'u3', kind: 'forum' }, T0);
      await a.markResolved('f1', at(70));
      await a.addHandoff(handoff('x1', { guildId: 'g2' }), 3, DAY_START);
      await a.setHandoffThread('x1', 'tx');
      expect(await b.loopCounts('g1', DAY_START)).toEqual({
        handoffs: 2,
        answered: 1,
        firstAnswerMs: [30 * 60_000],
        saved: 1,
        resolved: 2,
      });
      expect(await b.loopCounts('g1', at(24 * 60))).toEqual({
        handoffs: 0,
        answered: 0,
        firstAnswerMs: [],
        saved: 0,
        resolved: 0,
      });
    });

    it('purges hand-offs and followed threads made before the cutoff, no others', async () => {
      const store = await open();
      await store.addHandoff(handoff('old', { createdAt: at(-60) }), 9, at(-24 * 60));
      await store.addHandoff(handoff('new', { createdAt: at(0) }), 9, at(-24 * 60));
      await store.setHandoffThread('new', 't-new');
      await store.followThread({ threadId: 't-old', guildId: 'g1', askerId: 'u1', kind: 'answer' }, at(-60));
      await store.followThread({ threadId: 't-new', guildId: 'g1', askerId: 'u1', kind: 'handoff' }, at(0));
      expect(await store.purgeHandoffs(at(-1))).toEqual({ handoffs: 1, threads: 1 });
      expect(await store.getFollowedThread('t-old')).toBeUndefined();
      expect(await store.handoffByThread('t-new')).toMatchObject({ id: 'new' });
      expect(await store.purgeHandoffs(at(-1))).toEqual({ handoffs: 0, threads: 0 });
    });

    it('follows a thread once; an unknown thread is neither followed nor resolvable', async () => {
      const store = await open();
      await store.followThread({ threadId: 't1', guildId: 'g1', askerId: 'u1', kind: 'answer' }, T0);
      await store.followThread({ threadId: 't1', guildId: 'g1', askerId: 'u9', kind: 'forum' }, at(1));
      expect(await store.getFollowedThread('t1')).toMatchObject({ askerId: 'u1', kind: 'answer' });
      expect(await store.getFollowedThread('t2')).toBeUndefined();
      expect(await store.markResolved('t2', T0)).toBe(false);
      expect(await store.markOtherReplied('t2', T0)).toBe(false);
    });

    it('ask-channels take a mode; adding a listed channel in another mode changes it', async () => {
      const store = await open();
      expect(await store.addAskChannel('g1', 'c1', T0)).toBe(true);
      expect(await store.addAskChannel('g1', 'c2', T0, 'thread')).toBe(true);
      expect(await store.getAskSettings('g1')).toEqual({ askChannelIds: ['c1', 'c2'], threadChannelIds: ['c2'] });
      expect(await store.addAskChannel('g1', 'c2', T0, 'thread')).toBe(false);
      expect(await store.addAskChannel('g1', 'c1', T0, 'thread')).toBe(true);
      expect(await store.addAskChannel('g1', 'c2', T0, 'reply')).toBe(true);
      expect(await store.getAskSettings('g1')).toEqual({ askChannelIds: ['c1', 'c2'], threadChannelIds: ['c1'] });
    });

    it('a database left at version 8 gains the tables, its ask-channels answered as replies', async () => {
      await backend.migrateTo(8);
      await backend.run("INSERT INTO ask_channels (guild_id, channel_id, added_at) VALUES ('g1', 'c1', 0)");
      const store = await open();
      expect(await store.getAskSettings('g1')).toEqual({ askChannelIds: ['c1'] });
      expect(await store.getHelpers('g1')).toBeUndefined();
      expect(await store.addHandoff(handoff('h1'), 3, DAY_START)).toBe(true);
    });
  });
}

onEveryBackend(handoffContract);
