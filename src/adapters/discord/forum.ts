import {
  type AnyThreadChannel,
  ChannelType,
  type Client,
  GatewayIntentBits,
  type Message,
  PermissionFlagsBits,
} from 'discord.js';
import type { Logger } from 'pino';
import type { AnswerEngine } from '../../answer/engine.ts';
import { processOwner } from '../../daily/runtime/owner.ts';
import type { FaqService } from '../../faq/service.ts';
import { createForumAnswerer } from '../../forum/answerer.ts';
import type { ForumPost, NewThread } from '../../forum/post.ts';
import { createForumService, type ForumService } from '../../forum/service.ts';
import type { ForumStore } from '../../forum/store.ts';
import type { HandoffService } from '../../handoff/service.ts';
import type { Reply } from '../../reply/types.ts';
import { chatReplyNonce } from './nonce.ts';
import { renderReply } from './render.ts';

const NEEDED = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
] as const;

/**
 * Discord sends a forum post's THREAD_CREATE before its first message, which can lag while the
 * author's attachments upload. How long to wait for that message before asking for it over REST.
 */
const STARTER_WAIT_MS = 30_000;

export interface ForumAdapterOptions {
  client: Client;
  store: ForumStore;
  engine: AnswerEngine;
  logger: Logger;
  now?: () => Date;
  starterWaitMs?: number;
  /** The servers' curated answers: one that matches a post wins over the report, as in /ask. */
  faq?: FaqService;
  /** The hand-off loop: answered posts get "✅ Resolved" and are followed. */
  handoff?: HandoffService;
  /**
   * Whether Discord refused the bot Message Content (Bot.degraded): it then runs without it until
   * restarted, and /settings says how to turn it on. Unknown when not given.
   */
  contentRefused?: () => boolean;
}

export interface ForumRuntime {
  service: ForumService;
  onThreadCreate(thread: AnyThreadChannel, newlyCreated: boolean): void;
  onMessage(message: Message): void;
  /** Waits for the posts being answered, so shutdown never closes the store under them. */
  stop(): Promise<void>;
}

/** Connect forum answers to Discord: which threads are posts, their first messages, and the reply in the thread. */
export function createForumAdapter(options: ForumAdapterOptions): ForumRuntime {
  const { client, logger } = options;
  const now = options.now ?? (() => new Date());
  const readsContent = () => client.options.intents.has(GatewayIntentBits.MessageContent);
  const starters = new Map<string, (message: Message | undefined) => void>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const answer = createForumAnswerer({
    ask: { engine: options.engine, ...(options.faq ? { faq: options.faq } : {}) },
    store: options.store,
    owner: processOwner(),
    now,
    readsContent,
    send: async (threadId, reply) => {
      const handoff = options.handoff;
      // An answered post gets "✅ Resolved", and the bot follows it: silent once resolved or once a person replies.
      const thread = await sendInThread(client, threadId, handoff ? { ...reply, resolvable: true } : reply);
      if (handoff && thread?.isThread() && thread.ownerId) {
        await handoff
          .follow({ threadId, guildId: thread.guildId, askerId: thread.ownerId, kind: 'forum' }, now())
          .catch((error: unknown) => logger.warn({ err: error, threadId }, 'could not follow an answered forum post'));
      }
    },
  });

  /** The post's first message: already here, arriving shortly, or fetched once the wait is over. */
  function starterOf(thread: AnyThreadChannel): Promise<Message | undefined> {
    const cached = thread.messages.cache.get(thread.id);
    if (cached || stopped) return Promise.resolve(cached);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        starters.delete(thread.id);
        resolve(
          thread.fetchStarterMessage().then(
            (m) => m ?? undefined,
            () => undefined,
          ),
        );
      }, options.starterWaitMs ?? STARTER_WAIT_MS);
      starters.set(thread.id, (message) => {
        clearTimeout(timer);
        starters.delete(thread.id);
        resolve(message);
      });
    });
  }

  async function postOf(thread: AnyThreadChannel): Promise<ForumPost | undefined> {
    const starter = await starterOf(thread);
    // Without Message Content the message still arrives, empty: it still says who posted.
    return starter && { title: thread.name, firstMessage: starter.content, byBot: starter.author.bot };
  }

  async function handle(thread: AnyThreadChannel, newlyCreated: boolean): Promise<void> {
    const facts: NewThread = {
      threadId: thread.id,
      guildId: thread.guildId,
      parentId: thread.parentId ?? undefined,
      inForum: thread.parent?.type === ChannelType.GuildForum,
      newlyCreated,
    };
    try {
      const outcome = await answer(facts, () => postOf(thread));
      logger.debug({ threadId: thread.id, parentId: facts.parentId, outcome }, 'forum thread handled');
    } catch (error) {
      logger.warn({ err: error, threadId: thread.id, parentId: facts.parentId }, 'could not answer a forum post');
    }
  }

  return {
    service: createForumService({
      store: options.store,
      now,
      readsContent,
      ...(options.contentRefused ? { contentRefused: options.contentRefused } : {}),
      checkChannel: (guildId, channelId) => checkForum(client, guildId, channelId),
      channelName: (id) => `<#${id}>`,
    }),
    onThreadCreate(thread, newlyCreated) {
      if (stopped) return;
      const work = handle(thread, newlyCreated);
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
    onMessage(message) {
      // A post's first message has the thread's id.
      if (message.id === message.channelId) starters.get(message.id)?.(message);
    },
    async stop() {
      stopped = true;
      for (const resolve of [...starters.values()]) resolve(undefined);
      await Promise.all(inFlight);
    },
  };
}

/** Why the bot cannot answer posts in the channel, naming the missing permission; undefined when it can. */
export async function checkForum(client: Client, guildId: string, channelId: string): Promise<string | undefined> {
  const channel = await client.channels.fetch(channelId).catch(() => null);
  if (!channel)
    return "I can't see that channel. Check that it exists and that I have the View Channel permission there.";
  if (channel.isDMBased() || channel.guildId !== guildId) return 'Pick a channel in this server.';
  if (channel.type !== ChannelType.GuildForum) return 'Pick a forum channel.';
  const me = client.user ? channel.permissionsFor(client.user) : null;
  const missing = NEEDED.filter(([flag]) => !me?.has(flag)).map(([, name]) => name);
  if (missing.length > 0) return `I need ${missing.join(', ')} in <#${channelId}> to answer posts there.`;
  return undefined;
}

/**
 * The reply goes in the post's thread, pinging nobody. Its nonce is the one a chat reply to the
 * post's first message would carry (that message has the thread's id), so a post that also
 * @mentions the bot still gets one message, whichever handler sends first.
 */
async function sendInThread(client: Client, threadId: string, reply: Reply) {
  const channel = await client.channels.fetch(threadId);
  if (!channel?.isSendable()) throw new Error(`cannot post in thread ${threadId}`);
  const { flags: _messagesCannotBeEphemeral, ...body } = renderReply(reply);
  await channel.send({ ...body, nonce: chatReplyNonce(threadId), enforceNonce: true });
  return channel;
}
