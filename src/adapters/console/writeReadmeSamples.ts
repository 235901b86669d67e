/**
 * npm run readme-samples: rewrites the console samples in README.md and docs/commands.md from the
 * console itself.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { commands } from '../../../commands/index.ts';
import { createAnswerEngine } from '../../answer/engine.ts';
import { runLine } from './console.ts';
import { readmeSamples, SAMPLE_FILES, withSamplesFrom } from './readmeSamples.ts';

const engine = createAnswerEngine();
for (const name of SAMPLE_FILES) {
  const file = resolve(import.meta.dirname, '../../..', name);
  const before = readFileSync(file, 'utf8');
  // No daily service: its posts change with the date, so the docs show none of them.
  const after = await withSamplesFrom(before, (line) => runLine(line, { engine, commands, services: {} }));
  if (after !== before) writeFileSync(file, after);
  const count = readmeSamples(after).length;
  console.log(`${name}: ${count} samples, ${after === before ? 'all up to date' : 'rewritten'}.`);
}
