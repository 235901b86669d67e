import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../src/answer/engine.ts';
import { evaluate, readCases, share } from '../src/eval/evaluate.ts';

const engine = createAnswerEngine();

const load = (file: string) => readCases(new URL(`./eval/${file}`, import.meta.url).pathname);

it('the main set has at least 80 questions, 20 of them off-topic', () => {
  const cases = load('questions.jsonl');
  expect(cases.length).toBeGreaterThanOrEqual(80);
  expect(cases.filter((c) => c.refuse).length).toBeGreaterThanOrEqual(20);
});

// heldout.jsonl was written from the report alone, without sight of the engine, and is not tuned against.
describe.each(['questions.jsonl', 'heldout.jsonl'])('evaluation set %s', (file) => {
  const result = evaluate(engine, load(file));
  const misses = result.misses.map((m) => `${m.case.q} → ${m.why}`);

  it('answers at least 95% correctly', () => {
    expect(share(result.answeredCorrectly, result.answerable), misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('refuses at least 95% of off-topic questions', () => {
    expect(share(result.refusedCorrectly, result.offTopic), misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});
