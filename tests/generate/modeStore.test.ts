import { describe, expect, it } from 'vitest';
import { onEveryBackend, type StoreBackend } from '../store/backends.ts';
import { storesPerTest } from '../store/storesPerTest.ts';

const T0 = new Date('2026-12-07T10:00:00Z');

function answerModeContract(backend: StoreBackend): void {
  describe(`${backend.name}: each server's answer mode`, () => {
    const open = storesPerTest(backend);

    it('is extractive until a server chooses, per server, and another process sees the choice', async () => {
      const a = await open();
      const b = await open();
      expect(await a.getAnswerMode('g1')).toBe('extractive');
      await a.setAnswerMode('g1', 'generated', T0);
      expect(await b.getAnswerMode('g1')).toBe('generated');
      expect(await b.getAnswerMode('g2')).toBe('extractive');
      await b.setAnswerMode('g1', 'extractive', T0);
      expect(await a.getAnswerMode('g1')).toBe('extractive');
    });

    it('a database left at version 6 gains the table, every server extractive', async () => {
      await backend.migrateTo(6);
      const store = await open();
      expect(await store.getAnswerMode('g1')).toBe('extractive');
      await store.setAnswerMode('g1', 'generated', T0);
      expect(await store.getAnswerMode('g1')).toBe('generated');
    });

    it('reads an unknown stored mode as extractive', async () => {
      const store = await open();
      await backend.run("INSERT INTO answer_modes (guild_id, mode, updated_at) VALUES ('g3', 'poetry', 0)");
      expect(await store.getAnswerMode('g3')).toBe('extractive');
    });
  });
}

onEveryBackend(answerModeContract);
