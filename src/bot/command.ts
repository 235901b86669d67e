import type { Reply, UserRef } from '../reply/types.ts';
import type { CommandContext } from './context.ts';
import type { ArgumentsOf, OptionSpecs } from './options.ts';

export interface AutocompleteChoice {
  name: string;
  value: string;
}

interface Base<O extends OptionSpecs> {
  name: string;
  description: string;
  options: O;
  /** Manage Server only, and not in DMs. */
  adminOnly?: boolean;
  /** The application's owner only: operations on the running bot, such as /reload. */
  ownerOnly?: boolean;
  /** Example invocations for /help and the console. */
  examples?: string[];
  autocomplete?: (option: string, typed: string, ctx: CommandContext) => AutocompleteChoice[];
  /** Rebuild page `page` of a paged reply from its key. */
  page?: (key: string, page: number, ctx: CommandContext) => Reply;
}

export interface SimpleCommand<O extends OptionSpecs = OptionSpecs> extends Base<O> {
  kind: 'slash';
  run: (args: ArgumentsOf<O>, ctx: CommandContext) => Reply | Promise<Reply>;
}

export interface SubcommandSpec {
  description: string;
  options: OptionSpecs;
}

export type SubcommandArgs<S extends Record<string, SubcommandSpec>> = {
  [K in keyof S]: { subcommand: K } & ArgumentsOf<S[K]['options']>;
}[keyof S];

/** A subcommand named "group sub" (one space) belongs to the subcommand group "group", as Discord nests them. */
export interface GroupCommand<S extends Record<string, SubcommandSpec> = Record<string, SubcommandSpec>>
  extends Base<Record<string, never>> {
  kind: 'group';
  subcommands: S;
  run: (args: SubcommandArgs<S>, ctx: CommandContext) => Reply | Promise<Reply>;
}

/** A message context-menu command: it acts on the message it is used on. */
export interface MessageCommand {
  kind: 'message';
  name: string;
  description: string;
  run: (target: { content: string; author: UserRef }, ctx: CommandContext) => Reply | Promise<Reply>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds commands of every option shape
export type Command = SimpleCommand<any> | GroupCommand<any> | MessageCommand;

export function defineCommand<O extends OptionSpecs>(spec: Omit<SimpleCommand<O>, 'kind'>): SimpleCommand<O> {
  return { kind: 'slash', ...spec };
}

export function defineGroup<S extends Record<string, SubcommandSpec>>(
  spec: Omit<GroupCommand<S>, 'kind' | 'options'>,
): GroupCommand<S> {
  return { kind: 'group', options: {}, ...spec };
}

/** The option specs a command accepts for a given subcommand (or its own). */
export function optionsOf(command: Command, subcommand?: string): OptionSpecs {
  if (command.kind === 'message') return {};
  if (command.kind === 'group') return (subcommand ? command.subcommands[subcommand]?.options : undefined) ?? {};
  return command.options;
}

/** Every command takes `hide`, so it is declared once here. */
export const HIDE = { type: 'boolean', description: 'Only you can see the reply' } as const;
export const MENTION = {
  type: 'user',
  description: 'Address the answer to this member (the only one it pings)',
} as const;
