import { describe, expect, it } from 'vitest';
import { runLine } from '../../src/adapters/console/console.ts';
import { commands, engine } from '../helpers.ts';
import { useFaq } from './helpers.ts';

const setup = useFaq();

describe('/faq in the console, which counts as one server', () => {
  it('curates, lists and answers console questions with the curated answer', async () => {
    const { faq, store } = setup();
    const options = { engine, commands, services: { faq } };
    const added = await runLine(
      '/faq add question:When is the next community call? | When do we meet next? answer:First Thursday, 18:00 UTC.',
      options,
    );
    expect(added).toMatch(/^Curated answer #\d+ added/);
    expect((await store.listCurated('console')).map((r) => r.phrasings)).toEqual([
      ['When is the next community call?', 'When do we meet next?'],
    ]);
    expect(await runLine('/faq list', options)).toContain('When is the next community call?');
    const asked = await runLine('/ask question:wen is teh next comunity call', options);
    expect(asked).toContain('First Thursday, 18:00 UTC.');
    expect(asked).toContain("— Curated by this server's admins");
    const report = await runLine('/ask question:When was the virtual meeting with the KIA?', options);
    expect(report).toContain('July 2025');
    expect(report).not.toContain('Curated');
  });
});
