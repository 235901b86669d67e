/**
 * Text members and admins type reaches the database the same on every backend: Postgres refuses a NUL
 * in text, SQLite would keep it, so the services drop control characters before storing.
 */
import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import { createFaqService } from '../../src/faq/service.ts';
import { sharedFaqModel } from '../../src/faq/threshold.ts';
import { createInsightsService } from '../../src/insights/service.ts';
import { onEveryBackend, type StoreBackend } from './backends.ts';
import { storesPerTest } from './storesPerTest.ts';

const T0 = new Date('2026-12-01T10:00:00Z');
const kb = createAnswerEngine().kb;

onEveryBackend((backend: StoreBackend) => {
  describe(`${backend.name}: control characters`, () => {
    const open = storesPerTest(backend);

    it('a question, a 👎 comment and a curated answer holding NUL and other controls are stored without them', async () => {
      const store = await open();
      const insights = createInsightsService({ store, retentionDays: 90 });
      const id = await insights.recordQuestion(
        'g1',
        {
          question: 'When was\u0000 the KIA\u0007 founded?',
          answered: true,
          kind: 'passage',
          source: 'Report › History',
        },
        T0,
      );
      expect(id).toBeDefined();
      expect((await store.getQuestion(id!))?.question).toBe('When was the KIA founded?');
      expect(await insights.vote(id!, 'g1', 'u1', 'down', T0)).toMatchObject({ kind: 'voted' });
      expect(await insights.comment(id!, 'g1', 'u1', 'wrong\u0000 year\nand\tsource', T0)).toEqual({
        kind: 'commented',
      });
      expect((await store.votesSince('g1', new Date(T0.getTime() - 1))).map((v) => v.comment)).toEqual([
        'wrong year\nand\tsource',
      ]);

      const faq = createFaqService({ store, settings: sharedFaqModel(), now: () => T0 });
      const added = await faq.add('g1', 'Where are the\u0000 rules?', 'In #rules.\u0000', kb);
      expect(added.title).toMatch(/^Curated answer #\d+ added$/);
      expect((await store.listCurated('g1')).map((c) => [c.phrasings, c.answer])).toEqual([
        [['Where are the rules?'], 'In #rules.'],
      ]);
    });
  });
});
