import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { duplicateWarning, withoutDuplicates } from '../../src/knowledge/duplicates.ts';
import { KNOWLEDGE_DIR, loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';

const SHIPPED = join(KNOWLEDGE_DIR, 'india-myanmar-rare-earths.txt');
const root = (path: string) => new URL(`../../${path}`, import.meta.url).pathname;

describe('a report that copies another is loaded once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duplicates-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const copy = join(dir, 'india-myanmar-rare-earths (1).txt');
  const edited = join(dir, 'rare-earths-edited.txt');
  copyFileSync(SHIPPED, copy);
  writeFileSync(edited, readFileSync(SHIPPED, 'utf8').replace('established in 1961', 'established in 1962'));

  it('with a warning naming both files, for a byte-for-byte copy and a copy with one word changed', () => {
    const warnings: Array<{ fields: object; message: string }> = [];
    const kb = loadKnowledgeBase([KNOWLEDGE_DIR, dir], {
      warn: (fields, message) => warnings.push({ fields, message }),
    });
    expect(kb.reports.map((r) => r.file)).toEqual(['india-myanmar-rare-earths.txt']);
    expect(kb.passages).toHaveLength(52);
    expect(warnings).toEqual([
      {
        fields: { file: copy, duplicateOf: SHIPPED },
        message: `${copy} is the same text as ${SHIPPED}: loaded once, from ${SHIPPED}. Remove one of the two files.`,
      },
      {
        fields: { file: edited, duplicateOf: SHIPPED },
        message: `${edited} is 99% the same text as ${SHIPPED}: loaded once, from ${SHIPPED}. Remove one of the two files.`,
      },
    ]);
  });
});

describe('duplicate detection', () => {
  const shipped = readFileSync(SHIPPED, 'utf8');

  it('sets aside case, spacing and punctuation', () => {
    const rewrapped = shipped.toUpperCase().replace(/\n/g, '\r\n\r\n').replace(/,/g, ' ');
    const { unique, duplicates } = withoutDuplicates([
      { name: 'a.txt', raw: shipped },
      { name: 'b.md', raw: rewrapped },
    ]);
    expect(unique.map((f) => f.name)).toEqual(['a.txt']);
    expect(duplicates).toEqual([{ name: 'b.md', of: 'a.txt', similarity: 1 }]);
  });

  it('keeps reports that share a template, headings and a disclaimer but not their text', () => {
    const files = [
      'knowledge/india-myanmar-rare-earths.txt',
      'tests/fixtures/second-report/indonesia-nickel.txt',
      'tests/fixtures/training-report/vietnam-rare-earths.txt',
      'tests/fixtures/reports/lithium-triangle.md',
      'tests/fixtures/cobalt-report/congo-cobalt.txt',
      'tests/fixtures/greenland-report/greenland-rare-earths.txt',
    ].map((name) => ({ name, raw: readFileSync(root(name), 'utf8') }));
    const { unique, duplicates } = withoutDuplicates(files);
    expect(duplicates).toEqual([]);
    expect(unique).toHaveLength(6);
  });

  it('rounds a near copy down, so that only the same text reads "the same text"', () => {
    expect(duplicateWarning({ name: 'b.txt', of: 'a.txt', similarity: 0.996 })).toBe(
      'b.txt is 99% the same text as a.txt: loaded once, from a.txt. Remove one of the two files.',
    );
  });
});
