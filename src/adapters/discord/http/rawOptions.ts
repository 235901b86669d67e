import {
  type APIApplicationCommandInteractionDataOption,
  type APIInteractionDataResolved,
  ApplicationCommandOptionType,
} from 'discord.js';
import type { OptionSource } from '../options.ts';

type RawOption = APIApplicationCommandInteractionDataOption;

export interface RawCommandData {
  options?: RawOption[];
  resolved?: APIInteractionDataResolved;
}

export interface RawOptionSource extends OptionSource {
  /** The option being typed in an autocomplete; throws when none is marked focused, as discord.js does. */
  getFocused(): { name: string; value: unknown };
}

/**
 * A slash command's options read from the raw payload with discord.js's rules: a subcommand
 * group's and a subcommand's options are lifted to the top, and a getter throws on an option of
 * another type (readOptions turns that into a message). Values of the wrong JSON type throw too,
 * since a hostile payload is not checked by discord.js here.
 */
export function rawOptionSource(data: RawCommandData): RawOptionSource {
  let options: RawOption[] = Array.isArray(data.options) ? data.options : [];
  let subcommand: string | null = null;
  let group: string | null = null;
  const first = () => options[0];
  if (first()?.type === ApplicationCommandOptionType.SubcommandGroup) {
    group = first()?.name ?? null;
    options = nested(first());
  }
  if (first()?.type === ApplicationCommandOptionType.Subcommand) {
    subcommand = first()?.name ?? null;
    options = nested(first());
  }
  const resolved = data.resolved ?? {};

  const typed = (name: string, types: ApplicationCommandOptionType[]): RawOption | undefined => {
    const option = options.find((o) => o.name === name);
    if (option && !types.includes(option.type)) {
      throw new TypeError(`Option "${name}" is of type ${option.type}; expected ${types.join(' or ')}.`);
    }
    return option;
  };
  const primitive = <T>(name: string, type: ApplicationCommandOptionType, jsType: string): T | null => {
    const option = typed(name, [type]);
    if (!option || !('value' in option)) return null;
    if (typeof option.value !== jsType) throw new TypeError(`Option "${name}" holds a ${typeof option.value}.`);
    return option.value as T;
  };
  const idOf = (name: string, types: ApplicationCommandOptionType[]): string | null => {
    const option = typed(name, types);
    return option && 'value' in option && typeof option.value === 'string' ? option.value : null;
  };

  return {
    getSubcommandGroup: () => group,
    getSubcommand: () => subcommand,
    getString: (name) => primitive<string>(name, ApplicationCommandOptionType.String, 'string'),
    getInteger: (name) => {
      const value = primitive<number>(name, ApplicationCommandOptionType.Integer, 'number');
      if (value !== null && !Number.isInteger(value)) throw new TypeError(`Option "${name}" is not an integer.`);
      return value;
    },
    getBoolean: (name) => primitive<boolean>(name, ApplicationCommandOptionType.Boolean, 'boolean'),
    getUser: (name) => {
      const id = idOf(name, [ApplicationCommandOptionType.User, ApplicationCommandOptionType.Mentionable]);
      const user = id ? resolved.users?.[id] : undefined;
      return user ? { id: user.id, username: user.username, globalName: user.global_name ?? null } : null;
    },
    getChannel: (name) => {
      const id = idOf(name, [ApplicationCommandOptionType.Channel]);
      return (id ? resolved.channels?.[id] : undefined) ?? null;
    },
    getRole: (name) => {
      const id = idOf(name, [ApplicationCommandOptionType.Role, ApplicationCommandOptionType.Mentionable]);
      const role = id ? resolved.roles?.[id] : undefined;
      return role ? { id: role.id, name: role.name } : null;
    },
    getFocused: () => {
      const option = options.find((o) => 'focused' in o && o.focused === true);
      if (!option || !('value' in option)) throw new TypeError('No option is focused.');
      return { name: option.name, value: option.value };
    },
  };
}

function nested(option: RawOption | undefined): RawOption[] {
  const inner = option && 'options' in option ? option.options : undefined;
  return Array.isArray(inner) ? (inner as RawOption[]) : [];
}
