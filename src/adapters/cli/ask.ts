/**
 * npm run ask -- "question"            prints the answer for a person
 * npm run --silent ask -- --json "q"   prints one JSON object
 * npm run --silent ask -- --json < questions.txt   one JSON object per input line, in order
 */
import { createInterface } from 'node:readline';
import { commands } from '../../../commands/index.ts';
import { createAnswerEngine } from '../../answer/engine.ts';
import { execute } from '../../bot/execute.ts';
import { findCommand, SLASH } from '../../bot/registry.ts';
import { renderText } from '../../reply/renderText.ts';
import { answerJson } from './answerJson.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const question = args.filter((a) => a !== '--json').join(' ');
const engine = createAnswerEngine();
const ask = findCommand(commands, 'ask', SLASH)!;
const context = { engine, user: { id: 'cli', name: 'cli' }, canManageGuild: false, now: new Date(), services: {} };

// People get the same reply /ask gives, as the console shows it; scripts get the answer itself, with its confidence.
const render = async (q: string) =>
  json ? answerJson(engine.answer(q)) : renderText(await execute(ask, { question: q }, context));

if (question !== '') {
  process.stdout.write(`${await render(question)}\n`);
} else {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) process.stdout.write(`${await render(line)}\n${json ? '' : '\n'}`);
}
