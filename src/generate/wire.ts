import type { Logger } from 'pino';
import type { LlmSettings } from '../config.ts';
import { openAiClient } from './client.ts';
import { Generator } from './generator.ts';
import type { AnswerModeStore } from './modeStore.ts';
import { createGenerationService, type GenerationEvent, type GenerationService } from './service.ts';

/**
 * The generation service the composition root hands to commands: a generator only when
 * LLM_BASE_URL is set. Each outcome is logged; a rejection with its sentence and reason, so an
 * operator can see what the model made up. The question and sentence are the member's and the
 * model's words, logged at info like other answers; the key is never in them.
 */
export function generationFor(llm: LlmSettings | undefined, store: AnswerModeStore, logger: Logger): GenerationService {
  const generator = llm
    ? new Generator(openAiClient(llm), { timeoutMs: llm.timeoutMs, concurrency: llm.concurrency })
    : undefined;
  if (llm)
    logger.info(
      { baseUrl: llm.baseUrl, model: llm.model },
      'generated answers available (servers opt in with /settings answers)',
    );
  return createGenerationService({
    store,
    generator,
    now: () => new Date(),
    record: (event) => logOutcome(logger, event),
  });
}

export function logOutcome(logger: Pick<Logger, 'info' | 'warn'>, { guildId, outcome }: GenerationEvent): void {
  switch (outcome.kind) {
    case 'shown':
      logger.info({ guildId, ms: outcome.ms, sentences: outcome.sentences.length }, 'generated answer shown');
      return;
    case 'rejected':
      logger.info(
        { guildId, ms: outcome.ms, sentence: outcome.sentence, reason: outcome.reason, detail: outcome.detail },
        'generated answer rejected: an unsupported sentence; the extractive answer was sent',
      );
      return;
    case 'fallback':
      logger.warn(
        { guildId, ms: outcome.ms, reason: outcome.reason },
        'generated answer unavailable; the extractive answer was sent',
      );
  }
}
