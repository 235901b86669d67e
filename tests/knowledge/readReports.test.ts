import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import { KNOWLEDGE_DIR, loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';

const SHIPPED = 'india-myanmar-rare-earths.txt';
const LOADER = new URL('../../src/knowledge/loadKnowledge.ts', import.meta.url).pathname;

let dir: string;
let outside: string;
let warned: { fields: object; message: string }[];
const warn = (fields: object, message: string) => void warned.push({ fields, message });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'knowledge-'));
  outside = mkdtempSync(join(tmpdir(), 'outside-'));
  copyFileSync(join(KNOWLEDGE_DIR, SHIPPED), join(dir, SHIPPED));
  warned = [];
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const titles = () => loadKnowledgeBase(dir, { warn }).reports.map((r) => r.file);

describe('knowledge/ holds reports, nothing else', () => {
  it('refuses a link to a file outside the folder, and /ask cannot answer from it', () => {
    writeFileSync(
      join(outside, 'passwd'),
      'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
    );
    symlinkSync(join(outside, 'passwd'), join(dir, 'passwd.txt'));
    symlinkSync('/etc/passwd', join(dir, 'etc.txt'));

    const kb = loadKnowledgeBase(dir, { warn });

    expect(kb.reports.map((r) => r.file)).toEqual([SHIPPED]);
    expect(warned.map((w) => w.message)).toEqual([
      `${join(dir, 'etc.txt')} skipped: it is a link to a file outside the folder`,
      `${join(dir, 'passwd.txt')} skipped: it is a link to a file outside the folder`,
    ]);
    expect(JSON.stringify(createAnswerEngine(kb).answer('root'))).not.toContain('/bin/bash');
  });

  it('still reads a link to another report inside the folder, as the one report it is', () => {
    symlinkSync(join(dir, SHIPPED), join(dir, 'alias.txt'));
    // Not refused as a link out of the folder: read, and loaded once as the copy it is.
    expect(titles()).toEqual(['alias.txt']);
    expect(warned.map((w) => w.message)).toEqual([
      `${join(dir, SHIPPED)} is the same text as ${join(dir, 'alias.txt')}: loaded once, from ${join(dir, 'alias.txt')}. Remove one of the two files.`,
    ]);
  });

  it('refuses a binary file and a file that is not UTF-8, each with one line naming it', () => {
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7) % 32; // Control bytes: valid UTF-8, still no text.
    writeFileSync(join(dir, 'blob.txt'), binary);
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 au lait: a report saved as Latin-1.\n', 'latin1'));

    expect(titles()).toEqual([SHIPPED]);
    expect(warned.map((w) => w.message)).toEqual([
      `${join(dir, 'blob.txt')} skipped: it looks binary, not a text report (remove it, or export the report as text)`,
      `${join(dir, 'latin1.txt')} skipped: it is not UTF-8 text (save it as UTF-8, or remove it)`,
    ]);
  });

  it('strips bidi controls and NUL at ingestion, so no answer or footer carries them', () => {
    const shipped = loadKnowledgeBase(join(KNOWLEDGE_DIR), { warn }).reports[0]!;
    const text = `Kachin\u202e Notes\u0000\nThe KIA\u2066 was founded in 1961.\u200f\u0000 Dysprosium\u202a is a heavy rare earth.\n`;
    writeFileSync(join(dir, 'kachin.txt'), text);

    const kb = loadKnowledgeBase(dir, { warn });

    const everything = JSON.stringify([kb.reports, kb.passages, kb.entities, kb.timeline, kb.tables]);
    expect(everything).not.toMatch(/\\u0000|[\u202a-\u202e\u2066-\u2069\u200e\u200f]/);
    expect(everything).toContain('founded in 1961');
    expect(kb.reports.find((r) => r.file === SHIPPED)?.title).toBe(shipped.title);
    expect(warned).toEqual([]);
  });

  it('warns about a large report with its size and the load time', () => {
    writeFileSync(join(dir, 'big.txt'), `Big Report\n${'Dysprosium is a heavy rare earth. '.repeat(2_000)}\n`);

    loadKnowledgeBase(dir, { warn, largeReportBytes: 50_000 });

    expect(warned).toHaveLength(1);
    expect(warned[0]?.message).toMatch(
      new RegExp(`^${join(dir, 'big.txt')} is 0\\.1 MB, a large report: loading the reports took \\d+\\.\\d s$`),
    );
    expect(warned[0]?.fields).toMatchObject({ bytes: 68_012, loadMs: expect.any(Number) });
  });

  it('never blocks on a FIFO: it is refused without being opened for a blocking read', () => {
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    // In a child process: were the FIFO opened, the read would block the whole process, test runner included.
    const script = `import { loadKnowledgeBase } from ${JSON.stringify(LOADER)};
      const kb = loadKnowledgeBase(${JSON.stringify(dir)}, { warn: (_f, m) => console.log(m) });
      console.log(kb.reports.map((r) => r.file).join(','));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 25_000,
      killSignal: 'SIGKILL',
    });

    expect(child.signal, 'the load blocked on the FIFO').toBeNull();
    expect(child.stdout.trim().split('\n')).toEqual([
      `${join(dir, 'pipe.txt')} skipped: it is a named pipe (FIFO), not a report`,
      SHIPPED,
    ]);
  }, 30_000);
});
