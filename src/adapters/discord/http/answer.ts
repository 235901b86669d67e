import {
  type APIInteraction,
  type APIInteractionResponse,
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord.js';
import { toApiMessage } from '../apiMessage.ts';
import { type DispatchDeps, dispatchInteraction, type InteractionRequest, type Responder } from '../dispatch.ts';
import { EXPIRED_COMPONENT } from '../interactionConstants.ts';
import { invokerOf } from '../invoker.ts';
import { renderReply } from '../render.ts';
import { type WebhookFor, webhookFiles } from '../webhook.ts';
import { modalFieldReader } from './modalFields.ts';
import { rawOptionSource } from './rawOptions.ts';

export interface HttpInteractionDeps extends DispatchDeps {
  webhook: WebhookFor;
}

/**
 * The HTTP response to an interaction, and the work that finishes it afterwards: a deferred reply
 * is edited through the webhook only once Discord has the deferral.
 */
export interface HttpAnswer {
  body: APIInteractionResponse;
  after?: () => Promise<void>;
}

/**
 * The same commands, options, pages, feedback, forms and replies as the gateway (interactions.ts),
 * through the same dispatcher (dispatch.ts): the first response is the HTTP response's body, and
 * what follows it goes through the interaction's webhook once that body has been sent.
 */
export async function answerInteraction(payload: APIInteraction, deps: HttpInteractionDeps): Promise<HttpAnswer> {
  if (payload.type === InteractionType.Ping) return { body: { type: InteractionResponseType.Pong } };
  let respond!: (body: APIInteractionResponse) => void;
  const body = new Promise<APIInteractionResponse>((resolve) => (respond = resolve));
  let bodySent!: () => void;
  const sent = new Promise<void>((resolve) => (bodySent = resolve));
  const responder = httpResponder(respond, sent, () => deps.webhook(payload.application_id, payload.token));
  let settled = false;
  const done = dispatchInteraction(requestOf(payload), responder, deps).finally(() => {
    settled = true;
  });
  // The dispatcher always responds; a walk that somehow ends without it still leaves nothing spinning.
  const first = await Promise.race([body, done.then(() => undefined)]);
  const answer = { body: first ?? expired() };
  if (settled) return answer;
  return {
    ...answer,
    after: () => {
      bodySent();
      return done;
    },
  };
}

/** The raw payload as plain data for the dispatcher. */
function requestOf(payload: Exclude<APIInteraction, { type: InteractionType.Ping }>): InteractionRequest {
  const base = {
    id: payload.id,
    invoker: invokerOf({
      user: payload.member?.user ?? payload.user,
      guildId: payload.guild_id,
      permissions: payload.member?.permissions,
      roles: payload.member?.roles,
      channelId: payload.channel?.id ?? payload.channel_id,
    }),
  };
  switch (payload.type) {
    case InteractionType.ApplicationCommandAutocomplete: {
      const source = rawOptionSource(payload.data);
      return { ...base, kind: 'autocomplete', command: payload.data.name, focused: () => source.getFocused() };
    }
    case InteractionType.ApplicationCommand: {
      const { data } = payload;
      if (data.type === ApplicationCommandType.ChatInput) {
        return { ...base, kind: 'slash', command: data.name, options: rawOptionSource(data) };
      }
      if (data.type === ApplicationCommandType.Message) {
        const message = data.resolved.messages[data.target_id];
        const target = message && {
          content: message.content ?? '',
          author: {
            id: message.author.id,
            name: message.author.global_name ?? message.author.username,
            bot: message.author.bot === true,
          },
          id: message.id,
        };
        return { ...base, kind: 'context-menu', command: data.name, target };
      }
      return { ...base, kind: 'other-command' };
    }
    case InteractionType.MessageComponent:
      if (payload.data.component_type !== ComponentType.Button) return { ...base, kind: 'other' };
      return {
        ...base,
        kind: 'button',
        customId: payload.data.custom_id,
        message: { id: payload.message.id, ephemeral: ((payload.message.flags ?? 0) & MessageFlags.Ephemeral) !== 0 },
      };
    case InteractionType.ModalSubmit:
      return {
        ...base,
        kind: 'modal',
        customId: payload.data.custom_id,
        field: modalFieldReader(payload.data.components),
      };
    default:
      // A kind this bot never asks for: say so rather than leave it spinning.
      return { ...base, kind: 'other' };
  }
}

/** The first response resolves the HTTP body; the rest waits for that body to be sent, then uses the webhook. */
function httpResponder(
  respond: (body: APIInteractionResponse) => void,
  sent: Promise<void>,
  webhookOf: () => ReturnType<WebhookFor>,
): Responder {
  const webhook = async () => {
    await sent;
    return webhookOf();
  };
  return {
    filesInFirstResponse: false,
    reply: async (message) =>
      respond({ type: InteractionResponseType.ChannelMessageWithSource, data: toApiMessage(message) }),
    update: async (message) => respond({ type: InteractionResponseType.UpdateMessage, data: toApiMessage(message) }),
    choices: async (choices) =>
      respond({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } }),
    modal: async (modal) => respond({ type: InteractionResponseType.Modal, data: modal }),
    defer: async (ephemeral) =>
      respond({
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        ...(ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
      }),
    editOriginal: async ({ files, ...edit }) => (await webhook()).editOriginal(toApiMessage(edit), webhookFiles(files)),
    deleteOriginal: async () => (await webhook()).deleteOriginal(),
    followUp: async ({ files, ...message }) => (await webhook()).followUp(toApiMessage(message), webhookFiles(files)),
  };
}

function expired(): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: toApiMessage(renderReply({ text: EXPIRED_COMPONENT, tone: 'notice', ephemeral: true })),
  };
}
