import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import type { Related } from '../../src/answer/types.ts';
import { CircuitBreaker } from '../../src/generate/breaker.ts';
import { openAiClient } from '../../src/generate/client.ts';
import { FairQueue } from '../../src/generate/fairQueue.ts';
import { Generator } from '../../src/generate/generator.ts';
import { type FakeMode, type FakeOpenAi, startFakeOpenAi } from '../fake/openaiServer.ts';

const engine = createAnswerEngine();
const QUESTIONS = [
  'When was the KIA founded?',
  'What share of the global supply chain does China control?',
  'Who is Amit Kumar?',
  'Which rare earths is the Kachin region rich in?',
];
const evidenceOf = (q: string): Related[] => engine.answer(q).evidence ?? [];

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function generatorFor(mode: FakeMode, timeoutMs = 3000, breaker?: CircuitBreaker) {
  fake = await startFakeOpenAi(mode);
  const client = openAiClient({ baseUrl: fake.url, model: 'fake-model', timeoutMs });
  return new Generator(client, { timeoutMs, concurrency: 2, ...(breaker ? { breaker } : {}) });
}

describe('generated answers against a fake OpenAI-compatible server', () => {
  it.each(['faithful', 'paraphrasing'] as const)('%s answers are shown, every sentence cited', async (mode) => {
    const generator = await generatorFor(mode);
    for (const q of QUESTIONS) {
      const outcome = await generator.generate(q, evidenceOf(q), 'guild-1');
      expect(outcome, q).toMatchObject({ kind: 'shown' });
      if (outcome.kind === 'shown') expect(outcome.sentences.every((s) => s.cites.length > 0)).toBe(true);
    }
    expect(fake!.requests.every((r) => r.stream && r.model === 'fake-model')).toBe(true);
  });

  it.each([
    ['hallucinating-number', 'number'],
    ['hallucinating-name', 'name'],
    ['hallucinating-citation', 'unknown-source'],
  ] as const)('%s answers are rejected (%s), and no unchecked sentence is ever passed on', async (mode, reason) => {
    const generator = await generatorFor(mode);
    for (const q of QUESTIONS) {
      const shown: string[] = [];
      const outcome = await generator.generate(q, evidenceOf(q), 'guild-1', (text) => shown.push(text));
      expect(outcome, q).toMatchObject({ kind: 'rejected' });
      if (mode !== 'hallucinating-number' || /\d/.test(evidenceOf(q)[0]!.text))
        expect(outcome, q).toMatchObject({ reason });
      expect(shown, q).toEqual([]);
    }
  });

  it.each([
    ['failing-500', 'server-error'],
    ['failing-429', 'rate-limited'],
    ['refused-key', 'refused-key'],
    ['malformed-stream', 'malformed'],
  ] as const)('%s falls back (%s) at once', async (mode, reason) => {
    const generator = await generatorFor(mode);
    const outcome = await generator.generate(QUESTIONS[0]!, evidenceOf(QUESTIONS[0]!), 'guild-1');
    expect(outcome).toMatchObject({ kind: 'fallback', reason });
    expect(outcome.ms).toBeLessThan(2000);
  });

  it('a slow server falls back within the timeout', async () => {
    const generator = await generatorFor('slow', 400);
    const started = Date.now();
    const outcome = await generator.generate(QUESTIONS[0]!, evidenceOf(QUESTIONS[0]!), 'guild-1');
    expect(outcome).toMatchObject({ kind: 'fallback', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('stops calling a failing server for a minute, then tries again', async () => {
    let now = 1_000_000;
    const breaker = new CircuitBreaker(3, 60_000);
    fake = await startFakeOpenAi('failing-500');
    const client = openAiClient({ baseUrl: fake.url, model: 'm', timeoutMs: 2000 });
    const generator = new Generator(client, { timeoutMs: 2000, concurrency: 1, breaker, now: () => now });
    const ev = evidenceOf(QUESTIONS[0]!);
    for (let i = 0; i < 3; i++)
      expect(await generator.generate('q', ev, 'g')).toMatchObject({ reason: 'server-error' });
    expect(await generator.generate('q', ev, 'g')).toMatchObject({ kind: 'fallback', reason: 'circuit-open' });
    expect(fake.requests).toHaveLength(3);
    now += 59_000;
    expect(await generator.generate('q', ev, 'g')).toMatchObject({ reason: 'circuit-open' });
    now += 2_000;
    fake.mode = 'faithful';
    expect(await generator.generate(QUESTIONS[0]!, ev, 'g')).toMatchObject({ kind: 'shown' });
    expect(fake.requests).toHaveLength(4);
  });

  it('sends the key as a bearer token when one is set, and the numbered sources within the budget', async () => {
    fake = await startFakeOpenAi('faithful');
    const client = openAiClient({ baseUrl: fake.url, model: 'm', apiKey: 'sk-test-secret-123', timeoutMs: 2000 });
    const generator = new Generator(client, { timeoutMs: 2000, concurrency: 1 });
    await generator.generate(QUESTIONS[1]!, evidenceOf(QUESTIONS[1]!), 'g');
    const [request] = fake.requests;
    expect(request!.auth).toBe('Bearer sk-test-secret-123');
    const user = request!.messages.find((m) => m.role === 'user')!.content;
    expect(user).toMatch(/^\[1\] /m);
    expect(user.length).toBeLessThan(6000 + 1000);
    expect(request!.messages[0]!.content).toMatch(/cite|square brackets/);
  });

  it('the fake answers without streaming too', async () => {
    fake = await startFakeOpenAi('faithful');
    const openai = new OpenAI({ baseURL: fake.url, apiKey: 'k', maxRetries: 0 });
    const done = await openai.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'Sources:\n[1] (S) The KIA was established in 1961.\n\nQuestion: when?' }],
    });
    expect(done.choices[0]!.message.content).toBe('The KIA was established in 1961 [1].');
  });
});

describe('FairQueue', () => {
  it('runs at most its limit at once, and takes servers in turn', async () => {
    const queue = new FairQueue(1);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const runs = [
      queue.run('A', async () => {
        await gate;
        order.push('A1');
      }),
      queue.run('A', async () => void order.push('A2')),
      queue.run('A', async () => void order.push('A3')),
      queue.run('B', async () => void order.push('B1')),
    ];
    expect(queue.active).toBe(1);
    expect(queue.queued).toBe(3);
    release();
    await Promise.all(runs);
    expect(order).toEqual(['A1', 'A2', 'B1', 'A3']);
  });

  it('gives up a waiting place when its deadline passes', async () => {
    const queue = new FairQueue(1);
    let release!: () => void;
    const first = queue.run('A', () => new Promise<void>((r) => (release = r)));
    const abort = new AbortController();
    const waiting = queue.run('B', async () => 'ran', abort.signal);
    abort.abort(new Error('late'));
    await expect(waiting).rejects.toThrow('late');
    expect(queue.queued).toBe(0);
    release();
    await first;
  });
});
