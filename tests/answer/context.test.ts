import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import { withContext } from '../../src/answer/propose/passages.ts';
import { loadReportFile } from '../../src/knowledge/loadKnowledge.ts';

const kb = loadReportFile('tests/fixtures/cobalt-report/congo-cobalt.txt');
const passage = (start: string) => kb.passages.find((p) => p.text.startsWith(start))!;

describe('an answer read in its context', () => {
  it('takes the sentence that continues it ("He added …")', () => {
    const quote = passage('“Every tonne held back at the border');
    expect(withContext(kb, quote)).toBe(
      `${quote.text} He added that the US deal will only succeed if American buyers can match Chinese buyers on price.`,
    );
  });

  it('takes the sentence after a list or quote it introduces, but never past a reply’s length', () => {
    const list = passage('Key provisions of the agreement include:');
    const next = kb.passages[list.id + 1]!;
    expect(next.text.startsWith('It also commits Washington')).toBe(true);
    // Together they would pass 400 characters: the list stands alone.
    expect(list.text.length + next.text.length).toBeGreaterThan(400);
    expect(withContext(kb, list)).toBe(list.text);
  });

  it('leaves a sentence that stands on its own alone', () => {
    const alone = passage('Kinshasa plans to review the quota levels');
    expect(withContext(kb, alone)).toBe(alone.text);
  });

  it('answers who said a quote with the quote and what the speaker added', () => {
    const a = createAnswerEngine(kb).answer('who said a tonne held back at the border will be moved at night?');
    expect(a.answered).toBe(true);
    expect(a.text).toContain('Tom Hargreaves');
    expect(a.text).toContain('He added that the US deal');
  });
});
