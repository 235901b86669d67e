import { type AnyThreadChannel, type Message, MessagePayload } from 'discord.js';
import type { Logger } from 'pino';
import type { AnswerEngine } from '../../answer/engine.ts';
import { replyToChat } from '../../bot/chat.ts';
import type { Command } from '../../bot/command.ts';
import type { Services } from '../../bot/context.ts';
import { conversationKey } from '../../conversation/frame.ts';
import { threadName } from '../../handoff/service.ts';
import type { Reply } from '../../reply/types.ts';
import type { AskSettings } from '../../settings/effective.ts';
import { Cooldown } from './cooldown.ts';
import { commandContext } from './interactionPlan.ts';
import { invokerOf } from './invoker.ts';
import { chatReplyNonce } from './nonce.ts';
import { renderReply } from './render.ts';

export interface MessageDeps {
  engine: AnswerEngine;
  commands: readonly Command[];
  services?: Partial<Services>;
  logger: Logger;
  /** ASK_CHANNEL_IDS and ASK_COOLDOWN_SECONDS: what a server that set nothing gets, and all servers without askSettings. */
  askChannelIds: ReadonlySet<string>;
  cooldownMs: number;
  /** A server's own ask-channels and cooldown (/settings), cached briefly by the reader (src/settings/reader.ts). */
  askSettings?: (guildId: string) => Promise<AskSettings>;
  /**
   * False when this session lacks Message Content: a channel's messages then arrive empty, so
   * ask-channels are not read at all (mentions and DMs still carry their text).
   */
  readsContent?: boolean;
  now?: () => number;
}

/**
 * Free-text questions: in DMs, when the bot is mentioned, and in every message of a server's
 * ask-channels (/settings ask-channels, or ASK_CHANNEL_IDS for a server that set none). Which of
 * those get a reply is the chat rule in src/bot/chat.ts; this adapter only says who is addressed,
 * keeps the server's cooldown and sends.
 */
export function createMessageHandler(deps: MessageDeps) {
  const cooldown = new Cooldown(deps.cooldownMs);
  /** A store that cannot be read leaves the server on the defaults rather than unanswered. */
  const serverSettings = async (guildId: string): Promise<AskSettings | undefined> => {
    if (!deps.askSettings) return undefined;
    try {
      return await deps.askSettings(guildId);
    } catch (error) {
      deps.logger.warn({ err: error, guildId }, 'could not read the server settings; using the defaults');
      return undefined;
    }
  };
  /** A store that cannot be read does not silence the bot: it answers as it would without the loop. */
  const mayPostIn = async (threadId: string): Promise<boolean> => {
    try {
      return (await deps.services?.handoff?.mayPost(threadId)) ?? true;
    } catch (error) {
      deps.logger.warn({ err: error, threadId }, 'could not read whether a thread is resolved; answering');
      return true;
    }
  };
  /**
   * Mode thread: the answer goes in a new thread started from the question, which the bot then
   * follows. False when the thread could not be opened (no permission): the answer is then a reply.
   */
  const answerInThread = async (message: Message<true>, reply: Reply): Promise<boolean> => {
    let thread: AnyThreadChannel;
    try {
      thread = await message.startThread({ name: threadName(message.content), autoArchiveDuration: 1440 });
    } catch (error) {
      deps.logger.warn(
        { err: error, messageId: message.id, channelId: message.channelId },
        'could not open a thread for an answer; replying in the channel instead',
      );
      return false;
    }
    try {
      const { flags: _messagesCannotBeEphemeral, ...body } = renderReply(reply);
      await thread.send({ ...body, nonce: chatReplyNonce(message.id), enforceNonce: true });
      await deps.services?.handoff?.follow(
        { threadId: thread.id, guildId: message.guildId, askerId: message.author.id, kind: 'answer' },
        new Date(deps.now?.() ?? Date.now()),
      );
    } catch (error) {
      deps.logger.warn({ err: error, threadId: thread.id }, 'could not answer in the thread');
    }
    return true;
  };
  return async (message: Message): Promise<void> => {
    // Held from arrival: the bounded DM cache may have let the channel go by the time the answer is ready.
    const channel = message.channel;
    const me = message.client.user;
    if (message.author.bot || message.author.id === me?.id || message.system) return;
    const direct = !message.inGuild();
    // A reply to the bot's answer lists the bot in mentions too; only an explicit @mention asks it something.
    const mentioned = me
      ? message.mentions.has(me, { ignoreRepliedUser: true, ignoreEveryone: true, ignoreRoles: true })
      : false;
    const now = deps.now?.() ?? Date.now();
    const handoff = deps.services?.handoff;
    const thread = channel.isThread() ? channel : undefined;
    // A person writing in a thread the bot follows: once it is not the asker, the bot stays out of it.
    if (thread && handoff) {
      try {
        await handoff.personWrote(thread.id, message.author.id, new Date(now));
      } catch (error) {
        deps.logger.warn({ err: error, threadId: thread.id }, 'could not record a reply in a followed thread');
      }
    }
    const server = message.guildId ? await serverSettings(message.guildId) : undefined;
    const reads = deps.readsContent ?? true;
    const inThreadMode = reads && server?.threadChannelIds.has(message.channelId) === true;
    // Follow-ups inside an answer thread are asked in the thread, whose parent is the ask-channel.
    const inAnswerThread = reads && thread?.parentId != null && server?.threadChannelIds.has(thread.parentId) === true;
    const listed = inAnswerThread || (reads && (server?.askChannelIds ?? deps.askChannelIds).has(message.channelId));
    if (!direct && !mentioned && !listed) return;
    if (thread && handoff && !(await mayPostIn(thread.id))) {
      deps.logger.debug({ threadId: thread.id }, 'question in a resolved thread, or one a person answers: left alone');
      return;
    }

    // Chat carries no permissions (invokerOf grants none); nothing a chat question runs needs them.
    const invoker = invokerOf({ user: message.author, guildId: message.guildId });
    // Chat follow-ups belong to the channel they are asked in, as talk between people does. A question
    // answered in a new thread belongs to that thread, whose id is the question's (Discord's rule).
    const conversation = conversationKey(message.author.id, inThreadMode ? message.id : message.channelId);
    const ctx = commandContext(invoker, { ...deps, now: () => new Date(now) }, conversation);
    const reply = await replyToChat({ content: message.content, addressed: direct || mentioned }, deps.commands, ctx);
    if (!reply) return;
    // Only a reply the bot is about to send counts: chat it stays out of must not use up the window.
    const cooldownMs = server ? server.cooldownSeconds * 1000 : deps.cooldownMs;
    // Per server as well as per member: one server's long cooldown must not silence the member elsewhere.
    if (!cooldown.take(`${message.guildId ?? 'dm'}:${message.author.id}`, now, cooldownMs)) {
      deps.logger.debug({ userId: message.author.id }, 'free-text question ignored: cooldown');
      return;
    }
    if (inThreadMode && message.inGuild() && (await answerInThread(message, reply))) return;
    try {
      const { flags: _messagesCannotBeEphemeral, ...body } = renderReply(reply);
      const payload = MessagePayload.create(
        message,
        { ...body, nonce: chatReplyNonce(message.id), enforceNonce: true },
        { reply: { messageReference: message, failIfNotExists: false } },
      );
      if (channel.isSendable()) await channel.send(payload);
    } catch (error) {
      deps.logger.warn(
        { err: error, messageId: message.id, channelId: message.channelId },
        'could not reply to a message',
      );
    }
  };
}
