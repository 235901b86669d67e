import { ApplicationCommandType, ComponentType, InteractionType } from 'discord.js';

/**
 * discord.js builds an interaction from the gateway payload before any bot code runs, and some
 * payloads no real Discord sends (a message context menu without `data.resolved`, `options` that is
 * not an array, a button without its `message`) make it throw there, where no handler can catch it.
 * This checks the fields discord.js reads, so such a payload is dropped before it is built.
 */

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSnowflake = (value: unknown): boolean => typeof value === 'string' && /^\d{1,20}$/.test(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/** Why this INTERACTION_CREATE payload cannot be an interaction, or undefined when it has the shape discord.js needs. */
export function interactionProblem(d: unknown): string | undefined {
  if (!isObject(d)) return 'not an object';
  if (!isSnowflake(d.id)) return 'id is not a snowflake';
  if (!isSnowflake(d.application_id)) return 'application_id is not a snowflake';
  if (!isString(d.token) || d.token.length === 0) return 'no token';
  if (typeof d.type !== 'number') return 'type is not a number';
  const invoker = isObject(d.member) ? d.member.user : d.user;
  if (d.member !== undefined && !isObject(d.member)) return 'member is not an object';
  if (!isObject(invoker) || !isSnowflake(invoker.id)) return 'no invoking user';
  if (d.channel !== undefined && (!isObject(d.channel) || !isSnowflake(d.channel.id))) return 'channel has no id';
  if (d.guild_id !== undefined && !isSnowflake(d.guild_id)) return 'guild_id is not a snowflake';
  if (d.type === InteractionType.Ping) return undefined;
  if (!isObject(d.data)) return 'data is not an object';
  switch (d.type) {
    case InteractionType.ApplicationCommand:
    case InteractionType.ApplicationCommandAutocomplete:
      return commandProblem(d.data);
    case InteractionType.MessageComponent:
      return componentProblem(d.data, d.message);
    case InteractionType.ModalSubmit:
      if (!isString(d.data.custom_id)) return 'custom_id is not a string';
      return Array.isArray(d.data.components) ? undefined : 'components is not an array';
    default:
      // Discord sends only types 1 to 5; anything else is not from Discord, and over HTTP it gets a 400, not an answer.
      return `type ${String(d.type).slice(0, 12)} is not an interaction type`;
  }
}

function commandProblem(data: Obj): string | undefined {
  if (!isSnowflake(data.id)) return 'command id is not a snowflake';
  if (!isString(data.name)) return 'command name is not a string';
  if (typeof data.type !== 'number') return 'command type is not a number';
  if (data.resolved !== undefined && !isObject(data.resolved)) return 'resolved is not an object';
  const problem = optionsProblem(data.options, 0);
  if (problem) return problem;
  const resolved = isObject(data.resolved) ? data.resolved : {};
  if (data.type === ApplicationCommandType.Message || data.type === ApplicationCommandType.User) {
    if (!isSnowflake(data.target_id)) return 'target_id is not a snowflake';
    const kind = data.type === ApplicationCommandType.Message ? 'messages' : 'users';
    const targets = resolved[kind];
    const target = isObject(targets) ? targets[data.target_id as string] : undefined;
    if (!isObject(target) || !isSnowflake(target.id)) return `the target is not in resolved.${kind}`;
    if (kind === 'messages' && (!isObject(target.author) || !isSnowflake(target.author.id))) {
      return 'the target message has no author';
    }
  }
  for (const kind of ['users', 'members', 'roles', 'channels', 'messages', 'attachments']) {
    if (resolved[kind] !== undefined && !isObject(resolved[kind])) return `resolved.${kind} is not an object`;
    const entries = isObject(resolved[kind]) ? Object.values(resolved[kind]) : [];
    if (kind !== 'members' && entries.some((entry) => !isObject(entry) || !isSnowflake(entry.id))) {
      return `resolved.${kind} holds an entry without an id`;
    }
    if (kind === 'members' && entries.some((entry) => !isObject(entry))) return 'resolved.members is malformed';
  }
  return undefined;
}

/** Subcommand groups hold subcommands hold options: never deeper than that. */
function optionsProblem(options: unknown, depth: number): string | undefined {
  if (options === undefined) return undefined;
  if (!Array.isArray(options)) return 'options is not an array';
  if (depth > 2) return 'options are nested too deep';
  for (const option of options) {
    if (!isObject(option) || !isString(option.name) || typeof option.type !== 'number') return 'malformed option';
    const problem = optionsProblem(option.options, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function componentProblem(data: Obj, message: unknown): string | undefined {
  if (!isString(data.custom_id)) return 'custom_id is not a string';
  if (typeof data.component_type !== 'number') return 'component_type is not a number';
  if (!isObject(message) || !isSnowflake(message.id) || !isSnowflake(message.channel_id)) {
    return 'the component has no message';
  }
  if (!isObject(message.author) || !isSnowflake(message.author.id)) return 'the message has no author';
  const selects: number[] = [
    ComponentType.StringSelect,
    ComponentType.UserSelect,
    ComponentType.RoleSelect,
    ComponentType.MentionableSelect,
    ComponentType.ChannelSelect,
  ];
  if (selects.includes(data.component_type) && !Array.isArray(data.values)) return 'values is not an array';
  return undefined;
}
