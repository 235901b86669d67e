import type {
  APIApplicationCommand,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  APIInteraction,
  APIMessage,
  APIUser,
  Locale,
} from 'discord.js';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionType,
} from 'discord.js';
import type { InteractionContext } from './payloads.ts';
import { DEFAULT_PERMISSIONS, interaction, snowflake } from './payloads.ts';
import type { Recorder } from './recorder.ts';
import type { RecordedRequest } from './rest.ts';
import type { InteractionRecord, World } from './world.ts';
import { isTextChannel } from './world.ts';

/** Builders for the interactions a user triggers, each returning a handle to await the bot's answer. */

export interface InvokeOptions {
  /** Where to invoke; defaults to the first guild's first text channel (or the target message's channel). */
  channelId?: string;
  /** Invoke in the bot's DM with the user instead. */
  dm?: boolean;
  /** Who invokes; defaults to the fake's default user. */
  user?: APIUser;
  locale?: Locale;
  /** The invoking member's permissions as a bit string; defaults to an ordinary member's (no Manage Server). */
  permissions?: string;
  /** When the user acted (the id's timestamp); in the past for an interaction replayed after a reconnect. */
  createdAt?: number;
  /** The invoking member's role ids (a helper's role, say); none by default. */
  roles?: string[];
}

/** `{ question: 'why?', count: 3 }`, or raw options for subcommands and explicit types. */
export type OptionValues = Record<string, string | number | boolean> | APIApplicationCommandInteractionDataOption[];

export interface SentInteraction {
  readonly id: string;
  readonly token: string;
  readonly payload: APIInteraction;
  /** Live state: callback type, original message id, follow-up ids. */
  readonly record: InteractionRecord;
  /** The interaction callback: reply, deferReply, update, respond (autocomplete), showModal. */
  waitForCallback(timeoutMs?: number): Promise<RecordedRequest>;
  /** The first edit of the original response (editReply after a defer, for instance). */
  waitForEdit(timeoutMs?: number): Promise<RecordedRequest>;
  waitForFollowUp(timeoutMs?: number): Promise<RecordedRequest>;
  /** Every request made with this interaction's id or token so far. */
  requests(): RecordedRequest[];
  /** The response message as Discord now holds it, after any edits. */
  original(): APIMessage | undefined;
}

interface Deps {
  world: World;
  dispatch: (event: string, data: unknown) => void;
  requests: Recorder<RecordedRequest>;
  timeoutMs: () => number;
  /** Discord's clock, which interaction ids hold. */
  discordNow?: () => number;
}

export class InteractionBuilder {
  constructor(private readonly deps: Deps) {}

  chatInput(name: string, options: OptionValues = {}, where: InvokeOptions = {}): SentInteraction {
    const context = this.context(where);
    const command = this.registered(name, ApplicationCommandType.ChatInput, context);
    const given = toOptions(options, command?.options);
    const users = this.resolvedUsers(given, context);
    const channels = this.resolvedChannels(given);
    const roles = this.resolvedRoles(given, context);
    const resolved =
      users || channels || roles
        ? { ...users, ...(channels ? { channels } : {}), ...(roles ? { roles } : {}) }
        : undefined;
    const data = {
      id: command?.id ?? snowflake(),
      name,
      type: ApplicationCommandType.ChatInput,
      options: given,
      ...(resolved ? { resolved } : {}),
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    };
    return this.send(interaction(InteractionType.ApplicationCommand, data, context));
  }

  /** `focused` names the option the user is typing in; its value is the partial input. */
  autocomplete(name: string, options: OptionValues, focused: string, where: InvokeOptions = {}): SentInteraction {
    const context = this.context(where);
    const command = this.registered(name, ApplicationCommandType.ChatInput, context);
    const data = {
      id: command?.id ?? snowflake(),
      name,
      type: ApplicationCommandType.ChatInput,
      options: toOptions(options, command?.options).map((o) => (o.name === focused ? { ...o, focused: true } : o)),
    };
    return this.send(interaction(InteractionType.ApplicationCommandAutocomplete, data, context));
  }

  messageContextMenu(name: string, target: APIMessage, where: InvokeOptions = {}): SentInteraction {
    const context = this.context({ channelId: target.channel_id, ...where });
    const command = this.registered(name, ApplicationCommandType.Message, context);
    const data = {
      id: command?.id ?? snowflake(),
      name,
      type: ApplicationCommandType.Message,
      target_id: target.id,
      resolved: { messages: { [target.id]: target } },
    };
    return this.send(interaction(InteractionType.ApplicationCommand, data, context));
  }

  userContextMenu(name: string, target: APIUser, where: InvokeOptions = {}): SentInteraction {
    const context = this.context(where);
    const command = this.registered(name, ApplicationCommandType.User, context);
    const data = {
      id: command?.id ?? snowflake(),
      name,
      type: ApplicationCommandType.User,
      target_id: target.id,
      resolved: { users: { [target.id]: target } },
    };
    return this.send(interaction(InteractionType.ApplicationCommand, data, context));
  }

  /** A click on a button of `message` (usually one the bot sent). */
  button(customId: string, message: APIMessage, where: InvokeOptions = {}): SentInteraction {
    const context = this.context({ channelId: message.channel_id, ...where });
    const data = { custom_id: customId, component_type: ComponentType.Button };
    return this.send(interaction(InteractionType.MessageComponent, data, context, { message }));
  }

  /** A choice in a string select menu of `message`. */
  select(customId: string, values: string[], message: APIMessage, where: InvokeOptions = {}): SentInteraction {
    const context = this.context({ channelId: message.channel_id, ...where });
    const data = { custom_id: customId, component_type: ComponentType.StringSelect, values };
    return this.send(interaction(InteractionType.MessageComponent, data, context, { message }));
  }

  /**
   * A submitted modal: `fields` maps each text input's custom id to what was typed. Each input
   * arrives in a Label component (type 18), as Discord sends forms it showed with labels; `message`
   * is the message whose component opened the form, if one did.
   */
  modalSubmit(
    customId: string,
    fields: Record<string, string>,
    message?: APIMessage,
    where: InvokeOptions = {},
  ): SentInteraction {
    const context = this.context({ ...(message ? { channelId: message.channel_id } : {}), ...where });
    const data = {
      custom_id: customId,
      components: Object.entries(fields).map(([id, value], i) => ({
        type: ComponentType.Label,
        id: i + 1,
        component: { type: ComponentType.TextInput, id: i + 100, custom_id: id, value },
      })),
    };
    return this.send(interaction(InteractionType.ModalSubmit, data, context, message ? { message } : {}));
  }

  private context(where: InvokeOptions): InteractionContext {
    const { world } = this.deps;
    const invoker = where.user ?? world.defaultUser;
    world.users.set(invoker.id, invoker);
    const base = {
      applicationId: world.application.id,
      user: invoker,
      ...(where.locale ? { locale: where.locale } : {}),
      ...(where.permissions ? { permissions: where.permissions } : {}),
      ...(where.roles ? { roles: where.roles } : {}),
      createdAt: where.createdAt ?? this.deps.discordNow?.() ?? Date.now(),
    };
    if (where.dm) return { ...base, channel: world.dmWith(invoker) };
    const channelId = where.channelId ?? world.guilds[0]?.channels[0]?.id ?? '';
    const channel = world.channels.get(channelId);
    if (!channel) throw new Error(`Fake Discord has no channel ${channelId}`);
    const inThread = channel.type === ChannelType.PublicThread || channel.type === ChannelType.PrivateThread;
    if (!isTextChannel(channel) && !inThread)
      throw new Error(`The fake invokes interactions in text channels, threads and DMs only`);
    const guild = world.guildOf(channelId);
    return { ...base, channel, ...(guild ? { guild } : {}) };
  }

  /**
   * Discord sends the users (and, in a guild, members) that user and mentionable options name in
   * `resolved`; discord.js's getUser() reads them only from there.
   */
  private resolvedUsers(options: APIApplicationCommandInteractionDataOption[], context: InteractionContext) {
    const ids = new Set<string>();
    const visit = (list: APIApplicationCommandInteractionDataOption[]) => {
      for (const option of list) {
        if ('options' in option && option.options)
          visit(option.options as APIApplicationCommandInteractionDataOption[]);
        const refersToUser =
          option.type === ApplicationCommandOptionType.User || option.type === ApplicationCommandOptionType.Mentionable;
        if (refersToUser && 'value' in option && typeof option.value === 'string') ids.add(option.value);
      }
    };
    visit(options);
    const users = [...ids].flatMap((id) => this.deps.world.users.get(id) ?? []);
    if (users.length === 0) return undefined;
    const members = context.guild
      ? Object.fromEntries(
          users.flatMap((u) => {
            const member = context.guild?.members.find((m) => m.user.id === u.id);
            if (!member) return [];
            const { user: _user, deaf: _deaf, mute: _mute, ...rest } = member;
            return [[u.id, { ...rest, permissions: DEFAULT_PERMISSIONS }]];
          }),
        )
      : {};
    return {
      users: Object.fromEntries(users.map((u) => [u.id, u])),
      ...(Object.keys(members).length > 0 ? { members } : {}),
    };
  }

  /** Channel options, like user options, arrive with the channel in `resolved`; getChannel() reads it there. */
  private resolvedChannels(options: APIApplicationCommandInteractionDataOption[]) {
    const found: Record<string, { id: string; name: string | null; type: number; permissions: string }> = {};
    const visit = (list: APIApplicationCommandInteractionDataOption[]) => {
      for (const option of list) {
        if ('options' in option && option.options)
          visit(option.options as APIApplicationCommandInteractionDataOption[]);
        if (
          option.type !== ApplicationCommandOptionType.Channel ||
          !('value' in option) ||
          typeof option.value !== 'string'
        )
          continue;
        const channel = this.deps.world.channels.get(option.value);
        if (channel)
          found[channel.id] = {
            id: channel.id,
            name: 'name' in channel ? (channel.name ?? null) : null,
            type: channel.type,
            permissions: DEFAULT_PERMISSIONS,
          };
      }
    };
    visit(options);
    return Object.keys(found).length > 0 ? found : undefined;
  }

  /** Role options, like channel options, arrive with the role in `resolved`; getRole() reads it there. */
  private resolvedRoles(options: APIApplicationCommandInteractionDataOption[], context: InteractionContext) {
    const found: Record<string, unknown> = {};
    const visit = (list: APIApplicationCommandInteractionDataOption[]) => {
      for (const option of list) {
        if ('options' in option && option.options)
          visit(option.options as APIApplicationCommandInteractionDataOption[]);
        if (option.type !== ApplicationCommandOptionType.Role || !('value' in option)) continue;
        const role = context.guild?.roles.find((r) => r.id === option.value);
        if (role) found[role.id] = role;
      }
    };
    visit(options);
    return Object.keys(found).length > 0 ? found : undefined;
  }

  /** A command the bot registered (guild scope first), so ids and option types match what Discord would send. */
  private registered(name: string, type: ApplicationCommandType, context: InteractionContext) {
    const { commands } = this.deps.world;
    const scopes = [...(context.guild ? [context.guild.id] : []), 'global'];
    return scopes
      .flatMap((scope) => commands.get(scope) ?? [])
      .find((c: APIApplicationCommand) => c.name === name && c.type === type);
  }

  private send(payload: APIInteraction): SentInteraction {
    const { world, dispatch, requests, timeoutMs } = this.deps;
    const record: InteractionRecord = { payload, receivedAt: Date.now(), followUpIds: [] };
    world.interactions.set(payload.id, record);
    dispatch('INTERACTION_CREATE', payload);
    const mine = (r: RecordedRequest) => r.path.includes(`/${payload.token}`);
    const waitFor = (what: string, predicate: (r: RecordedRequest) => boolean, ms?: number) =>
      requests.waitFor((r) => mine(r) && predicate(r), ms ?? timeoutMs(), `${what} of interaction ${payload.id}`);
    return {
      id: payload.id,
      token: payload.token,
      payload,
      record,
      waitForCallback: (ms) => waitFor('the callback', (r) => r.path.endsWith('/callback'), ms),
      waitForEdit: (ms) => waitFor('an edit', (r) => r.method === 'PATCH' && r.path.endsWith('/@original'), ms),
      waitForFollowUp: (ms) =>
        waitFor('a follow-up', (r) => r.method === 'POST' && r.path.startsWith('/webhooks/'), ms),
      requests: () => requests.items.filter(mine),
      original: () => (record.originalId ? world.messages.get(record.originalId) : undefined),
    };
  }
}

function toOptions(
  values: OptionValues,
  definitions: APIApplicationCommandOption[] = [],
): APIApplicationCommandInteractionDataOption[] {
  if (Array.isArray(values)) return values;
  return Object.entries(values).map(([name, value]) => {
    const declared = definitions.find((d) => d.name === name)?.type;
    const type = declared ?? inferType(value);
    return { name, type, value } as APIApplicationCommandInteractionDataOption;
  });
}

function inferType(value: string | number | boolean): ApplicationCommandOptionType {
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  }
  return ApplicationCommandOptionType.String;
}
