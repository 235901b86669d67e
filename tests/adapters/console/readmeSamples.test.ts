import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLine } from '../../../src/adapters/console/console.ts';
import { readmeSamples, SAMPLE_FILES, withSamplesFrom } from '../../../src/adapters/console/readmeSamples.ts';
import { commands, engine } from '../../helpers.ts';

const read = (name: string) => readFileSync(resolve(import.meta.dirname, '../../..', name), 'utf8');
const docs = readmeSamples(read('docs/commands.md'));
const readme = readmeSamples(read('README.md'));

describe('the console samples in docs/commands.md and the README', () => {
  it('checks exactly the files npm run readme-samples rewrites', () => {
    expect(SAMPLE_FILES).toEqual(['README.md', 'docs/commands.md']);
  });

  it('finds the samples of every command docs/commands.md shows', () => {
    expect(docs.map((s) => s.line)).toEqual([
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

  it('finds the README’s picture of the console and its three samples', () => {
    expect(readme.map((s) => s.line)).toEqual([
      'When was the KIA founded?',
      '/timeline when:Sept 2025',
      '/market Australia',
      'When was IREL founded?',
    ]);
  });

  it.each([...readme, ...docs])(
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
