/** npm run readme-samples: rewrites README.md's console samples from the console itself. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { commands } from '../../../commands/index.ts';
import { createAnswerEngine } from '../../answer/engine.ts';
import { runLine } from './console.ts';
import { readmeSamples, withSamplesFrom } from './readmeSamples.ts';

const file = resolve(import.meta.dirname, '../../../README.md');
const before = readFileSync(file, 'utf8');
const engine = createAnswerEngine();
// No daily service: its posts change with the date, so the README shows none of them.
const after = await withSamplesFrom(before, (line) => runLine(line, { engine, commands, services: {} }));
if (after !== before) writeFileSync(file, after);
const count = readmeSamples(after).length;
console.log(`README.md: ${count} samples, ${after === before ? 'all up to date' : 'rewritten'}.`);
