import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGuildForumChannel, APIInteraction, APIMessage, APIRole, APIThreadChannel, APIUser } from 'discord.js';
import { ChannelType } from 'discord.js';
import type { FailRule } from './faults.ts';
import { Faults } from './faults.ts';
import type { GatewayEvent, ShardPair } from './gateway.ts';
import { FakeGateway, GATEWAY_PATH } from './gateway.ts';
import { InteractionBuilder } from './interactions.ts';
import type { GuildModel } from './payloads.ts';
import { forumThread, gatewayMessage, guildMember, message, user } from './payloads.ts';
import type { RecordedRequest, SpecViolation } from './rest.ts';
import { FakeRest } from './rest.ts';
import { channelRoutes } from './routes/channels.ts';
import { commandRoutes } from './routes/commands.ts';
import { interactionRoutes } from './routes/interactions.ts';
import { metaRoutes } from './routes/meta.ts';
import type { RouteContext } from './routes/router.ts';
import { Router } from './routes/router.ts';
import { threadRoutes } from './routes/threads.ts';
import type { GuildConfig, TextChannel } from './world.ts';
import { World } from './world.ts';

export interface FakeDiscordOptions {
  /** Guilds the bot is in; by default one guild with a `#general` text channel. */
  guilds?: GuildConfig[];
  botUser?: Partial<APIUser>;
  /** When set, other bot tokens are refused (REST 401, gateway 4004). Any token works otherwise. */
  token?: string;
  /** Sent in HELLO. Discord uses ~41 s; lower it to see heartbeats in a short test. */
  heartbeatIntervalMs?: number;
  /** IDENTIFY with any of these intent bits is closed with 4014 (privileged intent not enabled). */
  disallowedIntents?: number;
  /** Discord's window for the first interaction response; later callbacks get 10062 Unknown interaction. */
  interactionTimeoutMs?: number;
  /** Answer spec-violating bodies with 400 50035, as Discord would. Violations are recorded either way. */
  rejectInvalidBodies?: boolean;
  /** Validate bodies against the spec at all (on by default); off for load tests, where ajv would cost the bot CPU. */
  validateBodies?: boolean;
  /** Default timeout of the `waitFor…` helpers. */
  waitTimeoutMs?: number;
  /**
   * Discord's clock relative to this machine's, in milliseconds (-10_000: the bot's clock is 10 s
   * ahead). Interaction ids and REST `Date` headers follow it, as a skewed host would see them.
   */
  clockOffsetMs?: number;
  /** GET /gateway/bot's recommended `shards` (what SHARD_COUNT=auto starts); 1 by default. */
  recommendedShards?: number;
  /** GET /gateway/bot's `session_start_limit.max_concurrency`; raise it so shards need not wait 5 s apart. */
  maxConcurrency?: number;
}

export type ResolvedOptions = Required<Omit<FakeDiscordOptions, 'token' | 'botUser'>> &
  Pick<FakeDiscordOptions, 'token' | 'botUser'>;

export interface UserMessage {
  content: string;
  author?: APIUser;
  /** Defaults to the first guild channel; ignored with `dm`. */
  channelId?: string;
  /** Send as a DM from `author` to the bot. */
  dm?: boolean;
  /** Mentioned users; by default parsed from `<@id>` in the content. */
  mentions?: APIUser[];
}

export interface ForumPostFields {
  title: string;
  /** The post's first message. */
  content: string;
  author?: APIUser;
  /** Defaults to the first guild's first forum. A text channel's id opens a thread there: a side conversation, not a post. */
  forumId?: string;
  /** False for a thread the bot learns of after the fact (joining it); such a THREAD_CREATE has no first message after it. */
  newlyCreated?: boolean;
  /** Leave out the first message's MESSAGE_CREATE (it is still stored, so REST can fetch it). */
  withoutMessageEvent?: boolean;
}

export interface ForumPost {
  thread: APIThreadChannel;
  /** The first message, whose id is the thread's, as Discord makes it. */
  starter: APIMessage;
  /** Dispatches the post's events (again): THREAD_CREATE, then its first message's MESSAGE_CREATE. */
  deliver(): void;
}

type MessageEvent = 'MESSAGE_CREATE' | 'MESSAGE_UPDATE' | 'MESSAGE_DELETE';

/** A fake Discord (REST + gateway) on 127.0.0.1 that a real discord.js Client can log in to. */
export class FakeDiscord {
  /** Options the fake reads live: change `disallowedIntents` or `interactionTimeoutMs` mid-test. */
  readonly options: ResolvedOptions;
  readonly world: World;
  readonly interaction: InteractionBuilder;
  private readonly faults = new Faults();
  private readonly rest: FakeRest;
  private readonly gateway: FakeGateway;
  private readonly server: Server;
  private port = 0;
  private misrouteTo: number | undefined;

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  private constructor(options: FakeDiscordOptions) {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.options = {
      guilds: [{}],
      heartbeatIntervalMs: 41_250,
      disallowedIntents: 0,
      interactionTimeoutMs: 3_000,
      rejectInvalidBodies: true,
      validateBodies: true,
      waitTimeoutMs: 2_000,
      recommendedShards: 1,
      maxConcurrency: 1,
      clockOffsetMs: 0,
      ...given,
    };
    this.world = new World(this.options.guilds, options.botUser);
    this.gateway = new FakeGateway(this.world, this.options, () => this.gatewayUrl);
    const context: RouteContext = {
      world: this.world,
      gatewayUrl: () => this.gatewayUrl,
      interactionTimeoutMs: () => this.options.interactionTimeoutMs,
      gatewayBot: () => ({ shards: this.options.recommendedShards, maxConcurrency: this.options.maxConcurrency }),
      echo: (event, sent) => this.echo(event, sent),
    };
    const router = new Router([
      ...metaRoutes(context),
      ...interactionRoutes(context),
      ...commandRoutes(context),
      // Before channelRoutes: PATCH /channels/:id is a thread change, the only channel change the fake takes.
      // Told to the gateway only when a client is connected, as echoes are (an HTTP-only bot has none).
      ...threadRoutes(context, {
        dispatch: (event, data) => void (this.gateway.sessionId && this.dispatch(event, data)),
      }),
      ...channelRoutes(context),
    ]);
    this.rest = new FakeRest(router, this.faults, this.options);
    this.interaction = new InteractionBuilder({
      world: this.world,
      dispatch: (event, data) => this.dispatch(event, data),
      requests: this.rest.requests,
      timeoutMs: () => this.options.waitTimeoutMs,
      discordNow: () => this.discordNow(),
    });
    // A client that hangs up mid-request is not a test failure.
    this.server = createServer((req, res) => void this.rest.handle(req, res).catch(() => res.destroy()));
    this.gateway.attach(this.server);
  }

  /** Pass as `new Client({ rest: { api: fake.apiUrl } })`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}${GATEWAY_PATH}`;
  }

  get botUser(): APIUser {
    return this.world.botUser;
  }

  /** The human who acts unless a test says otherwise. */
  get user(): APIUser {
    return this.world.defaultUser;
  }

  get guild(): GuildModel {
    const [first] = this.world.guilds;
    if (!first) throw new Error('Fake Discord was started without guilds');
    return first;
  }

  /** The first guild's first text channel. */
  get channel(): TextChannel {
    const [first] = this.guild.channels;
    if (!first) throw new Error('The first fake guild has no channels');
    return first;
  }

  // ── Observing ────────────────────────────────────────────────────────────

  get requests(): readonly RecordedRequest[] {
    return this.rest.requests.items;
  }

  /** Requests to routes the fake does not implement (answered 404). */
  get unhandledRequests(): RecordedRequest[] {
    return this.requests.filter((r) => !r.handled);
  }

  get violations(): readonly SpecViolation[] {
    return this.rest.violations;
  }

  get gatewayEvents(): readonly GatewayEvent[] {
    return this.gateway.events.items;
  }

  /** The `d` of every IDENTIFY received, accepted or not. */
  get identifies(): { intents: number; token: string }[] {
    return this.gatewayEvents.flatMap((e) =>
      e.kind === 'receive' && e.op === 2 ? [e.d as { intents: number; token: string }] : [],
    );
  }

  /** Resolves with the first matching request, including ones already received. */
  waitForRequest(
    predicate: (req: RecordedRequest) => boolean,
    timeoutMs = this.options.waitTimeoutMs,
  ): Promise<RecordedRequest> {
    return this.rest.requests.waitFor(predicate, timeoutMs, 'a matching REST request');
  }

  /** Resolves with the first matching gateway event, including past ones. */
  waitForGateway(
    predicate: (event: GatewayEvent) => boolean,
    timeoutMs = this.options.waitTimeoutMs,
  ): Promise<GatewayEvent> {
    return this.gateway.events.waitFor(predicate, timeoutMs, 'a matching gateway event');
  }

  /** Messages Discord now holds in a channel, oldest first. */
  messagesIn(channelId: string = this.channel.id): APIMessage[] {
    return this.world.messagesIn(channelId);
  }

  assertNoViolations(): void {
    if (this.violations.length === 0) return;
    const lines = this.violations.map((v) =>
      [`${v.method} ${v.path} (spec ${v.specRoute}):`, ...v.problems, `body: ${JSON.stringify(v.body)}`].join('\n    '),
    );
    throw new Error(`${this.violations.length} request(s) broke Discord's OpenAPI spec:\n  ${lines.join('\n  ')}`);
  }

  // ── Acting ───────────────────────────────────────────────────────────────

  /** The next matching request(s) get this response instead; see `DiscordErrors` for realistic bodies. */
  failNext(rule: FailRule): void {
    this.faults.add(rule);
  }

  /** Sends a raw dispatch (op 0, next sequence). Returns its `s`, or null if the session's intents filter it out. */
  dispatch(event: string, data: unknown): number | null {
    if (this.misrouteTo !== undefined) return this.gateway.dispatchToShard(this.misrouteTo, event, data);
    return this.gateway.dispatch(event, data);
  }

  /** A user posts a message (guild channel or DM); returns it as Discord stores it. */
  messageCreate(fields: UserMessage): APIMessage {
    const author = fields.author ?? this.user;
    this.world.users.set(author.id, author);
    const channelId = fields.channelId ?? this.channel.id;
    const channel = fields.dm ? this.world.dmWith(author) : this.world.channels.get(channelId);
    if (!channel) throw new Error(`Fake Discord has no channel ${channelId}`);
    const mentionedIds = [...fields.content.matchAll(/<@!?(\d+)>/g)].map(([, id]) => id ?? '');
    const mentioned = mentionedIds.flatMap((id) => this.world.users.get(id) ?? []);
    const created = message({
      channelId: channel.id,
      author,
      content: fields.content,
      mentions: fields.mentions ?? mentioned,
    });
    this.dispatch('MESSAGE_CREATE', this.messageEvent('MESSAGE_CREATE', this.world.addMessage(created)));
    return created;
  }

  /** The first guild's first forum channel. */
  get forum(): APIGuildForumChannel {
    const [first] = this.guild.forums;
    if (!first) throw new Error('The first fake guild has no forums: start the fake with guilds: [{ forums: [...] }]');
    return first;
  }

  /** A member opens a post in a forum: Discord sends THREAD_CREATE, then the post's first message. */
  forumPost(fields: ForumPostFields): ForumPost {
    const author = fields.author ?? this.user;
    this.world.users.set(author.id, author);
    const parents = [...this.guild.forums, ...this.guild.channels];
    const forum = parents.find((f) => f.id === (fields.forumId ?? this.forum.id));
    const guild = forum ? this.world.guildOf(forum.id) : undefined;
    if (!forum || !guild) throw new Error(`Fake Discord has no forum ${fields.forumId}`);
    const thread = this.world.addThread(guild, forumThread(forum, fields.title, author));
    forum.last_message_id = thread.id;
    const mentionedIds = [...fields.content.matchAll(/<@!?(\d+)>/g)].map(([, id]) => id ?? '');
    const mentions = mentionedIds.flatMap((id) => this.world.users.get(id) ?? []);
    const starter = this.world.addMessage({
      ...message({ channelId: thread.id, author, content: fields.content, mentions }),
      id: thread.id,
    });
    const newlyCreated = fields.newlyCreated ?? true;
    const deliver = () => {
      this.dispatch('THREAD_CREATE', { ...thread, ...(newlyCreated ? { newly_created: true } : {}) });
      if (newlyCreated && !fields.withoutMessageEvent) {
        this.dispatch('MESSAGE_CREATE', this.messageEvent('MESSAGE_CREATE', starter));
      }
    };
    deliver();
    return { thread, starter, deliver };
  }

  /** A role of the first guild by name (`guilds: [{ roles: ['helpers'] }]`). */
  role(name: string): APIRole {
    const found = this.guild.roles.find((r) => r.name === name);
    if (!found)
      throw new Error(`The first fake guild has no role ${name}: start the fake with guilds: [{ roles: [...] }]`);
    return found;
  }

  /** An admin deletes a role: gone from REST, and the gateway is told (GUILD_ROLE_DELETE). */
  deleteRole(roleId: string): void {
    const guild = this.guild;
    guild.roles = guild.roles.filter((r) => r.id !== roleId);
    this.dispatch('GUILD_ROLE_DELETE', { guild_id: guild.id, role_id: roleId });
  }

  /** An admin deletes a text channel: gone from REST, and the gateway is told (CHANNEL_DELETE). */
  deleteChannel(channelId: string): void {
    const guild = this.guild;
    const channel = guild.channels.find((c) => c.id === channelId);
    if (!channel) throw new Error(`The first fake guild has no text channel ${channelId}`);
    guild.channels = guild.channels.filter((c) => c.id !== channelId);
    this.world.channels.delete(channelId);
    this.dispatch('CHANNEL_DELETE', channel);
  }

  /** A thread of the first guild by id (one the bot or a member opened). */
  thread(threadId: string): APIThreadChannel {
    const found = this.guild.threads.find((t) => t.id === threadId);
    if (!found) throw new Error(`The first fake guild has no thread ${threadId}`);
    return found;
  }

  /** Registers a user (and makes them a member of every guild) so they can act in tests. */
  addUser(fields: Partial<APIUser> = {}): APIUser {
    const created = user(fields);
    this.world.users.set(created.id, created);
    for (const guild of this.world.guilds) guild.members.push(guildMember(created, guild.joinedAt));
    return created;
  }

  /**
   * Interaction builders whose payloads go to `deliver` instead of the gateway, as Discord sends
   * interactions to an Interactions Endpoint URL (see httpInteractions.ts).
   */
  interactionsVia(deliver: (payload: APIInteraction) => void): InteractionBuilder {
    return new InteractionBuilder({
      world: this.world,
      dispatch: (_event, data) => deliver(data as APIInteraction),
      requests: this.rest.requests,
      timeoutMs: () => this.options.waitTimeoutMs,
      discordNow: () => this.discordNow(),
    });
  }

  /** The time on Discord's clock (this machine's, moved by `clockOffsetMs`). */
  discordNow(): number {
    return Date.now() + this.options.clockOffsetMs;
  }

  /** Calls `listener` with every REST request from now on (recorded or not); returns the unsubscribe. */
  onRequest(listener: (request: RecordedRequest) => void): () => void {
    return this.rest.requests.subscribe(listener);
  }

  /**
   * For long runs (npm run soak): forget recorded requests and gateway events, and messages,
   * interactions and nonces older than `keepMs`, so the fake's memory stays flat.
   */
  forget(keepMs = 60_000): void {
    this.rest.requests.clear();
    this.gateway.forget(1_000);
    this.world.forgetBefore(Date.now() - keepMs);
  }

  /** Closes the live gateway connection(s), or one shard's: 4000 makes discord.js resume, 4014 makes it give up. */
  closeGateway(code = 4000, reason?: string, shardId?: number): void {
    this.gateway.close(code, reason, shardId);
  }

  /** `[id, n]` of each live session, undefined for one that identified without `shard`. */
  get gatewayShards(): (ShardPair | undefined)[] {
    return this.gateway.shards;
  }

  /**
   * Runs `act` (e.g. `() => fake.interaction.chatInput(...)`) with every dispatch it makes sent to
   * shard `shardId`, whatever guild it is in: a misrouted event, which Discord itself never sends.
   */
  misroute<T>(shardId: number, act: () => T): T {
    this.misrouteTo = shardId;
    try {
      return act();
    } finally {
      this.misrouteTo = undefined;
    }
  }

  async close(): Promise<void> {
    this.rest.requests.cancelAll('Fake Discord closed');
    await this.gateway.shutdown();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections(); // Keep-alive sockets from undici would hold close() open.
    });
  }

  /** Discord tells the bot's session about messages, including the bot's own. */
  private echo(event: MessageEvent, sent: APIMessage): void {
    if (this.gateway.sessionId) this.dispatch(event, this.messageEvent(event, sent));
  }

  private messageEvent(event: MessageEvent, sent: APIMessage): unknown {
    const guild = this.world.guildOf(sent.channel_id);
    if (event === 'MESSAGE_DELETE') {
      return { id: sent.id, channel_id: sent.channel_id, ...(guild ? { guild_id: guild.id } : {}) };
    }
    const type = this.world.channels.get(sent.channel_id)?.type;
    const channelType = type === ChannelType.DM || type === ChannelType.PublicThread ? type : ChannelType.GuildText;
    return gatewayMessage(sent, channelType, guild);
  }
}
