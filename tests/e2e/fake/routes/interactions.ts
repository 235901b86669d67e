import type { APIMessage } from 'discord.js';
import { InteractionResponseType } from 'discord.js';
import type { InteractionRecord } from '../world.ts';
import { applyEdit, EPHEMERAL, LOADING, messageFromBody } from './messageBodies.ts';
import type { Reply, Route, RouteContext, RouteRequest } from './router.ts';
import { discordError, noContent, notFound, ok } from './router.ts';

/**
 * Interaction callbacks and the interaction webhook (follow-ups, `@original` edits).
 * Enforces Discord's rules a bot can break: one callback per interaction, within the
 * response window, and no webhook use before the interaction was acknowledged.
 */
export function interactionRoutes(ctx: RouteContext): Route[] {
  const { world, echo } = ctx;

  const byBot = (record: InteractionRecord) => ({
    channelId: record.payload.channel?.id ?? '',
    author: world.botUser,
    webhookId: world.application.id,
    applicationId: world.application.id,
  });

  const reply = (record: InteractionRecord, req: RouteRequest, extraFlags: number): APIMessage => {
    const created = messageFromBody(
      { body: (req.body as { data?: unknown } | null)?.data ?? {}, files: req.files },
      { ...byBot(record), extraFlags },
    );
    return publish(world.addMessage(created), 'MESSAGE_CREATE');
  };

  const publish = (message: APIMessage, event: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE'): APIMessage => {
    if (((message.flags ?? 0) & EPHEMERAL) === 0) echo(event, message); // Only the invoker sees ephemerals.
    return message;
  };

  const callback = (req: RouteRequest): Reply => {
    const record = world.interactions.get(req.params.interactionId ?? '');
    if (!record || record.payload.token !== req.params.token) return notFound.interaction();
    if (Date.now() - record.receivedAt > ctx.interactionTimeoutMs()) return notFound.interaction();
    if (record.callbackType !== undefined) {
      return discordError(400, 'Interaction has already been acknowledged.', 40060);
    }
    const { type, data } = (req.body ?? {}) as { type?: number; data?: unknown };
    record.callbackType = type;
    record.callbackData = data;
    const componentMessage = record.payload.message;
    let resource: APIMessage | undefined;
    if (type === InteractionResponseType.ChannelMessageWithSource) resource = reply(record, req, 0);
    if (type === InteractionResponseType.DeferredChannelMessageWithSource) resource = reply(record, req, LOADING);
    if (type === InteractionResponseType.DeferredMessageUpdate && componentMessage) resource = componentMessage;
    if (type === InteractionResponseType.UpdateMessage && componentMessage) {
      const current = world.messages.get(componentMessage.id) ?? componentMessage;
      const updated = applyEdit(current, { body: data ?? {}, files: req.files });
      resource = publish(world.addMessage(updated), 'MESSAGE_UPDATE');
    }
    if (resource) record.originalId = resource.id;
    if (req.query.get('with_response') !== 'true') return noContent();
    return ok({
      interaction: {
        id: record.payload.id,
        type: record.payload.type,
        ...(resource
          ? {
              response_message_id: resource.id,
              response_message_loading: ((resource.flags ?? 0) & LOADING) !== 0,
              response_message_ephemeral: ((resource.flags ?? 0) & EPHEMERAL) !== 0,
            }
          : {}),
      },
      ...(type === undefined ? {} : { resource: { type, ...(resource ? { message: resource } : {}) } }),
    });
  };

  /** The interaction whose webhook this is, once acknowledged; Discord rejects it before that. */
  const acknowledged = (params: Record<string, string>): InteractionRecord | undefined => {
    if (params.applicationId !== world.application.id) return undefined;
    const record = world.interactionByToken(params.token ?? '');
    return record?.callbackType === undefined ? undefined : record;
  };

  const webhookMessage = (params: Record<string, string>): APIMessage | Reply => {
    const record = acknowledged(params);
    if (!record) return notFound.webhook();
    const id = params.messageId === '@original' ? record.originalId : params.messageId;
    const found = id ? world.messages.get(id) : undefined;
    const ours = found && (found.id === record.originalId || record.followUpIds.includes(found.id));
    return ours ? found : notFound.message();
  };
  const isMessage = (value: APIMessage | Reply): value is APIMessage => 'channel_id' in value;

  return [
    { method: 'POST', path: '/interactions/:interactionId/:token/callback', auth: false, handle: callback },
    {
      method: 'POST',
      path: '/webhooks/:applicationId/:token',
      auth: false,
      handle: (req) => {
        const record = acknowledged(req.params);
        if (!record) return notFound.webhook();
        const created = messageFromBody(req, byBot(record));
        record.followUpIds.push(created.id);
        return ok(publish(world.addMessage(created), 'MESSAGE_CREATE'));
      },
    },
    {
      method: 'GET',
      path: '/webhooks/:applicationId/:token/messages/:messageId',
      auth: false,
      handle: ({ params }) => {
        const found = webhookMessage(params);
        return isMessage(found) ? ok(found) : found;
      },
    },
    {
      method: 'PATCH',
      path: '/webhooks/:applicationId/:token/messages/:messageId',
      auth: false,
      handle: (req) => {
        const found = webhookMessage(req.params);
        if (!isMessage(found)) return found;
        return ok(publish(world.addMessage(applyEdit(found, req)), 'MESSAGE_UPDATE'));
      },
    },
    {
      method: 'DELETE',
      path: '/webhooks/:applicationId/:token/messages/:messageId',
      auth: false,
      handle: ({ params }) => {
        const found = webhookMessage(params);
        if (!isMessage(found)) return found;
        world.messages.delete(found.id);
        if (((found.flags ?? 0) & EPHEMERAL) === 0) echo('MESSAGE_DELETE', found);
        return noContent();
      },
    },
  ];
}
