/**
 * npm run eval [-- FILE] [-- --baseline]: how well the answer engine does on an evaluation
 * set (tests/eval/questions.jsonl by default), then every miss. --baseline scores the naive
 * Fuse.js-over-lines approach instead, for comparison.
 */
import { join } from 'node:path';
import { createAnswerEngine } from '../src/answer/engine.ts';
import { baselineEngine } from '../src/eval/baseline.ts';
import { evaluate, readCases, share } from '../src/eval/evaluate.ts';
import { KNOWLEDGE_DIR } from '../src/knowledge/loadKnowledge.ts';

const args = process.argv.slice(2);
const baseline = args.includes('--baseline');
const file = args.find((a) => !a.startsWith('--')) ?? new URL('../tests/eval/questions.jsonl', import.meta.url).pathname;
const engine = createAnswerEngine();
const subject = baseline ? baselineEngine(engine.kb, engine.kb.reports.map((r) => join(KNOWLEDGE_DIR, r.file))) : engine;
const result = evaluate(subject, readCases(file));
const pct = (n: number, of: number) => `${(share(n, of) * 100).toFixed(1)}% (${n}/${of})`;

if (!baseline) {
  for (const miss of result.misses) {
    console.log(`MISS ${JSON.stringify(miss.case.q)}: ${miss.why}\n     got: ${miss.answer.answer.slice(0, 160)}`);
  }
  console.log(`misses: ${result.misses.length}`);
}
console.log(`answered correctly: ${pct(result.answeredCorrectly, result.answerable)}${baseline ? ' (naive baseline)' : ''}`);
console.log(`refused correctly: ${pct(result.refusedCorrectly, result.offTopic)}${baseline ? ' (naive baseline)' : ''}`);
