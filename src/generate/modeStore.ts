/** How a server's questions are answered: the engine's own words, or generated and checked. */
export const ANSWER_MODES = ['extractive', 'generated'] as const;
export type AnswerMode = (typeof ANSWER_MODES)[number];

/** The default, and what an unknown stored value reads as: never a model without a server's say-so. */
export const DEFAULT_ANSWER_MODE: AnswerMode = 'extractive';

/** Where each server's /settings answers choice lives, so every process reads the same one. */
export interface AnswerModeStore {
  getAnswerMode(guildId: string): Promise<AnswerMode>;
  setAnswerMode(guildId: string, mode: AnswerMode, now: Date): Promise<void>;
}

export function readAnswerMode(stored: string | undefined): AnswerMode {
  return (ANSWER_MODES as readonly string[]).includes(stored ?? '') ? (stored as AnswerMode) : DEFAULT_ANSWER_MODE;
}
