import { afterEach, describe, expect, it } from 'vitest';
import { openAiClient } from '../../src/generate/client.ts';
import { Generator } from '../../src/generate/generator.ts';
import type { AnswerMode, AnswerModeStore } from '../../src/generate/modeStore.ts';
import { createGenerationService, type GenerationEvent } from '../../src/generate/service.ts';
import { type FakeMode, type FakeOpenAi, startFakeOpenAi } from '../fake/openaiServer.ts';
import { callbackBody, engine, useHarness } from './harness.ts';

/**
 * Generated answers through real discord.js against the fake Discord (every request checked
 * against Discord's OpenAPI description) and the fake OpenAI-compatible server over HTTP.
 */
const start = useHarness();
const Q = 'When was the KIA founded?';

let model: FakeOpenAi | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

function modes(initial: Record<string, AnswerMode>): AnswerModeStore {
  const byGuild = new Map(Object.entries(initial));
  return {
    getAnswerMode: async (g) => byGuild.get(g) ?? 'extractive',
    setAnswerMode: async (g, m) => void byGuild.set(g, m),
  };
}

async function bot(mode: FakeMode) {
  model = await startFakeOpenAi(mode);
  const events: GenerationEvent[] = [];
  const generator = new Generator(openAiClient({ baseUrl: model.url, model: 'm', timeoutMs: 2000 }), {
    timeoutMs: 2000,
    concurrency: 2,
  });
  const h = await start();
  const generation = createGenerationService({
    store: modes({ [h.fake.guild.id]: 'generated' }),
    generator,
    now: () => new Date(),
    record: (e) => events.push(e),
  });
  h.bot.services.generation = generation;
  return { h, events };
}

/** The reply a member finally sees: the deferral's last accepted edit of @original. */
async function finalEmbed(sent: ReturnType<Awaited<ReturnType<typeof bot>>['h']['fake']['interaction']['chatInput']>) {
  expect(callbackBody(await sent.waitForCallback()).type).toBe(5);
  const edit = await sent.waitForEdit();
  expect(edit.status).toBe(200);
  const body = edit.body as {
    embeds?: Array<{ description?: string; footer?: { text?: string } }>;
    allowed_mentions?: { parse?: string[] };
  };
  expect(body.allowed_mentions?.parse).toEqual([]);
  return { body, original: sent.original() as { embeds?: Array<{ description?: string }> } | undefined };
}

describe('/ask with generated answers, over Discord', () => {
  it('defers at once and edits in the checked answer with its numbered sources', async () => {
    const { h, events } = await bot('faithful');
    const { original } = await finalEmbed(h.fake.interaction.chatInput('ask', { question: Q }));
    expect(original?.embeds?.[0]?.description).toMatch(/1961.*\[1\]/);
    expect(events.map((e) => e.outcome.kind)).toEqual(['shown']);
    h.fake.assertNoViolations();
  });

  it.each(['hallucinating-number', 'hallucinating-name', 'failing-500'] as const)(
    '%s: the member sees the extractive answer, never the unsupported sentence',
    async (mode) => {
      const { h, events } = await bot(mode);
      const { original } = await finalEmbed(h.fake.interaction.chatInput('ask', { question: Q }));
      // The extractive answer as Discord renders it: its focus in bold.
      expect(original?.embeds?.[0]?.description?.replace(/\*\*/g, '')).toBe(engine().answer(Q).text);
      expect(events[0]?.outcome.kind).not.toBe('shown');
      h.fake.assertNoViolations();
    },
  );
});
