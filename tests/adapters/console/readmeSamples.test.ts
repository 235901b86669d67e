import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLine } from '../../../src/adapters/console/console.ts';
import { readmeSamples, withSamplesFrom } from '../../../src/adapters/console/readmeSamples.ts';
import { commands, engine } from '../../helpers.ts';

const README = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
const samples = readmeSamples(README);

describe('the README’s console samples', () => {
  it('finds the samples of every command the README shows', () => {
    expect(samples.map((s) => s.line)).toEqual([
      '/ask When was the KIA founded?',
      'who is the KIA',
      'When was IREL founded?',
      'Which countries have advanced processing capability?',
      'Who won the 2022 World Cup?',
      '/timeline when:Sept 2025',
      '/compare China other:India',
      '/market Australia',
      '/benefits',
      '/summary',
    ]);
  });

  it.each(samples)(
    'shows exactly what the console prints for $line (npm run readme-samples rewrites them)',
    async ({ line, shown }) => {
      expect(shown).toBe(`${await runLine(line, { engine, commands, services: {} })}\n`);
    },
  );
});

describe('rewriting the samples', () => {
  const readme = [
    'Intro',
    '<!-- sample -->',
    '```',
    'report> /one',
    'stale output',
    '```',
    '```',
    'report> /not-marked',
    'left alone',
    '```',
    '<!-- sample -->',
    '```',
    'report> /two',
    '```',
    '',
  ].join('\n');

  it('replaces each marked block’s output with what its line prints, and nothing else', async () => {
    const rewritten = await withSamplesFrom(readme, async (line) => `out of ${line}\nsecond line`);
    expect(rewritten).toBe(
      readme
        .replace('stale output\n', 'out of /one\nsecond line\n')
        .replace('report> /two\n', 'report> /two\nout of /two\nsecond line\n'),
    );
    expect(readmeSamples(rewritten)).toEqual([
      { line: '/one', shown: 'out of /one\nsecond line\n' },
      { line: '/two', shown: 'out of /two\nsecond line\n' },
    ]);
  });
});
