import type { Logger } from 'pino';
import type { AnswerEngine } from '../../answer/engine.ts';
import { type Command, optionsOf } from '../../bot/command.ts';
import type { CommandContext, Services } from '../../bot/context.ts';
import { findCommand, MESSAGE, SLASH } from '../../bot/registry.ts';
import { conversationKey } from '../../conversation/frame.ts';
import { LIMITS } from '../../reply/limits.ts';
import type { Reply, UserRef } from '../../reply/types.ts';
import { type OptionSource, readOptions } from './options.ts';
import { decodePager, type PagerId } from './pagerId.ts';
import type { RenderOptions } from './render.ts';

/**
 * What an interaction asks for, decided from plain data, so the gateway (interactions.ts) and the
 * HTTP endpoint (http/) answer the same interaction with the same reply; only the sending differs.
 */

export interface PlanDeps {
  engine: AnswerEngine;
  commands: readonly Command[];
  logger: Logger;
  services?: Partial<Services>;
  /** Whether a user owns the bot's application (read from Discord once the bot is ready). */
  isOwner?: (userId: string) => boolean;
  /** How long page buttons work, in milliseconds. */
  pagerTtlMs?: number;
  now?: () => Date;
}

/** Who acted and where, as either path reads it from its interaction. */
export interface Invoker {
  user: UserRef;
  guildId?: string;
  canManageGuild: boolean;
  /** The member's roles in the server (the helper role lets a member resolve and save); none in a DM. */
  roles?: readonly string[];
  /** The channel acted in (a thread, for the hand-off loop's buttons and menu). */
  channelId?: string;
}

/**
 * The one command context of the Discord adapter, for interactions and chat alike. Chat passes its
 * own conversation (the member in that channel); everything else is one conversation per member.
 */
export function commandContext(
  invoker: Invoker,
  deps: Pick<PlanDeps, 'engine' | 'isOwner' | 'now' | 'services'>,
  conversation = conversationKey(invoker.user.id),
): CommandContext {
  return {
    engine: deps.engine,
    user: invoker.user,
    guildId: invoker.guildId,
    canManageGuild: invoker.canManageGuild,
    isOwner: deps.isOwner?.(invoker.user.id) ?? false,
    // A member's slash commands are one conversation wherever they are used.
    conversation,
    now: deps.now?.() ?? new Date(),
    services: deps.services ?? {},
  };
}

const notice = (text: string): Reply => ({ text, tone: 'notice', ephemeral: true });

export type CommandPlan =
  | { kind: 'notice'; reply: Reply }
  | { kind: 'run'; command: Command; args: Record<string, unknown>; hide: boolean };

/** The slash command to run with its checked options, or the notice that says why not. */
export function planSlashCommand(commands: readonly Command[], name: string, options: OptionSource): CommandPlan {
  const command = findCommand(commands, name, SLASH);
  if (!command || command.kind === 'message') {
    return { kind: 'notice', reply: notice(`I don't know the command /${name.slice(0, 50)}. Try /help.`) };
  }
  const args: Record<string, unknown> = {};
  if (command.kind === 'group') {
    // A subcommand in a group is named "group sub" (e.g. 'ask-channels add'), as commands define it.
    const group = options.getSubcommandGroup(false);
    const sub = group ? `${group} ${options.getSubcommand(false)}` : options.getSubcommand(false);
    if (!sub || !(sub in command.subcommands)) {
      const names = Object.keys(command.subcommands).join(', ');
      return { kind: 'notice', reply: notice(`/${command.name} needs one of: ${names}.`) };
    }
    args.subcommand = sub;
  }
  const read = readOptions({ options }, optionsOf(command, args.subcommand as string | undefined));
  if (!read.ok) return { kind: 'notice', reply: notice(read.error) };
  return { kind: 'run', command, args: { ...args, ...read.args }, hide: read.args.hide === true };
}

/**
 * A message context-menu command to run on the message's text, or the notice that says why not.
 * `target` is the message as either path reads it (undefined when the payload lacks it).
 */
export function planContextMenu(
  commands: readonly Command[],
  name: string,
  target: { content: string; author: UserRef } | undefined,
): CommandPlan {
  const command = findCommand(commands, name, MESSAGE);
  if (!command) return { kind: 'notice', reply: notice("I don't know that command.") };
  if (!target?.content.trim()) return { kind: 'notice', reply: notice('That message has no text for me to answer.') };
  return { kind: 'run', command, args: { content: target.content, author: target.author }, hide: false };
}

/** Choices for the option being typed; a failing autocomplete answers with none rather than an error. */
export function autocompleteChoices(
  name: string,
  focused: () => { name: string; value: unknown },
  invoker: Invoker,
  deps: PlanDeps & { interactionId: string },
): Array<{ name: string; value: string }> {
  const command = findCommand(deps.commands, name, SLASH);
  let choices: Array<{ name: string; value: string }> = [];
  try {
    const option = focused();
    if (command && command.kind !== 'message' && command.autocomplete) {
      choices = command.autocomplete(option.name, String(option.value).slice(0, 200), commandContext(invoker, deps));
    }
  } catch (error) {
    deps.logger.warn(
      { err: error, interactionId: deps.interactionId },
      'autocomplete failed; answering with no choices',
    );
  }
  return choices.slice(0, LIMITS.choices).filter((c) => c.name.length >= 1 && c.name.length <= LIMITS.choiceName);
}

export type ButtonPlan =
  | { kind: 'expired' }
  | { kind: 'notice'; reply: Reply }
  | { kind: 'page'; reply: Reply; render: RenderOptions };

/** A page button's next page, or why it cannot turn. */
export function planButton(customId: string, invoker: Invoker, deps: PlanDeps): ButtonPlan {
  const pager = decodePager(customId);
  // No other feature of this bot has buttons, so one it cannot read is from an older version or a forged id.
  if (!pager) return { kind: 'expired' };
  const now = deps.now?.() ?? new Date();
  if (pager.owner !== invoker.user.id) {
    return {
      kind: 'notice',
      reply: notice('Only the person who asked can turn these pages. Run the command yourself to browse.'),
    };
  }
  if (now.getTime() > pager.expiresAt) {
    return { kind: 'notice', reply: notice('These buttons have expired. Run the command again to browse.') };
  }
  const command = findCommand(deps.commands, pager.command, SLASH);
  if (!command || command.kind === 'message' || !command.page) {
    return { kind: 'notice', reply: notice('These buttons no longer work. Run the command again.') };
  }
  return {
    kind: 'page',
    reply: command.page(pager.key, pager.page, commandContext(invoker, deps)),
    render: pagerRender(pager),
  };
}

function pagerRender(pager: PagerId): RenderOptions {
  return { pagerOwner: pager.owner, pagerExpiresAt: pager.expiresAt };
}

/** Who may turn the pages of a reply to `userId`, and until when. */
export function pagerFor(userId: string, deps: PlanDeps): RenderOptions {
  return {
    pagerOwner: userId,
    pagerExpiresAt: (deps.now?.() ?? new Date()).getTime() + (deps.pagerTtlMs ?? 10 * 60_000),
  };
}

/** The command's reply, or 'slow' when it is still running after `afterMs`: then it is deferred. */
export async function replyOrSlow(work: Promise<Reply>, afterMs: number): Promise<Reply | 'slow'> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), afterMs)));
  try {
    return await Promise.race([work, slow]);
  } finally {
    clearTimeout(timer);
  }
}
