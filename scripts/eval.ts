/** Prints how well the answer engine does on tests/eval/questions.jsonl, then every miss. */
import { createAnswerEngine } from '../src/answer/engine.ts';
import { evaluate, readCases, share } from '../src/eval/evaluate.ts';

const file = process.argv[2] ?? new URL('../tests/eval/questions.jsonl', import.meta.url).pathname;
const result = evaluate(createAnswerEngine(), readCases(file));
const pct = (n: number, of: number) => `${(share(n, of) * 100).toFixed(1)}% (${n}/${of})`;

for (const miss of result.misses) {
  console.log(`MISS ${JSON.stringify(miss.case.q)}: ${miss.why}\n     got: ${miss.answer.answer.slice(0, 160)}`);
}
console.log(`misses: ${result.misses.length}`);
console.log(`answered correctly: ${pct(result.answeredCorrectly, result.answerable)}`);
console.log(`refused correctly: ${pct(result.refusedCorrectly, result.offTopic)}`);
