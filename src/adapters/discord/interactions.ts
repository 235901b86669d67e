import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  PermissionFlagsBits,
  RateLimitError,
  type RepliableInteraction,
} from 'discord.js';
import type { Logger } from 'pino';
import type { CommandContext } from '../../bot/context.ts';
import { execute } from '../../bot/execute.ts';
import type { Reply } from '../../reply/types.ts';
import { handleFeedback } from './feedback.ts';
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
} from './interactionPlan.ts';
import { renderReply } from './render.ts';
import { tryOnce } from './restPolicy.ts';
import { type StreamedReply, streamedReply } from './streamedReply.ts';

export interface InteractionDeps extends PlanDeps {
  /** Discord's clock as its responses tell it (undefined until one has); the response window is on that clock. */
  discordNow?: () => number | undefined;
  /** A command still running after this long is deferred, well inside Discord's 3 s. */
  deferAfterMs?: number;
  /** Sharding: whether this process owns the interaction's guild (null: a DM). Absent: it owns all. */
  ownsGuild?: (guildId: string | null) => boolean;
}

export const SORRY = 'Sorry, something went wrong. Please try again.';
export { EXPIRED_COMPONENT };

/** A command still running after this long is deferred, well inside Discord's 3 s. */
export const DEFER_AFTER_MS = 1_500;

/** Discord accepts the first response to an interaction only this long after the user acted. */
export const RESPONSE_WINDOW_MS = 3_000;
/** How far the estimate of Discord's clock may be off: its Date header is in whole seconds, plus network delay. */
export const CLOCK_UNCERTAINTY_MS = 1_000;

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

/** Discord's answer to a response sent after its window closed (or to an interaction it never sent). */
const UNKNOWN_INTERACTION = 10062;

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
  try {
    if (interaction.isAutocomplete()) return await autocomplete(interaction, deps);
    if (interaction.isChatInputCommand()) return await chatInput(interaction, deps);
    if (interaction.isMessageContextMenuCommand()) return await contextMenu(interaction, deps);
    if (interaction.isButton()) return await button(interaction, deps);
    if (interaction.isModalSubmit()) {
      const context = () => contextFor(interaction, deps);
      const deferAfterMs = deps.deferAfterMs ?? DEFER_AFTER_MS;
      if (!(await handleFeedback(interaction, { commands: deps.commands, context, deferAfterMs })))
        await expiredComponent(interaction);
      return;
    }
    // A select menu or any component of a message this bot no longer knows: say so rather than leave it spinning.
    if (interaction.isMessageComponent()) return await expiredComponent(interaction);
  } catch (error) {
    if (error instanceof RateLimitError) {
      // Waiting would outlast the interaction, and an apology is one more request into the same limit.
      deps.logger.warn(
        { interactionId: interaction.id, retryAfterMs: error.retryAfter, route: error.route },
        'interaction not answered: rate limited past its response window',
      );
      return;
    }
    if (error instanceof DiscordAPIError && error.code === UNKNOWN_INTERACTION) {
      // Too late by Discord's clock: an apology would meet the same answer.
      deps.logger.info(
        { interactionId: interaction.id, ageMs: (deps.discordNow?.() ?? Date.now()) - interaction.createdTimestamp },
        'interaction not answered: Discord says its response window had closed (10062 Unknown interaction)',
      );
      return;
    }
    deps.logger.error({ err: error, interactionId: interaction.id }, 'interaction handler failed');
    if (interaction.isRepliable()) await apologise(interaction, deps.logger);
  }
}

/** Autocomplete and page buttons carry all they need in the interaction itself: any shard may answer them. */
function isStateless(interaction: Interaction): boolean {
  return interaction.isAutocomplete() || interaction.isButton();
}

/** Who acted and where, as discord.js reports it. */
function invokerOf(interaction: Interaction): Invoker {
  return {
    user: { id: interaction.user.id, name: interaction.user.globalName ?? interaction.user.username },
    guildId: interaction.guildId ?? undefined,
    canManageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

function contextFor(interaction: Interaction, deps: InteractionDeps): CommandContext {
  return commandContext(invokerOf(interaction), deps);
}

async function autocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  const choices = autocompleteChoices(
    interaction.commandName,
    () => interaction.options.getFocused(true),
    invokerOf(interaction),
    {
      ...deps,
      interactionId: interaction.id,
    },
  );
  await interaction.respond(choices);
}

async function chatInput(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  const plan = planSlashCommand(deps.commands, interaction.commandName, interaction.options);
  if (plan.kind === 'notice') {
    await interaction.reply(renderReply(plan.reply));
    return;
  }
  const parts = streamedReply(interaction, plan.hide, pagerFor(interaction.user.id, deps), deps.logger);
  await respond(
    interaction,
    deps,
    () => execute(plan.command, plan.args, { ...contextFor(interaction, deps), progress: parts }),
    plan.hide,
    parts,
  );
}

async function contextMenu(interaction: MessageContextMenuCommandInteraction, deps: InteractionDeps): Promise<void> {
  const target = interaction.targetMessage;
  const plan = planContextMenu(deps.commands, interaction.commandName, {
    content: target.content ?? '',
    author: { id: target.author.id, name: target.author.globalName ?? target.author.username },
  });
  if (plan.kind === 'notice') {
    await interaction.reply(renderReply(plan.reply));
    return;
  }
  await respond(interaction, deps, () => execute(plan.command, plan.args, contextFor(interaction, deps)), false);
}

async function button(interaction: ButtonInteraction, deps: InteractionDeps): Promise<void> {
  const context = () => contextFor(interaction, deps);
  const deferAfterMs = deps.deferAfterMs ?? DEFER_AFTER_MS;
  if (await handleFeedback(interaction, { commands: deps.commands, context, deferAfterMs })) return;
  const plan = planButton(interaction.customId, invokerOf(interaction), deps);
  if (plan.kind === 'expired') return await expiredComponent(interaction);
  if (plan.kind === 'notice') {
    await interaction.reply(renderReply(plan.reply));
    return;
  }
  const { flags: _ephemeralCannotChange, ...update } = renderReply(plan.reply, plan.render);
  await interaction.update(update);
}

async function expiredComponent(interaction: RepliableInteraction): Promise<void> {
  await interaction.reply(renderReply({ text: EXPIRED_COMPONENT, tone: 'notice', ephemeral: true }));
}

/**
 * Reply straight away when the command is quick; otherwise defer first, so Discord's
 * 3-second window never closes on a slow command (a database or network call).
 */
async function respond(
  interaction: RepliableInteraction,
  deps: InteractionDeps,
  run: () => Promise<Reply>,
  hide: boolean,
  parts?: StreamedReply,
): Promise<void> {
  const work = run();
  const first = await replyOrSlow(work, deps.deferAfterMs ?? DEFER_AFTER_MS);
  const owner = pagerFor(interaction.user.id, deps);
  // A command that began showing parts (a generated answer) has deferred already.
  await parts?.settled();
  if (first !== 'slow' && !interaction.deferred) {
    await interaction.reply(renderReply(first, owner));
    return;
  }
  if (!interaction.deferred) await interaction.deferReply(hide ? { flags: MessageFlags.Ephemeral } : {});
  const reply = await work;
  await parts?.settled();
  const { flags, ...edit } = renderReply(reply, owner);
  if (flags && !hide) {
    // The deferral was public, and an edit cannot make it private: replace it with a private follow-up.
    await interaction.deleteReply();
    await interaction.followUp({ ...edit, flags });
    return;
  }
  await interaction.editReply(edit);
}

async function apologise(interaction: RepliableInteraction, logger: Logger): Promise<void> {
  // One try: during an outage the apology fails like the request before it, and retrying only delays the next user.
  await tryOnce(() => sendApology(interaction)).catch((error: unknown) =>
    logger.warn({ err: error, interactionId: interaction.id }, 'could not send the apology either'),
  );
}

async function sendApology(interaction: RepliableInteraction): Promise<void> {
  const body = { content: SORRY, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
  if (interaction.deferred && !interaction.replied) {
    // The deferred "thinking…" message is the reply: replace it, or it spins until Discord gives up on it.
    await interaction.editReply({ content: SORRY, embeds: [], components: [], allowedMentions: { parse: [] } });
  } else if (interaction.replied) await interaction.followUp(body);
  else await interaction.reply(body);
}
