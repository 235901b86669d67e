import type { Related } from '../answer/types.ts';
import type { Reply } from '../reply/types.ts';
import type { Generator, Outcome } from './generator.ts';
import { type AnswerMode, type AnswerModeStore, DEFAULT_ANSWER_MODE } from './modeStore.ts';

/** Generated answers for commands: a server's mode, its /settings answers, and the generator. */
export interface GenerationService {
  /** Whether a server is configured (LLM_BASE_URL): without one every server answers extractively. */
  readonly available: boolean;
  modeOf(guildId: string): Promise<AnswerMode>;
  setMode(guildId: string, mode: AnswerMode): Promise<Reply>;
  generate(
    question: string,
    evidence: readonly Related[],
    guildId: string,
    onChecked?: (shown: string) => void,
  ): Promise<Outcome>;
  /** What happened to one generated answer, for the log (and, later, /insights). */
  record(event: GenerationEvent): void;
}

export interface GenerationEvent {
  guildId: string;
  question: string;
  outcome: Outcome;
}

// The command framework learns of generated answers only here, where the feature registers its service.
declare module '../bot/context.ts' {
  interface Services {
    generation: GenerationService;
  }
}

/** How long a server's mode is served from memory; a change through this process clears it at once. */
export const ANSWER_MODE_TTL_MS = 30_000;

export interface GenerationServiceOptions {
  store: AnswerModeStore;
  /** Undefined when LLM_BASE_URL is unset. */
  generator?: Generator;
  now: () => Date;
  record?: (event: GenerationEvent) => void;
}

export function createGenerationService(deps: GenerationServiceOptions): GenerationService {
  const cache = new Map<string, { mode: AnswerMode; at: number }>();
  const notice = (text: string): Reply => ({ text, tone: 'notice', ephemeral: true });
  return {
    available: deps.generator !== undefined,
    async modeOf(guildId) {
      const hit = cache.get(guildId);
      const now = deps.now().getTime();
      if (hit && now - hit.at < ANSWER_MODE_TTL_MS) return hit.mode;
      const mode = await deps.store.getAnswerMode(guildId);
      if (cache.size >= 10_000) cache.clear();
      cache.set(guildId, { mode, at: now });
      return mode;
    },
    async setMode(guildId, mode) {
      await deps.store.setAnswerMode(guildId, mode, deps.now());
      cache.delete(guildId);
      if (mode === DEFAULT_ANSWER_MODE)
        return {
          title: 'Answers: extractive',
          text: "Answers quote the report's own sentences, with their sources.",
          tone: 'answer',
        };
      const text = deps.generator
        ? 'Answers are written by the language model from the report, and every sentence is checked against the passage it cites before it is shown. When one is not supported, or the model is slow or down, the quoted answer is sent instead.'
        : 'Saved, but no language model is configured (LLM_BASE_URL), so answers stay quoted from the report until the bot is given one.';
      return deps.generator ? { title: 'Answers: generated', text, tone: 'answer' } : notice(text);
    },
    generate: (question, evidence, guildId, onChecked) =>
      deps.generator
        ? deps.generator.generate(question, evidence, guildId, onChecked)
        : Promise.resolve({ kind: 'fallback', reason: 'circuit-open', ms: 0 }),
    record: (event) => deps.record?.(event),
  };
}
