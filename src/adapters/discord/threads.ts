import { type APIChannel, type APIRole, ChannelType, DiscordAPIError, type REST, Routes } from 'discord.js';
import type { RenderedMessage } from './render.ts';

/**
 * What the hand-off loop asks of Discord, over REST alone (no cache): so it answers the same
 * whether the gateway's cache has the thread or not. Every request is one Discord documents.
 */
export interface ThreadOps {
  /** Whether the role still exists in the server. */
  roleExists(guildId: string, roleId: string): Promise<boolean>;
  /** Opens a public thread: from a message when one is given, else in the channel. Its id. */
  openThread(channelId: string, name: string, fromMessageId?: string): Promise<string>;
  /**
   * Posts in a thread. `pingRole` is the one role the message may ping: allowed_mentions names it
   * and nothing else; without it, nobody is pinged.
   */
  post(threadId: string, message: Omit<RenderedMessage, 'flags'>, nonce: string, pingRole?: string): Promise<void>;
  /** The thread's parent, and that parent's tags when it is a forum. */
  threadInfo(threadId: string): Promise<ThreadInfo>;
  /** Archives the thread, applying `tags` (a forum post's) first when given. */
  close(threadId: string, tags?: readonly string[]): Promise<void>;
}

export interface ThreadInfo {
  inForum: boolean;
  appliedTags: string[];
  /** The forum's tags, when the parent is a forum. */
  forumTags: Array<{ id: string; name: string }>;
}

/** Why Discord refused, in the words the hand-off replies use. */
export type ThreadProblem = 'unknown-channel' | 'no-permission' | 'other';

export function threadProblem(error: unknown): ThreadProblem {
  if (!(error instanceof DiscordAPIError)) return 'other';
  if (error.code === 10003) return 'unknown-channel';
  if (error.code === 50013 || error.code === 50001) return 'no-permission';
  return 'other';
}

/** A day: a hand-off thread stays in the list while helpers get to it. */
const AUTO_ARCHIVE_MINUTES = 1440;

export function restThreadOps(rest: REST): ThreadOps {
  return {
    async roleExists(guildId, roleId) {
      const roles = (await rest.get(Routes.guildRoles(guildId))) as APIRole[];
      return roles.some((role) => role.id === roleId);
    },

    async openThread(channelId, name, fromMessageId) {
      const body = fromMessageId
        ? { name, auto_archive_duration: AUTO_ARCHIVE_MINUTES }
        : { name, auto_archive_duration: AUTO_ARCHIVE_MINUTES, type: ChannelType.PublicThread };
      const thread = (await rest.post(Routes.threads(channelId, fromMessageId), { body })) as APIChannel;
      return thread.id;
    },

    async post(threadId, message, nonce, pingRole) {
      await rest.post(Routes.channelMessages(threadId), {
        body: {
          ...(message.content ? { content: message.content } : {}),
          embeds: message.embeds,
          components: message.components,
          // The one place the bot may ping a role: this hand-off's, and only when it is given.
          allowed_mentions: pingRole ? { parse: [], roles: [pingRole] } : { parse: [] },
          nonce,
          enforce_nonce: true,
        },
      });
    },

    async threadInfo(threadId) {
      const thread = (await rest.get(Routes.channel(threadId))) as APIChannel & {
        parent_id?: string | null;
        applied_tags?: string[];
      };
      const parentId = thread.parent_id;
      if (!parentId) return { inForum: false, appliedTags: [], forumTags: [] };
      const parent = (await rest.get(Routes.channel(parentId))) as APIChannel & {
        available_tags?: Array<{ id: string; name: string }>;
      };
      const inForum = parent.type === ChannelType.GuildForum || parent.type === ChannelType.GuildMedia;
      return {
        inForum,
        appliedTags: thread.applied_tags ?? [],
        forumTags: inForum ? (parent.available_tags ?? []).map((t) => ({ id: t.id, name: t.name })) : [],
      };
    },

    async close(threadId, tags) {
      await rest.patch(Routes.channel(threadId), {
        body: { archived: true, ...(tags ? { applied_tags: [...tags] } : {}) },
      });
    },
  };
}

/** Tag names that mean a question is settled, as forums commonly name them. */
const SOLVED_TAG = /^\s*(solved|resolved|answered)\s*$/i;

/** The post's tags with the forum's Solved/Resolved/Answered tag added; undefined when the forum has none. */
export function solvedTags(info: ThreadInfo): string[] | undefined {
  const tag = info.forumTags.find((t) => SOLVED_TAG.test(t.name.replace(/^[^\p{L}]+/u, '')));
  if (!tag) return undefined;
  if (info.appliedTags.includes(tag.id)) return info.appliedTags;
  // Discord allows five tags on a post: the solved one replaces the last when it is full.
  return [...info.appliedTags.slice(0, 4), tag.id];
}
