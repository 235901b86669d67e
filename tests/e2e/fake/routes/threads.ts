import type { APIGuildForumChannel, APIThreadChannel } from 'discord.js';
import { ChannelType } from 'discord.js';
import { forumThread } from '../payloads.ts';
import type { Route, RouteContext } from './router.ts';
import { discordError, notFound, ok } from './router.ts';

/**
 * Threads as Discord makes them for a bot: started from a message (the thread takes the message's
 * id) or in a text channel, then changed with PATCH /channels/{id} (archived, locked, applied_tags).
 * Each is told to the gateway as Discord does: THREAD_CREATE, then THREAD_UPDATE.
 */
export function threadRoutes(
  { world }: RouteContext,
  events: { dispatch(event: 'THREAD_CREATE' | 'THREAD_UPDATE', data: unknown): void },
): Route[] {
  const textParent = (channelId: string) => {
    const channel = world.channels.get(channelId);
    return channel && channel.type === ChannelType.GuildText ? channel : undefined;
  };

  const open = (parentId: string, name: string, type: ChannelType, id?: string) => {
    const parent = textParent(parentId);
    const guild = parent ? world.guildOf(parent.id) : undefined;
    if (!parent || !guild) return undefined;
    const thread: APIThreadChannel = {
      ...forumThread({ id: parent.id, guild_id: guild.id }, name, world.botUser, id),
      type: type as APIThreadChannel['type'],
      last_message_id: null,
    };
    world.addThread(guild, thread);
    events.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return thread;
  };

  return [
    {
      method: 'POST',
      path: '/channels/:channelId/threads',
      handle: ({ params, body }) => {
        const { name, type } = (body ?? {}) as { name?: string; type?: number };
        const parentId = params.channelId ?? '';
        if (!world.channels.has(parentId)) return notFound.channel();
        // Forum posts are members' to make in these tests (fake.forumPost); a bot starts threads in text channels.
        if (!textParent(parentId)) return discordError(400, 'Cannot create a thread here', 50024);
        const thread = open(parentId, name ?? '', type ?? ChannelType.PrivateThread);
        return thread ? ok(thread, 201) : notFound.channel();
      },
    },
    {
      method: 'POST',
      path: '/channels/:channelId/messages/:messageId/threads',
      handle: ({ params, body }) => {
        const parentId = params.channelId ?? '';
        if (!textParent(parentId))
          return world.channels.has(parentId)
            ? discordError(400, 'Cannot create a thread here', 50024)
            : notFound.channel();
        const source = world.messages.get(params.messageId ?? '');
        if (!source || source.channel_id !== parentId) return notFound.message();
        if (world.channels.has(source.id)) {
          return discordError(400, 'A thread has already been created for this message', 160004);
        }
        const { name } = (body ?? {}) as { name?: string };
        const thread = open(parentId, name ?? '', ChannelType.PublicThread, source.id);
        return thread ? ok(thread, 201) : notFound.channel();
      },
    },
    {
      method: 'PATCH',
      path: '/channels/:channelId',
      handle: ({ params, body }) => {
        const thread = world.channels.get(params.channelId ?? '');
        if (!thread) return notFound.channel();
        if (thread.type !== ChannelType.PublicThread && thread.type !== ChannelType.PrivateThread) {
          return discordError(400, 'The fake changes threads only', 0);
        }
        const change = (body ?? {}) as { name?: string; archived?: boolean; locked?: boolean; applied_tags?: string[] };
        const parent = world.channels.get(thread.parent_id ?? '');
        if (change.applied_tags) {
          const known = new Set(
            parent?.type === ChannelType.GuildForum
              ? (parent as APIGuildForumChannel).available_tags.map((t) => t.id)
              : [],
          );
          if (change.applied_tags.some((id) => !known.has(id)) || change.applied_tags.length > 5) {
            return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: { applied_tags: {} } } };
          }
          thread.applied_tags = [...change.applied_tags];
        }
        if (change.name !== undefined) thread.name = change.name;
        const meta = thread.thread_metadata;
        if (meta) {
          if (change.archived !== undefined) {
            meta.archived = change.archived;
            meta.archive_timestamp = new Date().toISOString();
          }
          if (change.locked !== undefined) meta.locked = change.locked;
        }
        events.dispatch('THREAD_UPDATE', thread);
        return ok(thread);
      },
    },
  ];
}
