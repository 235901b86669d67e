import type { Message } from 'discord.js';
import type { Logger } from 'pino';
import type { AnswerEngine } from '../../answer/engine.ts';
import { replyForAnswer } from '../../reply/fromAnswer.ts';
import { Cooldown } from './cooldown.ts';
import { renderReply } from './render.ts';

export interface MessageDeps {
  engine: AnswerEngine;
  logger: Logger;
  askChannelIds: ReadonlySet<string>;
  cooldownMs: number;
  now?: () => number;
}

/** Chat that reads as a question: a question mark, or an opening such as "what", "compare", "tell me". */
const QUESTION = /\?\s*$|^\s*(what|when|where|which|who|whom|whose|why|how|is|are|was|were|does|do|did|can|could|should|will|would|compare|explain|tell me|describe|list|show me)\b/i;

/**
 * Free-text questions: in DMs, when the bot is mentioned, and in every message of the
 * channels in ASK_CHANNEL_IDS. In those channels the bot stays quiet unless the message is
 * a question the report answers, so ordinary talk is left alone.
 */
export function createMessageHandler(deps: MessageDeps) {
  const cooldown = new Cooldown(deps.cooldownMs);
  return async (message: Message): Promise<void> => {
    const me = message.client.user;
    if (message.author.bot || message.author.id === me?.id || message.system) return;
    const direct = !message.inGuild();
    // A reply to the bot's answer lists the bot in mentions too; only an explicit @mention asks it something.
    const mentioned = me ? message.mentions.has(me, { ignoreRepliedUser: true, ignoreEveryone: true, ignoreRoles: true }) : false;
    const listed = deps.askChannelIds.has(message.channelId);
    if (!direct && !mentioned && !listed) return;

    const text = stripBotMention(message.content, me?.id);
    const addressed = direct || mentioned;
    if (!addressed && !QUESTION.test(text)) return;
    const answer = deps.engine.answer(text);
    if (!addressed && !answer.answered) return;
    // Only a reply the bot is about to send counts: chat it stays out of must not use up the window.
    if (!cooldown.take(message.author.id, deps.now?.() ?? Date.now())) {
      deps.logger.debug({ userId: message.author.id }, 'free-text question ignored: cooldown');
      return;
    }
    try {
      const { flags: _messagesCannotBeEphemeral, ...body } = renderReply(replyForAnswer(answer));
      await message.reply({ ...body, failIfNotExists: false });
    } catch (error) {
      deps.logger.warn({ err: error, messageId: message.id, channelId: message.channelId }, 'could not reply to a message');
    }
  };
}

function stripBotMention(content: string, botId: string | undefined): string {
  if (!botId) return content;
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').trim();
}
