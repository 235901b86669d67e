import { openAiClient } from '../../src/generate/client.ts';
import { Generator } from '../../src/generate/generator.ts';
import type { AnswerMode } from '../../src/generate/modeStore.ts';
import { createGenerationService, type GenerationEvent } from '../../src/generate/service.ts';

/** The real generator and client, pointed at a fake server. */
export function generatorAt(url: string, timeoutMs = 2000, concurrency = 1): Generator {
  return new Generator(openAiClient({ baseUrl: url, model: 'm', timeoutMs }), { timeoutMs, concurrency });
}

/** A generation service whose every server is in `mode`, recording outcomes into `events`. */
export function generationIn(mode: AnswerMode, generator?: Generator, events: GenerationEvent[] = []) {
  return createGenerationService({
    store: { getAnswerMode: async () => mode, setAnswerMode: async () => {} },
    ...(generator ? { generator } : {}),
    now: () => new Date(),
    record: (e) => events.push(e),
  });
}
