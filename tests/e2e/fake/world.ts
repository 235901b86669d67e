import type {
  APIApplication,
  APIApplicationCommand,
  APIDMChannel,
  APIGuildForumChannel,
  APIGuildTextChannel,
  APIInteraction,
  APIMessage,
  APIThreadChannel,
  APIUser,
  ApplicationFlags,
} from 'discord.js';
import { ChannelType } from 'discord.js';
import type { GuildModel } from './payloads.ts';
import { dmChannel, everyoneRole, forumChannel, guildMember, snowflake, textChannel, user } from './payloads.ts';

/** Everything the fake Discord knows: users, guilds, channels, messages, interactions, commands. */

export interface GuildConfig {
  id?: string;
  name?: string;
  /** Text channel names; the default is one `#general`. */
  channels?: string[];
  /** Extra human members besides the bot and the default user. */
  members?: APIUser[];
  /** Forum channel names, listed after the text channels; none by default. */
  forums?: string[];
  /** Tag names every forum offers (its available_tags); none by default. */
  forumTags?: string[];
  /** Role names besides @everyone; none by default. */
  roles?: string[];
}

export interface InteractionRecord {
  payload: APIInteraction;
  receivedAt: number;
  /** The callback type the bot answered with (4 reply, 5 defer, 6/7 update, 8 autocomplete, 9 modal). */
  callbackType?: number;
  callbackData?: unknown;
  /** Id of the message `@original` refers to. */
  originalId?: string;
  followUpIds: string[];
}

export type TextChannel = APIGuildTextChannel<ChannelType.GuildText> | APIDMChannel;
/** Every channel the fake holds: text, DM, forum, and the threads (posts) made in forums. */
export type AnyChannel = TextChannel | APIGuildForumChannel | APIThreadChannel;

/** Discord's shard formula, written out again here so the fake does not trust the bot's. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * A fresh snowflake that lands on `shard` of `shardCount`: tests spread guilds across shards
 * with these, since ids made in the same millisecond would all land on one.
 */
export function snowflakeOnShard(shard: number, shardCount: number): string {
  const now = Date.now();
  for (let back = 0; back < shardCount; back++) {
    const id = snowflake(now - back);
    if (shardOfGuild(id, shardCount) === shard) return id;
  }
  throw new Error(`no snowflake lands on shard ${shard} of ${shardCount}`);
}

export function isTextChannel(channel: AnyChannel): channel is TextChannel {
  return channel.type === ChannelType.GuildText || channel.type === ChannelType.DM;
}

export class World {
  readonly botUser: APIUser;
  readonly application: APIApplication;
  /** The human who acts in tests unless told otherwise. */
  readonly defaultUser: APIUser;
  readonly guilds: GuildModel[];
  readonly users = new Map<string, APIUser>();
  readonly channels = new Map<string, AnyChannel>();
  readonly messages = new Map<string, APIMessage>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** Messages created with `enforce_nonce`, by `channelId:nonce`, so a repeat returns the first. */
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  /** A long run opens thousands of DMs: finding one must not scan every channel. */
  private readonly dmByRecipient = new Map<string, string>();
  /** Registered commands by scope: `global` or a guild id. */
  readonly commands = new Map<string, APIApplicationCommand[]>();

  constructor(guilds: GuildConfig[], botUser: Partial<APIUser> = {}) {
    this.botUser = user({ username: 'fake-bot', ...botUser, bot: true });
    this.defaultUser = user({ username: 'alice', global_name: 'Alice' });
    this.application = {
      id: this.botUser.id, // Discord's bot user id equals the application id for modern apps.
      name: this.botUser.username,
      icon: null,
      description: '',
      bot_public: true,
      bot_require_code_grant: false,
      bot: this.botUser,
      // The default member owns the application, so owner-only commands can be tried from the fake.
      owner: this.defaultUser,
      summary: '',
      verify_key: '0'.repeat(64),
      team: null,
      flags: 0 as ApplicationFlags,
      flags_new: '0',
    };
    for (const u of [this.botUser, this.defaultUser]) this.users.set(u.id, u);
    this.guilds = guilds.map((config) => this.buildGuild(config));
  }

  private buildGuild(config: GuildConfig): GuildModel {
    const id = config.id ?? snowflake();
    const joinedAt = new Date().toISOString();
    const humans = [this.defaultUser, ...(config.members ?? [])];
    for (const member of humans) this.users.set(member.id, member);
    const guild: GuildModel = {
      id,
      name: config.name ?? 'Fake Guild',
      ownerId: this.defaultUser.id,
      joinedAt,
      roles: [
        everyoneRole(id),
        ...(config.roles ?? []).map((name, i) => ({ ...everyoneRole(id), id: snowflake(), name, position: i + 1 })),
      ],
      channels: (config.channels ?? ['general']).map((name, position) => textChannel(id, name, position)),
      members: [this.botUser, ...humans].map((member) => guildMember(member, joinedAt)),
      forums: (config.forums ?? []).map((name, i) => ({
        ...forumChannel(id, name, (config.channels ?? ['general']).length + i),
        available_tags: (config.forumTags ?? []).map((tag) => ({
          id: snowflake(),
          name: tag,
          moderated: false,
          emoji_id: null,
          emoji_name: null,
        })),
      })),
      threads: [],
    };
    for (const channel of [...guild.channels, ...guild.forums]) this.channels.set(channel.id, channel);
    return guild;
  }

  guildOf(channelId: string): GuildModel | undefined {
    return this.guilds.find((guild) =>
      [...guild.channels, ...guild.forums, ...guild.threads].some((channel) => channel.id === channelId),
    );
  }

  /** The DM channel between the bot and `recipient`, created on first use like Discord does. */
  dmWith(recipient: APIUser): APIDMChannel {
    const known = this.channels.get(this.dmByRecipient.get(recipient.id) ?? '');
    if (known && 'recipients' in known) return known;
    const channel = dmChannel(recipient);
    this.channels.set(channel.id, channel);
    this.dmByRecipient.set(recipient.id, channel.id);
    this.users.set(recipient.id, recipient);
    return channel;
  }

  /** A thread (forum post) in `guild`, known to REST from now on. */
  addThread(guild: GuildModel, thread: APIThreadChannel): APIThreadChannel {
    guild.threads.push(thread);
    this.channels.set(thread.id, thread);
    return thread;
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    for (const record of this.interactions.values()) if (record.payload.token === token) return record;
    return undefined;
  }

  addMessage(message: APIMessage): APIMessage {
    this.messages.set(message.id, message);
    const channel = this.channels.get(message.channel_id);
    if (channel) channel.last_message_id = message.id;
    return message;
  }

  /** Drops messages, interactions and nonces older than `cutoff` (ms since the epoch), oldest first. */
  forgetBefore(cutoff: number): void {
    for (const [id, message] of this.messages) {
      if (Date.parse(message.timestamp) >= cutoff) break;
      this.messages.delete(id);
    }
    for (const [id, record] of this.interactions) {
      if (record.receivedAt >= cutoff) break;
      this.interactions.delete(id);
    }
    for (const [key, seen] of this.nonces) {
      if (seen.at >= cutoff) break;
      this.nonces.delete(key);
    }
  }

  messagesIn(channelId: string): APIMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId);
  }
}
