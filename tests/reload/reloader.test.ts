import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLiveEngine } from '../../src/answer/liveEngine.ts';
import { KNOWLEDGE_DIR, loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';
import { KnowledgeReloader } from '../../src/reload/reloader.ts';

const SHIPPED = 'india-myanmar-rare-earths.txt';
const LITHIUM = new URL('../fixtures/reports/lithium-triangle.md', import.meta.url).pathname;

let dir: string;
let logged: Array<{ level: 'info' | 'error'; message: string; fields: object }>;

function setup() {
  const engine = createLiveEngine(loadKnowledgeBase(dir));
  const reloader = new KnowledgeReloader({
    dir,
    engine,
    load: () => loadKnowledgeBase(dir),
    debounceMs: 50,
    logger: {
      info: (fields, message) => logged.push({ level: 'info', message, fields }),
      error: (fields, message) => logged.push({ level: 'error', message, fields }),
    },
  });
  return { engine, reloader };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'knowledge-'));
  copyFileSync(join(KNOWLEDGE_DIR, SHIPPED), join(dir, SHIPPED));
  copyFileSync(join(KNOWLEDGE_DIR, 'aliases.json'), join(dir, 'aliases.json'));
  logged = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('reloading knowledge/', () => {
  it('swaps in an added report and says what changed', () => {
    const { engine, reloader } = setup();
    expect(engine.answer('What is the main challenge in Chile?').answered).toBe(false);
    copyFileSync(LITHIUM, join(dir, 'lithium-triangle.md'));
    const outcome = reloader.reload();
    expect(outcome).toMatchObject({ ok: true, summary: '1 report added (lithium-triangle.md); 52 → 63 passages' });
    expect(engine.answer('What is the main challenge in Chile?').text).toContain('Water use and community consent');
    expect(logged.at(-1)?.message).toBe('knowledge reloaded: 1 report added (lithium-triangle.md); 52 → 63 passages');
  });

  it('loads a copy of a report dropped in beside it once, so no entry is listed twice', () => {
    const { engine, reloader } = setup();
    copyFileSync(join(dir, SHIPPED), join(dir, 'copy-of-report.txt'));
    // The loader keeps the first file by name and warns naming both (tests/knowledge/duplicates.test.ts).
    expect(reloader.reload()).toMatchObject({
      ok: true,
      summary: `1 report added (copy-of-report.txt), 1 report removed (${SHIPPED}); 52 passages`,
    });
    expect(engine.kb.passages).toHaveLength(52);
    rmSync(join(dir, 'copy-of-report.txt'));
    expect(reloader.reload()).toMatchObject({
      ok: true,
      summary: `1 report added (${SHIPPED}), 1 report removed (copy-of-report.txt); 52 passages`,
    });
  });

  it('reports a changed and a removed report, and leaves an unchanged folder as it was', () => {
    const { engine, reloader } = setup();
    const before = engine.kb;
    expect(reloader.reload()).toMatchObject({ ok: true, summary: 'no report changed; 52 passages' });
    expect(engine.kb).toBe(before);
    writeFileSync(join(dir, SHIPPED), 'Short Report\nThe KIA was founded in 1961 in Kachin State.\n');
    expect(reloader.reload()).toMatchObject({ ok: true, summary: `1 report changed (${SHIPPED}); 52 → 1 passages` });
    copyFileSync(LITHIUM, join(dir, 'lithium-triangle.md'));
    reloader.reload();
    rmSync(join(dir, SHIPPED));
    expect(reloader.reload()).toMatchObject({ ok: true, summary: `1 report removed (${SHIPPED}); 12 → 11 passages` });
  });

  it.each([
    [
      'a broken aliases.json',
      () => writeFileSync(join(dir, 'aliases.json'), '{"synonyms": [['),
      'aliases.json is not valid JSON',
    ],
    [
      'aliases.json of the wrong shape',
      () => writeFileSync(join(dir, 'aliases.json'), '{"synonyms": "kia"}'),
      'aliases.json must hold',
    ],
    ['an empty report', () => writeFileSync(join(dir, 'empty.txt'), ' \n'), 'empty.txt is empty'],
    ['an unreadable report', () => mkdirSync(join(dir, 'folder.txt')), 'Cannot read'],
    ['no report left', () => rmSync(join(dir, SHIPPED)), 'No report found'],
  ])('keeps serving the old reports after %s, with one line naming the file', (_what, breakIt, expected) => {
    const { engine, reloader } = setup();
    const before = engine.kb;
    breakIt();
    const outcome = reloader.reload();
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toContain(expected);
    expect(engine.kb).toBe(before);
    expect(engine.answer('When was the KIA founded?').text).toContain('1961');
    const errors = logged.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(expected);
  });

  it('answers a stream of questions while reports are added, changed and broken: no error, no mixed answer', async () => {
    const { engine, reloader } = setup();
    const answers: Array<{ documents: string[]; document: string | undefined }> = [];
    const asking = setInterval(() => {
      const kb = engine.kb;
      const answer = engine.answer('When was the KIA founded?');
      answers.push({ documents: kb.reports.map((r) => r.title), document: answer.source?.document });
    }, 1);
    const steps = [
      () => copyFileSync(LITHIUM, join(dir, 'lithium-triangle.md')),
      () => writeFileSync(join(dir, 'aliases.json'), '{'),
      () => copyFileSync(join(KNOWLEDGE_DIR, 'aliases.json'), join(dir, 'aliases.json')),
      () => writeFileSync(join(dir, 'lithium-triangle.md'), '# Lithium\nChile has lithium. The KIA is not in Chile.\n'),
      () => rmSync(join(dir, 'lithium-triangle.md')),
    ];
    for (const step of steps) {
      step();
      reloader.reload();
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    clearInterval(asking);
    expect(answers.length).toBeGreaterThan(10);
    for (const a of answers) expect(a.documents).toContain(a.document);
    expect(engine.kb.reports.map((r) => r.file)).toEqual([SHIPPED]);
  });

  it('reloads by itself when a file in the folder changes', async () => {
    const { engine, reloader } = setup();
    reloader.watch();
    try {
      copyFileSync(LITHIUM, join(dir, 'lithium-triangle.md'));
      await vi.waitFor(() => expect(engine.kb.reports).toHaveLength(2), { timeout: 3000, interval: 20 });
    } finally {
      reloader.close();
    }
  });

  it('reloads the shipped report in under 200 ms (median of five)', () => {
    const { reloader } = setup();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      writeFileSync(join(dir, 'note.txt'), `Note ${i}\nThe KIA held talks in round ${i} of the negotiations.\n`);
      const outcome = reloader.reload();
      times.push(outcome.ms);
    }
    times.sort((a, b) => a - b);
    expect(times[2]).toBeLessThan(200);
  });
});
