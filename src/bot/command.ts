import {
  ApplicationCommandType,
  ChannelType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { AnswerEngine } from '../answer/engine.ts';
import type { Reply, UserRef } from '../reply/types.ts';
import type { ArgumentsOf, OptionSpecs } from './options.ts';
import type { DailyService } from '../daily/runtime/dailyService.ts';

/** What a command may know about where it runs; nothing here is tied to a transport. */
export interface CommandContext {
  engine: AnswerEngine;
  user: UserRef;
  guildId?: string;
  /** Whether the caller may manage the server, as the transport reports it. */
  canManageGuild: boolean;
  now: Date;
  daily?: DailyService;
}

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

export interface GroupCommand<S extends Record<string, SubcommandSpec> = Record<string, SubcommandSpec>> extends Base<Record<string, never>> {
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

// A registry holds commands of every option shape, so their argument types are erased here.
export type Command = SimpleCommand<any> | GroupCommand<any> | MessageCommand;

export function defineCommand<O extends OptionSpecs>(spec: Omit<SimpleCommand<O>, 'kind'>): SimpleCommand<O> {
  return { kind: 'slash', ...spec };
}

export function defineGroup<S extends Record<string, SubcommandSpec>>(spec: Omit<GroupCommand<S>, 'kind' | 'options'>): GroupCommand<S> {
  return { kind: 'group', options: {}, ...spec };
}

/** The option specs a command accepts for a given subcommand (or its own). */
export function optionsOf(command: Command, subcommand?: string): OptionSpecs {
  if (command.kind === 'message') return {};
  if (command.kind === 'group') return (subcommand ? command.subcommands[subcommand]?.options : undefined) ?? {};
  return command.options;
}

/** The discord.js builder for a command, with every option limit from its spec. */
export function builderFor(command: Command): SlashCommandBuilder | ContextMenuCommandBuilder {
  if (command.kind === 'message') {
    return new ContextMenuCommandBuilder()
      .setName(command.name)
      .setType(ApplicationCommandType.Message)
      .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel);
  }
  const builder = new SlashCommandBuilder().setName(command.name).setDescription(command.description);
  if (command.adminOnly) {
    builder.setDefaultMemberPermissions(0x20n /* Manage Server */).setContexts(InteractionContextType.Guild);
  } else {
    builder.setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel);
  }
  if (command.kind === 'group') {
    for (const [name, sub] of Object.entries(command.subcommands as Record<string, SubcommandSpec>)) {
      builder.addSubcommand((sc) => addOptions(sc.setName(name).setDescription(sub.description), sub.options));
    }
    return builder;
  }
  return addOptions(builder, command.options);
}

function addOptions<B extends SlashCommandBuilder | SlashCommandSubcommandBuilder>(builder: B, options: OptionSpecs): B {
  // Discord requires required options first.
  const ordered = Object.entries(options).sort(([, a], [, b]) => Number(!!b.required) - Number(!!a.required));
  for (const [name, spec] of ordered) {
    switch (spec.type) {
      case 'string':
        builder.addStringOption((o) => {
          o.setName(name).setDescription(spec.description).setRequired(!!spec.required).setAutocomplete(!!spec.autocomplete);
          if (spec.maxLength) o.setMaxLength(spec.maxLength);
          if (spec.minLength) o.setMinLength(spec.minLength);
          return o;
        });
        break;
      case 'integer':
        builder.addIntegerOption((o) => o.setName(name).setDescription(spec.description).setRequired(!!spec.required));
        break;
      case 'boolean':
        builder.addBooleanOption((o) => o.setName(name).setDescription(spec.description).setRequired(!!spec.required));
        break;
      case 'user':
        builder.addUserOption((o) => o.setName(name).setDescription(spec.description).setRequired(!!spec.required));
        break;
      case 'channel':
        builder.addChannelOption((o) =>
          o
            .setName(name)
            .setDescription(spec.description)
            .setRequired(!!spec.required)
            .addChannelTypes(...(spec.channelTypes ?? ['text']).map((t) => (t === 'text' ? ChannelType.GuildText : ChannelType.GuildAnnouncement))),
        );
        break;
    }
  }
  return builder;
}

/** Every command takes `hide`, so it is declared once here. */
export const HIDE = { type: 'boolean', description: 'Only you can see the reply' } as const;
export const MENTION = { type: 'user', description: 'Address the answer to this member (the only one it pings)' } as const;
