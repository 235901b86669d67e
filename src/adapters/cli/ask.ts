/**
 * npm run ask -- "question"            prints the answer for a person
 * npm run --silent ask -- --json "q"   prints one JSON object
 * npm run --silent ask -- --json < questions.txt   one JSON object per input line, in order
 */
import { createInterface } from 'node:readline';
import { createAnswerEngine } from '../../answer/engine.ts';
import { answerJson, formatAnswer } from './answerJson.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const question = args.filter((a) => a !== '--json').join(' ');
const engine = createAnswerEngine();
const render = (q: string) => {
  const answer = engine.answer(q);
  return json ? answerJson(answer) : formatAnswer(answer);
};

if (question !== '') {
  process.stdout.write(`${render(question)}\n`);
} else {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) process.stdout.write(`${render(line)}\n${json ? '' : '\n'}`);
}
