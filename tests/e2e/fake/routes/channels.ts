import type { APIMessage } from 'discord.js';
import { guildCreate } from '../payloads.ts';
import { applyEdit, messageFromBody } from './messageBodies.ts';
import type { Route, RouteContext } from './router.ts';
import { noContent, notFound, ok } from './router.ts';

/** How long Discord remembers an enforced nonce: "the past few minutes". */
export const NONCE_WINDOW_MS = 5 * 60_000;

/** Channels, their messages, DMs, users and guilds: what a bot reads and writes outside interactions. */
export function channelRoutes({ world, echo }: RouteContext): Route[] {
  const messageIn = (channelId: string, messageId: string): APIMessage | undefined => {
    const found = world.messages.get(messageId);
    return found?.channel_id === channelId ? found : undefined;
  };

  return [
    {
      method: 'GET',
      path: '/channels/:channelId',
      handle: ({ params }) => {
        const channel = world.channels.get(params.channelId ?? '');
        return channel ? ok(channel) : notFound.channel();
      },
    },
    {
      method: 'GET',
      path: '/channels/:channelId/messages',
      handle: ({ params, query }) => {
        const channelId = params.channelId ?? '';
        if (!world.channels.has(channelId)) return notFound.channel();
        const limit = Number(query.get('limit') ?? 50);
        return ok(world.messagesIn(channelId).reverse().slice(0, limit)); // Newest first, like Discord.
      },
    },
    {
      method: 'POST',
      path: '/channels/:channelId/messages',
      handle: (req) => {
        const channelId = req.params.channelId ?? '';
        if (!world.channels.has(channelId)) return notFound.channel();
        const { nonce, enforce_nonce: enforce } = (req.body ?? {}) as {
          nonce?: string | number;
          enforce_nonce?: boolean;
        };
        const key = enforce && nonce !== undefined ? `${channelId}:${nonce}` : undefined;
        const seen = key ? world.nonces.get(key) : undefined;
        const earlier = seen && Date.now() - seen.at < NONCE_WINDOW_MS ? world.messages.get(seen.messageId) : undefined;
        // Like Discord: the message this nonce already made, with no second MESSAGE_CREATE.
        if (earlier) return ok(earlier);
        const created = world.addMessage({
          ...messageFromBody(req, { channelId, author: world.botUser }),
          ...(nonce === undefined ? {} : { nonce }),
        });
        if (key) world.nonces.set(key, { messageId: created.id, at: Date.now() });
        echo('MESSAGE_CREATE', created);
        return ok(created);
      },
    },
    {
      method: 'GET',
      path: '/channels/:channelId/messages/:messageId',
      handle: ({ params }) => {
        const found = messageIn(params.channelId ?? '', params.messageId ?? '');
        return found ? ok(found) : notFound.message();
      },
    },
    {
      method: 'PATCH',
      path: '/channels/:channelId/messages/:messageId',
      handle: (req) => {
        const found = messageIn(req.params.channelId ?? '', req.params.messageId ?? '');
        if (!found) return notFound.message();
        const edited = world.addMessage(applyEdit(found, req));
        echo('MESSAGE_UPDATE', edited);
        return ok(edited);
      },
    },
    {
      method: 'DELETE',
      path: '/channels/:channelId/messages/:messageId',
      handle: ({ params }) => {
        const found = messageIn(params.channelId ?? '', params.messageId ?? '');
        if (!found) return notFound.message();
        world.messages.delete(found.id);
        echo('MESSAGE_DELETE', found);
        return noContent();
      },
    },
    {
      method: 'POST',
      path: '/channels/:channelId/typing',
      handle: ({ params }) => (world.channels.has(params.channelId ?? '') ? noContent() : notFound.channel()),
    },
    {
      method: 'POST',
      path: '/users/@me/channels',
      handle: ({ body }) => {
        const recipient = world.users.get((body as { recipient_id?: string } | null)?.recipient_id ?? '');
        return recipient ? ok(world.dmWith(recipient)) : notFound.user();
      },
    },
    {
      method: 'GET',
      path: '/users/:userId',
      handle: ({ params }) => {
        const found = world.users.get(params.userId ?? '');
        return found ? ok(found) : notFound.user();
      },
    },
    {
      method: 'GET',
      path: '/guilds/:guildId',
      handle: ({ params }) => {
        const guild = world.guilds.find((g) => g.id === params.guildId);
        if (!guild) return notFound.guild();
        // REST guilds lack the gateway-only fields (channels, members, ...).
        const { channels, members, threads, presences, voice_states, joined_at, large, ...restGuild } =
          guildCreate(guild);
        return ok(restGuild);
      },
    },
    {
      method: 'GET',
      path: '/guilds/:guildId/channels',
      handle: ({ params }) => {
        const guild = world.guilds.find((g) => g.id === params.guildId);
        return guild ? ok(guild.channels) : notFound.guild();
      },
    },
    {
      method: 'GET',
      path: '/guilds/:guildId/roles',
      handle: ({ params }) => {
        const guild = world.guilds.find((g) => g.id === params.guildId);
        return guild ? ok(guild.roles) : notFound.guild();
      },
    },
    {
      method: 'GET',
      path: '/guilds/:guildId/members/:userId',
      handle: ({ params }) => {
        const guild = world.guilds.find((g) => g.id === params.guildId);
        if (!guild) return notFound.guild();
        const member = guild.members.find((m) => m.user.id === params.userId);
        return member ? ok(member) : notFound.member();
      },
    },
  ];
}
