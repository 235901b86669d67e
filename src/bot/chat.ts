import { sanitizeQuestion } from '../answer/sanitize.ts';
import type { Reply } from '../reply/types.ts';
import type { Command } from './command.ts';
import type { CommandContext } from './context.ts';
import { execute } from './execute.ts';
import { findCommand, SLASH } from './registry.ts';

/** Chat that reads as a question: a question mark, or an opening such as "what", "compare", "tell me". */
const QUESTION =
  /\?\s*$|^\s*(what|when|where|which|who|whom|whose|why|how|is|are|was|were|does|do|did|can|could|should|will|would|compare|explain|tell me|describe|list|show me)\b/i;

export interface ChatMessage {
  /** The message as typed, mentions and all. */
  content: string;
  /** Said to the bot (a DM or an @mention), so it always gets a reply; otherwise only a question the report answers does. */
  addressed: boolean;
}

/**
 * A chat message goes the same way as /ask: the ask command answers it. Chat the bot merely
 * overhears is left alone unless it is a question the report answers, so ordinary talk in a
 * channel is never interrupted by "the report doesn't cover that".
 */
export async function replyToChat(
  message: ChatMessage,
  commands: readonly Command[],
  ctx: CommandContext,
): Promise<Reply | undefined> {
  const question = sanitizeQuestion(message.content);
  if (!message.addressed && !QUESTION.test(question)) return undefined;
  const ask = findCommand(commands, 'ask', SLASH);
  if (!ask) return undefined;
  const reply = await execute(ask, { question }, message.addressed ? ctx : { ...ctx, overheard: true });
  if (!message.addressed && reply.answered !== true) return undefined;
  return reply;
}
