import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  PermissionFlagsBits,
  RateLimitError,
  type RepliableInteraction,
} from 'discord.js';
import type { Logger } from 'pino';
import type { AnswerEngine } from '../../answer/engine.ts';
import { type Command, optionsOf } from '../../bot/command.ts';
import type { CommandContext, Services } from '../../bot/context.ts';
import { execute } from '../../bot/execute.ts';
import { findCommand, MESSAGE, SLASH } from '../../bot/registry.ts';
import { conversationKey } from '../../conversation/frame.ts';
import { LIMITS } from '../../reply/limits.ts';
import type { Reply } from '../../reply/types.ts';
import { readOptions } from './options.ts';
import { decodePager } from './pagerId.ts';
import { renderReply } from './render.ts';
import { tryOnce } from './restPolicy.ts';

export interface InteractionDeps {
  engine: AnswerEngine;
  commands: readonly Command[];
  logger: Logger;
  services?: Partial<Services>;
  /** Whether a user owns the bot's application (read from Discord once the bot is ready). */
  isOwner?: (userId: string) => boolean;
  /** How long page buttons work, in milliseconds. */
  pagerTtlMs?: number;
  /** A command still running after this long is deferred, well inside Discord's 3 s. */
  deferAfterMs?: number;
  now?: () => Date;
}

export const SORRY = 'Sorry, something went wrong. Please try again.';
export const EXPIRED_COMPONENT = 'This button has expired. Run the command again.';

/** Discord accepts the first response to an interaction only this long after the user acted. */
export const RESPONSE_WINDOW_MS = 3_000;

/**
 * An interaction replayed after a reconnect can be older than Discord's response window: any
 * answer would fail with Unknown interaction, so it is not worth running the command for.
 * The id is a snowflake holding the moment the user acted, in Discord's clock, not ours.
 */
export function isPastResponseWindow(createdTimestamp: number, nowMs: number): boolean {
  return nowMs - createdTimestamp > RESPONSE_WINDOW_MS;
}

export async function handleInteraction(interaction: Interaction, deps: InteractionDeps): Promise<void> {
  const nowMs = Date.now();
  if (isPastResponseWindow(interaction.createdTimestamp, nowMs)) {
    deps.logger.debug(
      { interactionId: interaction.id, ageMs: nowMs - interaction.createdTimestamp },
      'interaction skipped: older than the response window',
    );
    return;
  }
  try {
    if (interaction.isAutocomplete()) return await autocomplete(interaction, deps);
    if (interaction.isChatInputCommand()) return await chatInput(interaction, deps);
    if (interaction.isMessageContextMenuCommand()) return await contextMenu(interaction, deps);
    if (interaction.isButton()) return await button(interaction, deps);
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
    deps.logger.error({ err: error, interactionId: interaction.id }, 'interaction handler failed');
    if (interaction.isRepliable()) await apologise(interaction, deps.logger);
  }
}

function contextFor(interaction: Interaction, deps: InteractionDeps): CommandContext {
  return {
    engine: deps.engine,
    user: { id: interaction.user.id, name: interaction.user.globalName ?? interaction.user.username },
    guildId: interaction.guildId ?? undefined,
    canManageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    isOwner: deps.isOwner?.(interaction.user.id) ?? false,
    // A member's slash commands are one conversation wherever they are used.
    conversation: conversationKey(interaction.user.id),
    now: deps.now?.() ?? new Date(),
    services: deps.services ?? {},
  };
}

async function autocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  const command = findCommand(deps.commands, interaction.commandName, SLASH);
  let choices: Array<{ name: string; value: string }> = [];
  try {
    const focused = interaction.options.getFocused(true);
    if (command && command.kind !== 'message' && command.autocomplete) {
      choices = command.autocomplete(focused.name, String(focused.value).slice(0, 200), contextFor(interaction, deps));
    }
  } catch (error) {
    deps.logger.warn({ err: error, interactionId: interaction.id }, 'autocomplete failed; answering with no choices');
  }
  await interaction.respond(
    choices.slice(0, LIMITS.choices).filter((c) => c.name.length >= 1 && c.name.length <= LIMITS.choiceName),
  );
}

async function chatInput(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  const command = findCommand(deps.commands, interaction.commandName, SLASH);
  if (!command || command.kind === 'message') {
    await interaction.reply(
      renderReply({
        text: `I don't know the command /${interaction.commandName.slice(0, 50)}. Try /help.`,
        tone: 'notice',
        ephemeral: true,
      }),
    );
    return;
  }
  const args: Record<string, unknown> = {};
  if (command.kind === 'group') {
    const group = interaction.options.getSubcommandGroup(false);
    const sub = group
      ? `${group} ${interaction.options.getSubcommand(false)}`
      : interaction.options.getSubcommand(false);
    if (!sub || !(sub in command.subcommands)) {
      await interaction.reply(
        renderReply({
          text: `/${command.name} needs one of: ${Object.keys(command.subcommands).join(', ')}.`,
          tone: 'notice',
          ephemeral: true,
        }),
      );
      return;
    }
    args.subcommand = sub;
  }
  const read = readOptions(interaction, optionsOf(command, args.subcommand as string | undefined));
  if (!read.ok) {
    await interaction.reply(renderReply({ text: read.error, tone: 'notice', ephemeral: true }));
    return;
  }
  await respond(
    interaction,
    deps,
    () => execute(command, { ...args, ...read.args }, contextFor(interaction, deps)),
    read.args.hide === true,
  );
}

async function contextMenu(interaction: MessageContextMenuCommandInteraction, deps: InteractionDeps): Promise<void> {
  const command = findCommand(deps.commands, interaction.commandName, MESSAGE);
  if (!command) {
    await interaction.reply(renderReply({ text: "I don't know that command.", tone: 'notice', ephemeral: true }));
    return;
  }
  const target = interaction.targetMessage;
  const content = target.content ?? '';
  if (!content.trim()) {
    await interaction.reply(
      renderReply({ text: 'That message has no text for me to answer.', tone: 'notice', ephemeral: true }),
    );
    return;
  }
  const author = { id: target.author.id, name: target.author.globalName ?? target.author.username };
  await respond(interaction, deps, () => execute(command, { content, author }, contextFor(interaction, deps)), false);
}

async function button(interaction: ButtonInteraction, deps: InteractionDeps): Promise<void> {
  const pager = decodePager(interaction.customId);
  // No other feature of this bot has buttons, so one it cannot read is from an older version or a forged id.
  if (!pager) return await expiredComponent(interaction);
  const now = deps.now?.() ?? new Date();
  if (pager.owner !== interaction.user.id) {
    await interaction.reply(
      renderReply({
        text: 'Only the person who asked can turn these pages. Run the command yourself to browse.',
        tone: 'notice',
        ephemeral: true,
      }),
    );
    return;
  }
  if (now.getTime() > pager.expiresAt) {
    await interaction.reply(
      renderReply({
        text: 'These buttons have expired. Run the command again to browse.',
        tone: 'notice',
        ephemeral: true,
      }),
    );
    return;
  }
  const command = findCommand(deps.commands, pager.command, SLASH);
  if (!command || command.kind === 'message' || !command.page) {
    await interaction.reply(
      renderReply({ text: 'These buttons no longer work. Run the command again.', tone: 'notice', ephemeral: true }),
    );
    return;
  }
  const reply = command.page(pager.key, pager.page, contextFor(interaction, deps));
  const { flags: _ephemeralCannotChange, ...update } = renderReply(reply, {
    pagerOwner: pager.owner,
    pagerExpiresAt: pager.expiresAt,
  });
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
): Promise<void> {
  const work = run();
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), deps.deferAfterMs ?? 1500)));
  const first = await Promise.race([work, slow]);
  clearTimeout(timer);
  const owner = {
    pagerOwner: interaction.user.id,
    pagerExpiresAt: (deps.now?.() ?? new Date()).getTime() + (deps.pagerTtlMs ?? 10 * 60_000),
  };
  if (first !== 'slow') {
    await interaction.reply(renderReply(first, owner));
    return;
  }
  await interaction.deferReply(hide ? { flags: MessageFlags.Ephemeral } : {});
  const reply = await work;
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
