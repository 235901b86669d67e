import { afterEach, describe, expect, it } from 'vitest';
import { openAiClient } from '../../src/generate/client.ts';
import { Generator } from '../../src/generate/generator.ts';
import type { AnswerMode, AnswerModeStore } from '../../src/generate/modeStore.ts';
import { createGenerationService, type GenerationEvent } from '../../src/generate/service.ts';
import { renderText } from '../../src/reply/renderText.ts';
import { type FakeMode, type FakeOpenAi, startFakeOpenAi } from '../fake/openaiServer.ts';
import { context, engine, run } from '../helpers.ts';

/** /ask end to end through the real command, the real generator and the fake server over HTTP. */
function memoryModes(initial: Record<string, AnswerMode> = {}): AnswerModeStore {
  const modes = new Map(Object.entries(initial));
  return {
    getAnswerMode: async (g) => modes.get(g) ?? 'extractive',
    setAnswerMode: async (g, m) => void modes.set(g, m),
  };
}

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setUp(mode: FakeMode, serverMode: AnswerMode = 'generated', timeoutMs = 2000) {
  fake = await startFakeOpenAi(mode);
  fake.slowMs = 10_000;
  const events: GenerationEvent[] = [];
  const generator = new Generator(openAiClient({ baseUrl: fake.url, model: 'm', timeoutMs }), {
    timeoutMs,
    concurrency: 2,
  });
  const generation = createGenerationService({
    store: memoryModes({ '2000': serverMode }),
    generator,
    now: () => new Date(),
    record: (e) => events.push(e),
  });
  const ctx = context({ services: { generation } });
  return { ctx, events, generation };
}

const Q = 'When was the KIA founded?';
const extractive = () => engine.answer(Q).text;

describe('/ask with generated answers', () => {
  it('shows a faithful answer with its sources as source lines', async () => {
    const { ctx, events } = await setUp('faithful');
    const reply = await run('ask', { question: Q }, ctx);
    expect(reply.text).toMatch(/1961.*\[1\]/);
    expect(reply.source).toMatch(/^\[1\] .+ › .+/);
    expect(events.map((e) => e.outcome.kind)).toEqual(['shown']);
    expect(renderText(reply)).toContain('[1]');
  });

  it('shows a paraphrase', async () => {
    const { ctx } = await setUp('paraphrasing');
    const reply = await run('ask', { question: 'Which rare earths is the Kachin region rich in?' }, ctx);
    expect(reply.text).toMatch(/dysprosium.*\[1\]/);
  });

  it.each(['hallucinating-number', 'hallucinating-name', 'hallucinating-citation'] as const)(
    'rejects a %s answer: the member gets the extractive answer, and the sentence is recorded',
    async (mode) => {
      const { ctx, events } = await setUp(mode);
      const reply = await run('ask', { question: Q }, ctx);
      expect(reply.text).toBe(extractive());
      expect(events[0]!.outcome).toMatchObject({ kind: 'rejected' });
      expect(events[0]!.outcome.kind === 'rejected' && events[0]!.outcome.sentence).toMatch(/KIA/);
    },
  );

  it.each(['failing-500', 'failing-429', 'malformed-stream', 'refused-key'] as const)(
    '%s: the extractive answer, with no visible error',
    async (mode) => {
      const { ctx } = await setUp(mode);
      const reply = await run('ask', { question: Q }, ctx);
      expect(reply.text).toBe(extractive());
      expect(reply.tone).toBe('answer');
    },
  );

  it('slow: the extractive answer within the timeout', async () => {
    const { ctx } = await setUp('slow', 'generated', 500);
    const started = Date.now();
    const reply = await run('ask', { question: Q }, ctx);
    expect(reply.text).toBe(extractive());
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('off-topic questions never reach the model; extractive servers never do', async () => {
    const { ctx } = await setUp('faithful');
    await run('ask', { question: 'What is the capital of France?' }, ctx);
    expect(fake!.requests).toHaveLength(0);
    await fake!.close();
    const off = await setUp('faithful', 'extractive');
    const reply = await run('ask', { question: Q }, off.ctx);
    expect(reply.text).toBe(extractive());
    expect(fake!.requests).toHaveLength(0);
  });

  it('/settings answers sets the mode, Manage Server only', async () => {
    const { ctx, generation } = await setUp('faithful', 'extractive');
    const member = await run('settings', { subcommand: 'answers', mode: 'generated' }, ctx);
    expect(member.text).toBe('/settings needs the Manage Server permission.');
    const admin = { ...ctx, canManageGuild: true };
    const set = await run('settings', { subcommand: 'answers', mode: 'generated' }, admin);
    expect(set.title).toBe('Answers: generated');
    expect(await generation.modeOf('2000')).toBe('generated');
    expect((await run('settings', { subcommand: 'answers', mode: 'poetry' }, admin)).tone).toBe('notice');
    expect((await run('settings', { subcommand: 'answers', mode: 'extractive' }, admin)).title).toBe(
      'Answers: extractive',
    );
  });

  it('without a configured server, nothing changes', async () => {
    const generation = createGenerationService({ store: memoryModes({ '2000': 'generated' }), now: () => new Date() });
    const reply = await run('ask', { question: Q }, context({ services: { generation } }));
    expect(reply.text).toBe(extractive());
    expect(reply.source).not.toMatch(/^\[1\]/);
  });
});
