/**
 * What every store must do for curated answers and per-server settings, whatever database is
 * behind it: tests/faq/store.test.ts runs it on every backend (tests/store/backends.ts).
 */
import { describe, expect, it } from 'vitest';
import type { StoreBackend } from '../store/backends.ts';
import { storesPerTest } from '../store/storesPerTest.ts';

const T0 = new Date('2026-12-01T10:00:00Z');
const T1 = new Date('2026-12-01T11:00:00Z');

export function faqStoreContract(backend: StoreBackend): void {
  describe(`${backend.name}: curated answers and per-server settings`, () => {
    const open = storesPerTest(backend);

    it('adds, lists, edits and removes a curated answer, and another process sees each step', async () => {
      const a = await open();
      const b = await open();
      const added = await a.addCurated('g1', ['When is the call?', 'Next call?'], 'Thursdays 18:00 UTC', T0);
      expect(added).toMatchObject({
        guildId: 'g1',
        phrasings: ['When is the call?', 'Next call?'],
        answer: 'Thursdays 18:00 UTC',
      });
      expect(added.createdAt).toEqual(T0);
      expect(await b.listCurated('g1')).toEqual([added]);

      const edited = await b.updateCurated('g1', added.id, { phrasings: ['When is the call?'], answer: 'Fridays' }, T1);
      expect(edited).toMatchObject({ id: added.id, phrasings: ['When is the call?'], answer: 'Fridays' });
      expect(edited?.createdAt).toEqual(T0);
      expect(edited?.updatedAt).toEqual(T1);
      expect((await a.listCurated('g1'))[0]?.answer).toBe('Fridays');

      expect(await a.removeCurated('g1', added.id)).toBe(true);
      expect(await b.removeCurated('g1', added.id)).toBe(false);
      expect(await b.listCurated('g1')).toEqual([]);
    });

    it('keeps every server to its own curated answers: an id from another server reads, edits and removes nothing', async () => {
      const store = await open();
      const mine = await store.addCurated('g1', ['Where are the rules?'], 'In #rules', T0);
      const theirs = await store.addCurated('g2', ['Where are the rules?'], 'Pinned in #general', T0);
      expect(mine.id).not.toBe(theirs.id);
      expect((await store.listCurated('g1')).map((r) => r.answer)).toEqual(['In #rules']);
      expect((await store.listCurated('g2')).map((r) => r.answer)).toEqual(['Pinned in #general']);
      expect(await store.updateCurated('g1', theirs.id, { phrasings: ['x?'], answer: 'hijacked' }, T1)).toBeUndefined();
      expect(await store.removeCurated('g1', theirs.id)).toBe(false);
      expect((await store.listCurated('g2'))[0]?.answer).toBe('Pinned in #general');
      expect(await store.listCurated('g3')).toEqual([]);
    });

    it('keeps phrasings and answers exactly as given: order, quotes, Markdown, emoji and 1,000 characters', async () => {
      const store = await open();
      const phrasings = ['What\'s "the" rule?', '`code` **bold** 🙂', 'ąčę | 漢字'];
      const answer = `${'x'.repeat(990)} @everyone`;
      const added = await store.addCurated('g1', phrasings, answer, T0);
      const [read] = await (await open()).listCurated('g1');
      expect(read?.phrasings).toEqual(phrasings);
      expect(read?.answer).toBe(answer);
      expect(read?.id).toBe(added.id);
    });

    it('lists curated answers oldest first', async () => {
      const store = await open();
      const first = await store.addCurated('g1', ['one?'], '1', T0);
      const second = await store.addCurated('g1', ['two?'], '2', T1);
      expect((await store.listCurated('g1')).map((r) => r.id)).toEqual([first.id, second.id]);
    });

    it('keeps each server its own ask-channels and cooldown, and another process sees them', async () => {
      const a = await open();
      const b = await open();
      expect(await a.getAskSettings('g1')).toEqual({ askChannelIds: [] });
      expect(await a.addAskChannel('g1', 'c1', T0)).toBe(true);
      expect(await b.addAskChannel('g1', 'c1', T1)).toBe(false);
      expect(await a.addAskChannel('g1', 'c2', T1)).toBe(true);
      expect(await a.addAskChannel('g2', 'c9', T0)).toBe(true);
      await b.setAskCooldown('g1', 12, T0);
      expect(await b.getAskSettings('g1')).toEqual({ askChannelIds: ['c1', 'c2'], cooldownSeconds: 12 });
      await a.setAskCooldown('g1', 0, T1);
      expect(await b.getAskSettings('g1')).toEqual({ askChannelIds: ['c1', 'c2'], cooldownSeconds: 0 });
      expect(await a.getAskSettings('g2')).toEqual({ askChannelIds: ['c9'] });

      expect(await b.removeAskChannel('g1', 'c1')).toBe(true);
      expect(await a.removeAskChannel('g1', 'c1')).toBe(false);
      expect(await a.removeAskChannel('g1', 'c9')).toBe(false);
      expect((await a.getAskSettings('g1')).askChannelIds).toEqual(['c2']);
    });

    it('says Message Content is needed while any server lists an ask-channel or answers a forum', async () => {
      const store = await open();
      expect(await store.needsMessageContent()).toBe(false);
      await store.setAskCooldown('g1', 5, T0);
      expect(await store.needsMessageContent()).toBe(false);
      await store.addAskChannel('g1', 'c1', T0);
      expect(await store.needsMessageContent()).toBe(true);
      await store.removeAskChannel('g1', 'c1');
      expect(await store.needsMessageContent()).toBe(false);
      await store.setForumChannel('g2', 'f1', T0);
      expect(await (await open()).needsMessageContent()).toBe(true);
    });
  });
}
