import type {
  APIBaseInteraction,
  APIDMChannel,
  APIEmbed,
  APIGuildForumChannel,
  APIGuildMember,
  APIGuildTextChannel,
  APIInteraction,
  APIInteractionGuildMember,
  APIMessage,
  APIRole,
  APIThreadChannel,
  APIUser,
  ChannelFlags,
  GatewayGuildCreateDispatchData,
  GatewayMessageCreateDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  Locale,
  RoleFlags,
} from 'discord.js';
import { ChannelType, type InteractionType, MessageType, PermissionFlagsBits } from 'discord.js';

/** Pure builders for the objects Discord sends. Field sets follow discord-api-types, which discord.js reads. */

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** Real-looking, strictly increasing snowflakes (the spec and discord.js both parse them). */
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** What a typical bot is granted: read, write, embed, attach, react, use commands. */
export const DEFAULT_PERMISSIONS = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.AddReactions,
  PermissionFlagsBits.UseExternalEmojis,
  PermissionFlagsBits.UseApplicationCommands,
]
  .reduce((all, bit) => all | bit, 0n)
  .toString();

export interface GuildModel {
  id: string;
  name: string;
  ownerId: string;
  joinedAt: string;
  roles: APIRole[];
  channels: APIGuildTextChannel<ChannelType.GuildText>[];
  members: APIGuildMember[];
  /** Forum channels, sent in GUILD_CREATE with the text channels. */
  forums: APIGuildForumChannel[];
  /** Posts made in the forums. Not sent in GUILD_CREATE: the bot learns of them by THREAD_CREATE. */
  threads: APIThreadChannel[];
}

export function user(fields: Partial<APIUser> = {}): APIUser {
  const id = fields.id ?? snowflake();
  return { id, username: `user${id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null, ...fields };
}

export function everyoneRole(guildId: string): APIRole {
  return {
    id: guildId, // Discord gives @everyone the guild's id.
    name: '@everyone',
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position: 0,
    permissions: DEFAULT_PERMISSIONS,
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

export function textChannel(guildId: string, name: string, position: number, id = snowflake()) {
  const channel: APIGuildTextChannel<ChannelType.GuildText> = {
    id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
  };
  return channel;
}

export function forumChannel(guildId: string, name: string, position: number, id = snowflake()): APIGuildForumChannel {
  return {
    id,
    type: ChannelType.GuildForum,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    default_thread_rate_limit_per_user: 0,
    default_auto_archive_duration: 4320 as APIGuildForumChannel['default_auto_archive_duration'],
    available_tags: [],
    default_reaction_emoji: null,
    default_sort_order: null,
    default_forum_layout: 0 as APIGuildForumChannel['default_forum_layout'],
    flags: 0 as ChannelFlags,
  };
}

/** A forum post: a public thread in the forum, owned by its author. Its first message gets the thread's id. */
export function forumThread(
  forum: Pick<APIGuildForumChannel, 'id' | 'guild_id'>,
  title: string,
  owner: APIUser,
  id = snowflake(),
) {
  const thread: APIThreadChannel = {
    id,
    type: ChannelType.PublicThread,
    guild_id: forum.guild_id ?? '',
    name: title,
    parent_id: forum.id,
    owner_id: owner.id,
    last_message_id: id,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    applied_tags: [],
    flags: 0 as ChannelFlags,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 4320 as NonNullable<APIThreadChannel['thread_metadata']>['auto_archive_duration'],
      archive_timestamp: new Date().toISOString(),
      locked: false,
      create_timestamp: new Date().toISOString(),
    },
  };
  return thread;
}

export function dmChannel(recipient: APIUser, id = snowflake()): APIDMChannel {
  const flags = 0 as ChannelFlags;
  return { id, type: ChannelType.DM, name: null, recipients: [recipient], last_message_id: null, flags };
}

export function guildMember(member: APIUser, joinedAt: string): APIGuildMember {
  const flags = 0 as GuildMemberFlags;
  return { user: member, roles: [], joined_at: joinedAt, deaf: false, mute: false, flags, pending: false };
}

export function guildCreate(guild: GuildModel): GatewayGuildCreateDispatchData {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    region: 'us-west',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: guild.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US' as Locale,
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    hub_type: null,
    incidents_data: null,
    joined_at: guild.joinedAt,
    large: false,
    member_count: guild.members.length,
    voice_states: [],
    members: guild.members,
    channels: [...guild.channels, ...guild.forums],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface MessageFields {
  channelId: string;
  author: APIUser;
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessage['components'];
  flags?: number;
  mentions?: APIUser[];
  webhookId?: string;
  applicationId?: string;
  tts?: boolean;
  messageReference?: APIMessage['message_reference'];
}

/** Discord stamps `type: 'rich'` on embeds sent by bots. */
export function richEmbeds(embeds: APIEmbed[]): APIEmbed[] {
  return embeds.map((embed) => ({ type: 'rich' as APIEmbed['type'], ...embed }));
}

/** A message as REST returns it and MESSAGE_CREATE carries it (gateway extras are added by the caller). */
export function message(fields: MessageFields): APIMessage {
  return {
    id: snowflake(),
    type: fields.messageReference ? MessageType.Reply : MessageType.Default,
    channel_id: fields.channelId,
    author: fields.author,
    content: fields.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: fields.tts ?? false,
    mention_everyone: false,
    mentions: fields.mentions ?? [],
    mention_roles: [],
    attachments: [],
    embeds: richEmbeds(fields.embeds ?? []),
    pinned: false,
    flags: fields.flags ?? 0,
    components: fields.components ?? [],
    ...(fields.webhookId ? { webhook_id: fields.webhookId } : {}),
    ...(fields.applicationId ? { application_id: fields.applicationId } : {}),
    ...(fields.messageReference ? { message_reference: fields.messageReference } : {}),
  };
}

/** MESSAGE_CREATE/UPDATE carry the message plus where it was sent and the author's membership. */
export function gatewayMessage(
  sent: APIMessage,
  channelType: ChannelType.GuildText | ChannelType.DM | ChannelType.PublicThread,
  guild?: GuildModel,
): GatewayMessageCreateDispatchData {
  if (!guild) return { ...sent, channel_type: channelType };
  const membership =
    guild.members.find((m) => m.user.id === sent.author.id) ?? guildMember(sent.author, guild.joinedAt);
  const { user: _user, ...member } = membership;
  return {
    ...sent,
    guild_id: guild.id,
    member: { ...member, joined_at: member.joined_at ?? guild.joinedAt },
    channel_type: channelType,
  };
}

export interface InteractionContext {
  applicationId: string;
  user: APIUser;
  channel: APIGuildTextChannel<ChannelType.GuildText> | APIDMChannel | APIThreadChannel;
  guild?: GuildModel;
  /** The member's role ids; none by default. */
  roles?: string[];
  locale?: Locale;
  /** The member's permissions in the channel; an ordinary member's by default. */
  permissions?: string;
  /** Milliseconds since the Unix epoch, encoded in the interaction id; now by default. */
  createdAt?: number;
}

/**
 * The fields every INTERACTION_CREATE carries. discord.js reads `entitlements` and
 * `authorizing_integration_owners` unconditionally, so they must be present.
 */
export function interaction(
  type: InteractionType,
  data: unknown,
  context: InteractionContext,
  extra: { message?: APIMessage } = {},
): APIInteraction {
  const { applicationId, user: invoker, channel, guild } = context;
  const base: APIBaseInteraction<InteractionType, unknown> = {
    id: snowflake(context.createdAt),
    application_id: applicationId,
    type,
    data,
    token: `fake-interaction-token-${snowflake()}`,
    version: 1,
    app_permissions: DEFAULT_PERMISSIONS,
    locale: context.locale ?? ('en-US' as Locale),
    entitlements: [],
    authorizing_integration_owners: guild ? { 0: guild.id } : { 1: invoker.id },
    context: guild ? 0 : 1,
    attachment_size_limit: 10 * 1024 * 1024,
    channel,
    channel_id: channel.id,
    ...extra,
  };
  if (guild) {
    const member: APIInteractionGuildMember = {
      ...guildMember(invoker, guild.joinedAt),
      roles: context.roles ?? [],
      user: invoker,
      permissions: context.permissions ?? DEFAULT_PERMISSIONS,
    };
    Object.assign(base, {
      guild_id: guild.id,
      guild: { id: guild.id, features: [], locale: 'en-US' },
      guild_locale: 'en-US',
      member,
    });
  } else {
    Object.assign(base, { user: invoker });
  }
  return base as APIInteraction; // The caller chose a `type` and `data` that belong together.
}
