import { afterEach, describe, expect, it } from 'vitest';
import { evaluateGenerated, percentile } from '../../src/eval/generated.ts';
import { type FakeMode, type FakeOpenAi, startFakeOpenAi } from '../fake/openaiServer.ts';
import { engine } from '../helpers.ts';
import { generatorAt } from './helpers.ts';

const CASES = [
  { q: 'When was the KIA founded?', expect: ['1961'] },
  { q: 'Who is Amit Kumar?', expect: ['Takshashila'] },
  { q: 'What is the capital of France?', refuse: true, kind: 'off-topic' as const },
];

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function evaluateWith(mode: FakeMode) {
  fake = await startFakeOpenAi(mode);
  const generator = generatorAt(fake.url);
  return evaluateGenerated(engine, CASES, generator);
}

describe('npm run eval -- --generated', () => {
  it('counts faithful answers as shown and right, and sends no off-topic question', async () => {
    const r = await evaluateWith('faithful');
    expect(r).toMatchObject({ answerable: 2, generatedRight: 2, extractiveRight: 2, sent: 2, shown: 2, rejected: 0 });
    expect(r.generatedRefused).toBe(1);
    expect(fake!.requests).toHaveLength(2);
    expect(r.generatedMs).toHaveLength(3);
  });

  it('counts rejected sentences and fallbacks, the extractive answer standing in for them', async () => {
    const rejected = await evaluateWith('hallucinating-name');
    expect(rejected).toMatchObject({ rejected: 2, sentencesRejected: 2, generatedRight: 2 });
    await fake!.close();
    const failing = await evaluateWith('failing-500');
    expect(failing).toMatchObject({ fallbacks: 2, fallbackReasons: { 'server-error': 2 }, generatedRight: 2 });
  });

  it('percentiles by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.99)).toBe(99);
    expect(percentile([], 0.5)).toBe(0);
  });
});
