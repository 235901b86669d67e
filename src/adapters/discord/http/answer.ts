import {
  type APIApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  PermissionsBitField,
} from 'discord.js';
import type { CommandContext } from '../../../bot/context.ts';
import { execute } from '../../../bot/execute.ts';
import type { Reply } from '../../../reply/types.ts';
import { type FeedbackInput, type FeedbackPlan, planFeedback } from '../feedbackPlan.ts';
import {
  autocompleteChoices,
  commandContext,
  EXPIRED_COMPONENT,
  type Invoker,
  type PlanDeps,
  pagerFor,
  planButton,
  planContextMenu,
  planSlashCommand,
  replyOrSlow,
} from '../interactionPlan.ts';
import { DEFER_AFTER_MS, SORRY } from '../interactions.ts';
import { type RenderedMessage, renderReply } from '../render.ts';
import { toApiMessage } from './apiMessage.ts';
import { modalFieldReader } from './modalFields.ts';
import { rawOptionSource } from './rawOptions.ts';
import type { WebhookFile, WebhookFor } from './webhook.ts';

export interface HttpInteractionDeps extends PlanDeps {
  /** A command still running after this long is deferred (type 5), well inside Discord's 3 s. */
  deferAfterMs?: number;
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

const message = (reply: Reply, render = {}): APIInteractionResponse => ({
  type: InteractionResponseType.ChannelMessageWithSource,
  data: toApiMessage(renderReply(reply, render)),
});

const notice = (text: string): APIInteractionResponse => message({ text, tone: 'notice', ephemeral: true });

/** Who acted and where, from the raw payload: the member's permissions as discord.js reads them (Administrator counts). */
export function invokerOf(payload: APIInteraction): Invoker {
  const user = payload.member?.user ?? payload.user;
  const permissions = payload.member?.permissions;
  return {
    user: { id: user?.id ?? '', name: user?.global_name ?? user?.username ?? '' },
    guildId: payload.guild_id,
    canManageGuild:
      typeof permissions === 'string' && /^\d+$/.test(permissions)
        ? new PermissionsBitField(BigInt(permissions)).has(PermissionFlagsBits.ManageGuild)
        : false,
  };
}

/**
 * The same commands, options, pages, feedback, forms and replies as the gateway path (interactions.ts),
 * answered over HTTP. A command (or a page of one) that throws gets the gateway path's ephemeral apology.
 */
export async function answerInteraction(payload: APIInteraction, deps: HttpInteractionDeps): Promise<HttpAnswer> {
  try {
    return await answerOrThrow(payload, deps);
  } catch (error) {
    deps.logger.error({ err: error, interactionId: payload.id }, 'interaction handler failed');
    if (payload.type === InteractionType.ApplicationCommandAutocomplete) {
      return { body: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } } };
    }
    return { body: sorry() };
  }
}

async function answerOrThrow(payload: APIInteraction, deps: HttpInteractionDeps): Promise<HttpAnswer> {
  switch (payload.type) {
    case InteractionType.Ping:
      return { body: { type: InteractionResponseType.Pong } };
    case InteractionType.ApplicationCommandAutocomplete: {
      const source = rawOptionSource(payload.data);
      const choices = autocompleteChoices(payload.data.name, () => source.getFocused(), invokerOf(payload), {
        ...deps,
        interactionId: payload.id,
      });
      return { body: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } } };
    }
    case InteractionType.ApplicationCommand:
      return command(payload, deps);
    case InteractionType.MessageComponent:
      return component(payload, deps);
    case InteractionType.ModalSubmit:
      return modalSubmit(payload, deps);
    default:
      // A kind this bot never asks for: say so rather than leave it spinning.
      return { body: notice(EXPIRED_COMPONENT) };
  }
}

function command(
  payload: APIApplicationCommandInteraction,
  deps: HttpInteractionDeps,
): Promise<HttpAnswer> | HttpAnswer {
  const invoker = invokerOf(payload);
  const { data } = payload;
  if (data.type === ApplicationCommandType.ChatInput) {
    const plan = planSlashCommand(deps.commands, data.name, rawOptionSource(data));
    if (plan.kind === 'notice') return { body: message(plan.reply) };
    return respond(payload, deps, () => execute(plan.command, plan.args, commandContext(invoker, deps)), plan.hide);
  }
  if (data.type === ApplicationCommandType.Message) {
    const target = data.resolved.messages[data.target_id];
    const plan = planContextMenu(
      deps.commands,
      data.name,
      target && {
        content: target.content ?? '',
        author: { id: target.author.id, name: target.author.global_name ?? target.author.username },
      },
    );
    if (plan.kind === 'notice') return { body: message(plan.reply) };
    return respond(payload, deps, () => execute(plan.command, plan.args, commandContext(invoker, deps)), false);
  }
  return { body: notice("I don't know that command.") };
}

async function component(payload: APIMessageComponentInteraction, deps: HttpInteractionDeps): Promise<HttpAnswer> {
  if (payload.data.component_type !== ComponentType.Button) return { body: notice(EXPIRED_COMPONENT) };
  const invoker = invokerOf(payload);
  const ctx = commandContext(invoker, deps);
  const feedback = await planFeedback({ kind: 'button', customId: payload.data.custom_id }, ctx, deps.commands);
  if (feedback) return sendFeedback(payload, deps, feedback, ctx);
  const plan = planButton(payload.data.custom_id, invoker, deps);
  if (plan.kind === 'expired') return { body: notice(EXPIRED_COMPONENT) };
  if (plan.kind === 'notice') return { body: message(plan.reply) };
  const { flags: _ephemeralCannotChange, ...update } = renderReply(plan.reply, plan.render);
  return { body: { type: InteractionResponseType.UpdateMessage, data: toApiMessage(update) } };
}

/** A submitted form: the 👎 form's comment, or /faq add from /insights' "Answer". */
async function modalSubmit(payload: APIModalSubmitInteraction, deps: HttpInteractionDeps): Promise<HttpAnswer> {
  const ctx = commandContext(invokerOf(payload), deps);
  const input: FeedbackInput = {
    kind: 'modal',
    customId: payload.data.custom_id,
    field: modalFieldReader(payload.data.components),
  };
  const plan = await planFeedback(input, ctx, deps.commands);
  // No form of this bot opens another (Discord refuses a modal in answer to a modal), so neither can be answered.
  if (!plan || plan.kind === 'modal') return { body: notice(EXPIRED_COMPONENT) };
  return sendFeedback(payload, deps, plan, ctx);
}

function sendFeedback(
  payload: APIInteraction,
  deps: HttpInteractionDeps,
  plan: FeedbackPlan,
  ctx: CommandContext,
): HttpAnswer | Promise<HttpAnswer> {
  switch (plan.kind) {
    case 'reply':
      return { body: message(plan.reply) };
    case 'modal':
      return { body: { type: InteractionResponseType.Modal, data: plan.modal } };
    case 'run': {
      const run = async (): Promise<Reply> => ({ ...(await execute(plan.command, plan.args, ctx)), ephemeral: true });
      return respond(payload, deps, run, true);
    }
  }
}

/**
 * Answer in the response itself when the command is quick; otherwise defer (type 5) and edit the
 * original through the webhook once it is done, as the gateway path's respond() does.
 */
async function respond(
  payload: APIInteraction,
  deps: HttpInteractionDeps,
  run: () => Promise<Reply>,
  hide: boolean,
): Promise<HttpAnswer> {
  const work = run();
  let first: Reply | 'slow';
  try {
    first = await replyOrSlow(work, deps.deferAfterMs ?? DEFER_AFTER_MS);
  } catch (error) {
    deps.logger.error({ err: error, interactionId: payload.id }, 'interaction handler failed');
    return { body: sorry() };
  }
  const invoker = invokerOf(payload);
  const owner = pagerFor(invoker.user.id, deps);
  if (first !== 'slow' && !first.attachment) return { body: message(first, owner) };
  // A file cannot ride in the HTTP response (Discord reads it as JSON only): defer, then upload it with the edit.
  const privately = first === 'slow' ? hide : first.ephemeral === true || hide;
  const webhook = deps.webhook(payload.application_id, payload.token);
  // Keeps the rejection handled while the deferral is on its way; after() reads it.
  work.catch(() => undefined);
  return {
    body: {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      ...(privately ? { data: { flags: MessageFlags.Ephemeral } } : {}),
    },
    after: async () => {
      let reply: Reply;
      try {
        reply = await work;
      } catch (error) {
        deps.logger.error({ err: error, interactionId: payload.id }, 'interaction handler failed');
        // The deferred "thinking…" message is the reply: replace it, or it spins until Discord gives up on it.
        await webhook.editOriginal({ content: SORRY, embeds: [], components: [], allowed_mentions: { parse: [] } });
        return;
      }
      const { flags, files, ...edit } = renderReply(reply, owner);
      if (flags && !privately) {
        // The deferral was public, and an edit cannot make it private: replace it with a private follow-up.
        await webhook.deleteOriginal();
        await webhook.followUp(toApiMessage({ ...edit, flags }), webhookFiles(files));
        return;
      }
      await webhook.editOriginal(toApiMessage(edit), webhookFiles(files));
    },
  };
}

function webhookFiles(files: RenderedMessage['files']): WebhookFile[] {
  return (files ?? []).map((f) => ({
    name: f.name,
    data: f.attachment,
    ...(f.description ? { description: f.description } : {}),
  }));
}

function sorry(): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content: SORRY, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
  };
}
