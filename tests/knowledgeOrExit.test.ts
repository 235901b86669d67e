import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadKnowledgeBase } from '../src/knowledge/loadKnowledge.ts';
import { knowledgeOrExit } from '../src/knowledgeOrExit.ts';

/** npm run ask and npm start with no report: one line and exit 1 (npm run smoke runs both as processes). */
describe('knowledgeOrExit', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives one line naming the folder and what to do, and exits 1, when knowledge/ has no report', () => {
    const empty = mkdtempSync(join(tmpdir(), 'report-bot-empty-'));
    const lines: string[] = [];
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    try {
      expect(() =>
        knowledgeOrExit(
          () => loadKnowledgeBase(empty),
          (line) => lines.push(line),
        ),
      ).toThrow('exit 1');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(exit).toHaveBeenCalledWith(1);
    expect(lines).toEqual([
      `Could not load the reports in knowledge/: No report found in ${empty}: add a .txt or .md file.`,
    ]);
  });

  it('returns what loads', () => {
    expect(knowledgeOrExit(() => 42)).toBe(42);
  });
});
