import {
  ApplicationCommandType,
  ChannelType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { Command, SubcommandSpec } from '../../bot/command.ts';
import type { OptionSpecs } from '../../bot/options.ts';

const CHANNEL_TYPES = {
  text: ChannelType.GuildText,
  announcement: ChannelType.GuildAnnouncement,
  forum: ChannelType.GuildForum,
} as const;

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
    builder.setContexts(
      InteractionContextType.Guild,
      InteractionContextType.BotDM,
      InteractionContextType.PrivateChannel,
    );
  }
  if (command.kind === 'group') {
    const groups = new Map<string, Array<[string, SubcommandSpec]>>();
    for (const [name, sub] of Object.entries(command.subcommands as Record<string, SubcommandSpec>)) {
      const [group, inGroup] = name.split(' ');
      if (inGroup === undefined) {
        builder.addSubcommand((sc) => addOptions(sc.setName(name).setDescription(sub.description), sub.options));
      } else groups.set(group!, [...(groups.get(group!) ?? []), [inGroup, sub]]);
    }
    // "ask-channels add": a subcommand group, as Discord nests them.
    for (const [group, subs] of groups) {
      builder.addSubcommandGroup((g) => {
        g.setName(group).setDescription(`/${command.name} ${group}: ${subs.map(([n]) => n).join(', ')}`);
        for (const [name, sub] of subs) {
          g.addSubcommand((sc) => addOptions(sc.setName(name).setDescription(sub.description), sub.options));
        }
        return g;
      });
    }
    return builder;
  }
  return addOptions(builder, command.options);
}

function addOptions<B extends SlashCommandBuilder | SlashCommandSubcommandBuilder>(
  builder: B,
  options: OptionSpecs,
): B {
  // Discord requires required options first.
  const ordered = Object.entries(options).sort(([, a], [, b]) => Number(!!b.required) - Number(!!a.required));
  for (const [name, spec] of ordered) {
    switch (spec.type) {
      case 'string':
        builder.addStringOption((o) => {
          o.setName(name)
            .setDescription(spec.description)
            .setRequired(!!spec.required)
            .setAutocomplete(!!spec.autocomplete);
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
      case 'role':
        builder.addRoleOption((o) => o.setName(name).setDescription(spec.description).setRequired(!!spec.required));
        break;
      case 'channel':
        builder.addChannelOption((o) =>
          o
            .setName(name)
            .setDescription(spec.description)
            .setRequired(!!spec.required)
            .addChannelTypes(...(spec.channelTypes ?? ['text']).map((t) => CHANNEL_TYPES[t])),
        );
        break;
    }
  }
  return builder;
}
