import { HIDE } from '../bot/command.ts';
import type { CommandContext } from '../bot/context.ts';
import type { Reply } from '../reply/types.ts';
import { ANSWER_MODES, type AnswerMode } from './modeStore.ts';
import './service.ts';

/** /settings answers mode:extractive|generated (the command is Manage Server only as a whole). */
export const ANSWERS_SUBCOMMAND = {
  description: 'Quote the report (extractive), or let a model write answers, each sentence checked (generated)',
  options: {
    mode: {
      type: 'string',
      description: 'extractive (default) or generated',
      required: true,
      check: (value: string) =>
        (ANSWER_MODES as readonly string[]).includes(value.trim().toLowerCase())
          ? undefined
          : `mode is ${ANSWER_MODES.join(' or ')}.`,
    },
    hide: HIDE,
  },
} as const;

export async function setAnswerMode(
  mode: string,
  guildId: string,
  ctx: Pick<CommandContext, 'services'>,
): Promise<Reply> {
  const generation = ctx.services.generation;
  if (!generation) return { text: 'Settings are not available here.', tone: 'notice', ephemeral: true };
  const chosen = mode.trim().toLowerCase();
  if (!(ANSWER_MODES as readonly string[]).includes(chosen))
    return {
      text: `mode is ${ANSWER_MODES.join(' or ')}, not "${mode.slice(0, 40)}".`,
      tone: 'notice',
      ephemeral: true,
    };
  return generation.setMode(guildId, chosen as AnswerMode);
}
