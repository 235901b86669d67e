import { type Interaction, MessageFlags, type ModalSubmitInteraction, RateLimitError } from 'discord.js';
import { toApiMessage } from './apiMessage.ts';
import { type DispatchDeps, dispatchInteraction, type InteractionRequest, type Responder } from './dispatch.ts';
import { CLOCK_UNCERTAINTY_MS, RESPONSE_WINDOW_MS } from './interactionConstants.ts';
import { invokerOf } from './invoker.ts';
import { type WebhookFor, webhookFiles } from './webhook.ts';

/** The gateway's interactions: discord.js objects turned into requests for the one dispatcher (dispatch.ts). */

export interface InteractionDeps extends DispatchDeps {
  /** Sharding: whether this process owns the interaction's guild (null: a DM). Absent: it owns all. */
  ownsGuild?: (guildId: string | null) => boolean;
  /**
   * Where deferred answers are finished and follow-ups sent: the interaction's webhook on a REST
   * client outside the bot-wide global limit (interactionRestOptions). Absent: discord.js's methods.
   */
  webhooks?: WebhookFor;
}

/**
 * An interaction replayed after a reconnect can be older than Discord's response window: any
 * answer would fail with Unknown interaction, so it is not worth running the command for.
 * The id is a snowflake holding the moment the user acted, in Discord's clock, not ours: with
 * Discord's time unknown, nothing is skipped (Discord's 10062 then says what was too late).
 */
export function isPastResponseWindow(createdTimestamp: number, discordNowMs: number | undefined): boolean {
  if (discordNowMs === undefined) return false;
  return discordNowMs - createdTimestamp > RESPONSE_WINDOW_MS + CLOCK_UNCERTAINTY_MS;
}

export async function handleInteraction(interaction: Interaction, deps: InteractionDeps): Promise<void> {
  const discordNow = deps.discordNow?.();
  if (isPastResponseWindow(interaction.createdTimestamp, discordNow)) {
    deps.logger.debug(
      { interactionId: interaction.id, ageMs: (discordNow ?? 0) - interaction.createdTimestamp },
      'interaction skipped: older than the response window',
    );
    return;
  }
  if (deps.ownsGuild && !isStateless(interaction) && !deps.ownsGuild(interaction.guildId)) {
    // Discord routes by the same formula, so this is a misconfiguration (SHARD_COUNT differing between processes).
    deps.logger.warn(
      { interactionId: interaction.id, guildId: interaction.guildId },
      'interaction skipped: its server belongs to another shard (is SHARD_COUNT the same in every process?)',
    );
    return;
  }
  const request = requestOf(interaction);
  if (!request) return;
  await dispatchInteraction(request, gatewayResponder(interaction, deps.webhooks), {
    ...deps,
    canApologise: (error, interactionId) => {
      if (!(error instanceof RateLimitError)) return true;
      // Waiting would outlast the interaction, and an apology is one more request into the same limit.
      deps.logger.warn(
        { interactionId, retryAfterMs: error.retryAfter, route: error.route },
        'interaction not answered: rate limited past its response window',
      );
      return false;
    },
  });
}

/** Autocomplete and page buttons carry all they need in the interaction itself: any shard may answer them. */
function isStateless(interaction: Interaction): boolean {
  return interaction.isAutocomplete() || interaction.isButton();
}

/** The interaction as plain data; undefined for a kind the gateway leaves alone (a user context menu). */
function requestOf(interaction: Interaction): InteractionRequest | undefined {
  const base = {
    id: interaction.id,
    invoker: invokerOf({
      user: interaction.user,
      guildId: interaction.guildId,
      permissions: interaction.memberPermissions?.bitfield,
      roles: interaction.member?.roles,
      channelId: interaction.channelId,
    }),
  };
  if (interaction.isAutocomplete()) {
    const focused = () => interaction.options.getFocused(true);
    return { ...base, kind: 'autocomplete', command: interaction.commandName, focused };
  }
  if (interaction.isChatInputCommand()) {
    return { ...base, kind: 'slash', command: interaction.commandName, options: interaction.options };
  }
  if (interaction.isMessageContextMenuCommand()) {
    const { content, author, id } = interaction.targetMessage;
    const target = {
      content: content ?? '',
      author: { id: author.id, name: author.globalName ?? author.username, bot: author.bot },
      id,
    };
    return { ...base, kind: 'context-menu', command: interaction.commandName, target };
  }
  if (interaction.isButton()) {
    const ephemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
    return {
      ...base,
      kind: 'button',
      customId: interaction.customId,
      message: { id: interaction.message.id, ephemeral },
    };
  }
  if (interaction.isModalSubmit()) {
    return { ...base, kind: 'modal', customId: interaction.customId, field: (id) => textInput(interaction, id) };
  }
  if (interaction.isMessageComponent()) return { ...base, kind: 'other' };
  return undefined;
}

/** A text input's value, or undefined when the form has none by that id (a forged submit). */
function textInput(interaction: ModalSubmitInteraction, id: string): string | undefined {
  try {
    return interaction.fields.getTextInputValue(id);
  } catch {
    return undefined;
  }
}

/** discord.js's methods on the interaction itself; its webhook's routes on `webhooks` when given. */
function gatewayResponder(interaction: Interaction, webhooks: WebhookFor | undefined): Responder {
  const repliable = () => {
    if (!interaction.isRepliable()) throw new Error(`interaction ${interaction.id} cannot be replied to`);
    return interaction;
  };
  const discordJs: Responder = {
    filesInFirstResponse: true,
    reply: async (message) => void (await repliable().reply(message)),
    update: async (message) => {
      if (!interaction.isMessageComponent()) throw new Error(`interaction ${interaction.id} has no message to update`);
      await interaction.update(message);
    },
    choices: async (choices) => {
      if (interaction.isAutocomplete()) await interaction.respond(choices);
    },
    modal: async (modal) => {
      // A button, or a message context menu ("Save as FAQ answer").
      if (!interaction.isButton() && !interaction.isMessageContextMenuCommand())
        throw new Error(`interaction ${interaction.id} cannot open a form`);
      await interaction.showModal(modal);
    },
    defer: async (ephemeral) => void (await repliable().deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {})),
    editOriginal: async (message) => void (await repliable().editReply(message)),
    deleteOriginal: () => repliable().deleteReply(),
    followUp: async (message) => void (await repliable().followUp(message)),
  };
  if (!webhooks) return discordJs;
  const webhook = () => webhooks(repliable().applicationId, interaction.token);
  return {
    ...discordJs,
    editOriginal: ({ files, ...edit }) => webhook().editOriginal(toApiMessage(edit), webhookFiles(files)),
    deleteOriginal: () => webhook().deleteOriginal(),
    followUp: ({ files, ...message }) => webhook().followUp(toApiMessage(message), webhookFiles(files)),
  };
}
