import {
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandOptionType,
  GatewayIntentBits,
  PermissionFlagsBits,
} from 'discord.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deployCommands.ts';
import { composeGateway } from '../../src/compose.ts';
import { readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { answeredByGateway, createAskSettingsService } from '../../src/settings/service.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { FakeDiscord } from './fake/index.ts';
import { DEFAULT_PERMISSIONS } from './fake/payloads.ts';
import {
  channelPosts,
  embedOf,
  engine,
  type Harness,
  makeToken,
  messageBody,
  repliesTo,
  replyOf,
  settle,
  storePerTest,
  waitForReplyTo,
} from './harness.ts';

/** /settings ask-channels and cooldown, and /faq, over the fake Discord, wired as src/main.ts wires them. */

const ADMIN = (BigInt(DEFAULT_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();
const QUESTION = 'When was the KIA founded?';
const Option = ApplicationCommandOptionType;

const perTest = storePerTest();
const running = perTest.running;
let dir: string;
let store: ReturnType<typeof openSqliteStore>;
beforeEach(() => {
  ({ dir, store } = perTest.current());
});

async function start(
  env: (fake: FakeDiscord) => Record<string, string> = () => ({}),
  options: {
    forum?: boolean;
    secondGuild?: boolean;
    /** How often the bot re-reads the store for Message Content (another process's settings). */
    contentRecheckMs?: number;
    /** Counts the bot's reads of whether Message Content is needed. */
    onContentQuery?: () => void;
    /** Changes the fake's world before the bot connects (permission overwrites). */
    before?: (fake: FakeDiscord) => void;
  } = {},
): Promise<Harness> {
  const token = makeToken();
  const fake = await FakeDiscord.start({
    token,
    guilds: [
      { channels: ['ask-here', 'random'], ...(options.forum ? { forums: ['questions'] } : {}) },
      ...(options.secondGuild ? [{ channels: ['elsewhere'] }] : []),
    ],
  });
  await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
  options.before?.(fake);
  const configured = readConfig({ DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, ...env(fake) });
  if (!configured.ok) throw new Error(configured.problems.join(' '));
  const { config } = configured;
  const rawLogs: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void rawLogs.push(line) });
  // As src/main.ts composes it, with only the services these tests need.
  const { bot } = composeGateway({
    config,
    engine: engine(),
    commands,
    logger,
    store,
    shared: {},
    daily: false,
    forum: options.forum === true,
    needsMessageContent: () => {
      options.onContentQuery?.();
      return store.needsMessageContent();
    },
    ...(options.contentRecheckMs ? { contentRecheckMs: options.contentRecheckMs } : {}),
  });
  if (!bot) throw new Error('the gateway needs DISCORD_TOKEN');
  await bot.start();
  const h: Harness = {
    fake,
    bot,
    token,
    rawLogs,
    logs: () => rawLogs.map((line) => JSON.parse(line)),
    close: () => bot.stop(),
  };
  running.push(h);
  return h;
}

const option = (type: ApplicationCommandOptionType, name: string, value: string | number) =>
  ({ type, name, value }) as APIApplicationCommandInteractionDataOption;

function askChannels(h: Harness, action: 'add' | 'remove' | 'list', channelId?: string) {
  const options = channelId ? [option(Option.Channel, 'channel', channelId)] : [];
  const group = {
    type: Option.SubcommandGroup,
    name: 'ask-channels',
    options: [{ type: Option.Subcommand, name: action, options }],
  } as APIApplicationCommandInteractionDataOption;
  return replyOf(h.fake.interaction.chatInput('settings', [group], { permissions: ADMIN }));
}

function subcommand(h: Harness, command: string, name: string, options: APIApplicationCommandInteractionDataOption[]) {
  const sub = { type: Option.Subcommand, name, options } as APIApplicationCommandInteractionDataOption;
  return replyOf(h.fake.interaction.chatInput(command, [sub], { permissions: ADMIN }));
}

const contentIntent = (h: Harness) =>
  h.fake.identifies.map((i) => (i.intents & GatewayIntentBits.MessageContent) !== 0);

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('/settings ask-channels', () => {
  it('starts without Message Content, and reconnects with it when a server adds its first ask-channel', async () => {
    const h = await start();
    expect(contentIntent(h)).toEqual([false]);
    const [askHere, random] = h.fake.guild.channels.map((c) => c.id);

    const added = await askChannels(h, 'add', askHere!);
    expect(embedOf(added).title).toBe('Ask-channel added');
    expect(embedOf(added).description).toContain(`<#${askHere}>`);
    await until(() => contentIntent(h).length === 2 && h.bot.client.isReady());
    expect(contentIntent(h)).toEqual([false, true]);

    const listed = h.fake.messageCreate({ content: QUESTION, channelId: askHere });
    const notListed = h.fake.messageCreate({ content: QUESTION, channelId: random, author: h.fake.addUser() });
    const reply = await waitForReplyTo(h, listed.id);
    expect(embedOf(messageBody(reply)).description).toContain('1961');
    expect(messageBody(reply).allowed_mentions).toEqual({ parse: [], replied_user: false });
    await settle(h);
    expect(repliesTo(h, notListed.id)).toEqual([]);

    const list = await askChannels(h, 'list');
    expect(embedOf(list).fields?.[0]).toMatchObject({ name: "This server's ask-channels", value: `<#${askHere}>` });
    h.fake.assertNoViolations();
  });

  it("a server's own list replaces ASK_CHANNEL_IDS, and removing its last channel brings the default back", async () => {
    const h = await start((fake) => ({ ASK_CHANNEL_IDS: fake.guild.channels[1]!.id }));
    expect(contentIntent(h)).toEqual([true]);
    const [askHere, byDefault] = h.fake.guild.channels.map((c) => c.id);
    const [bob, carol, dave] = [h.fake.addUser(), h.fake.addUser(), h.fake.addUser()];

    const before = h.fake.messageCreate({ content: QUESTION, channelId: byDefault, author: bob });
    await waitForReplyTo(h, before.id);

    await askChannels(h, 'add', askHere!);
    const replaced = h.fake.messageCreate({ content: QUESTION, channelId: byDefault, author: carol });
    const own = h.fake.messageCreate({ content: QUESTION, channelId: askHere, author: dave });
    await waitForReplyTo(h, own.id);
    await settle(h);
    expect(repliesTo(h, replaced.id)).toEqual([]);

    const removed = await askChannels(h, 'remove', askHere!);
    expect(embedOf(removed).description).toContain('the defaults (ASK_CHANNEL_IDS) apply again');
    const again = h.fake.messageCreate({ content: QUESTION, channelId: byDefault, author: carol });
    await waitForReplyTo(h, again.id);
    // Asked for at start because ASK_CHANNEL_IDS is set: no reconnect was needed.
    expect(contentIntent(h)).toEqual([true]);
    h.fake.assertNoViolations();
  });
});

describe('an ask-channel added by another process', () => {
  it('makes the running bot reconnect with Message Content within the recheck interval, and answer there', async () => {
    const RECHECK_MS = 150;
    let queries = 0;
    const h = await start(undefined, { contentRecheckMs: RECHECK_MS, onContentQuery: () => queries++ });
    expect(contentIntent(h)).toEqual([false]);
    const askHere = h.fake.channel.id;

    // The HTTP endpoint's process: its own connection to the same database, no gateway, no refreshIntents.
    const other = openSqliteStore({ dataDir: dir });
    try {
      const httpOnly = createAskSettingsService({
        store: other,
        defaults: { askChannelIds: [], cooldownSeconds: 5 },
        now: () => new Date(),
        channelName: (id) => `<#${id}>`,
        chatReading: () => 'elsewhere',
      });
      const added = await httpOnly.addChannel(h.fake.guild.id, askHere);
      expect(added.text).toBe(answeredByGateway(`<#${askHere}>`));
    } finally {
      await other.close();
    }

    const addedAt = Date.now();
    await until(() => contentIntent(h).length === 2 && h.bot.client.isReady(), 2_000);
    expect(Date.now() - addedAt).toBeLessThan(RECHECK_MS + 1_000);
    expect(contentIntent(h)).toEqual([false, true]);
    const asked = h.fake.messageCreate({ content: QUESTION, channelId: askHere });
    expect(embedOf(messageBody(await waitForReplyTo(h, asked.id))).description).toContain('1961');

    // With the intent the session has all it can get: the store is no longer polled.
    const after = queries;
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS * 4));
    expect(queries).toBe(after);
    h.fake.assertNoViolations();
  });

  it('is looked for only while the bot runs: after stop() the store, closed next by main.ts, is not read again', async () => {
    const RECHECK_MS = 50;
    let queries = 0;
    const h = await start(undefined, { contentRecheckMs: RECHECK_MS, onContentQuery: () => queries++ });
    await until(() => queries >= 3, 2_000);
    await h.bot.stop();
    const stoppedAt = queries;
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS * 4));
    expect(queries).toBe(stoppedAt);
    expect(contentIntent(h)).toEqual([false]);
  });
});

describe("/settings ask-channels add in a channel the bot can't answer in", () => {
  it('is refused naming the missing permissions, stores nothing and asks for no intent', async () => {
    const h = await start(undefined, {
      before: (fake) => {
        const deny = String(PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory);
        const locked = fake.guild.channels[0]!;
        if ('permission_overwrites' in locked)
          locked.permission_overwrites = [{ id: fake.guild.id, type: 0, allow: '0', deny }];
      },
    });
    const [locked, open] = h.fake.guild.channels.map((c) => c.id);
    const refused = await askChannels(h, 'add', locked!);
    expect(embedOf(refused).description).toBe(
      `I need Embed Links, Read Message History in <#${locked}> to answer questions there.`,
    );
    expect(refused.flags).toBe(64);
    expect((await store.getAskSettings(h.fake.guild.id)).askChannelIds).toEqual([]);

    const elsewhere = await askChannels(h, 'add', open!);
    expect(embedOf(elsewhere).title).toBe('Ask-channel added');
    expect((await store.getAskSettings(h.fake.guild.id)).askChannelIds).toEqual([open]);
    h.fake.assertNoViolations();
  });
});

describe('Message Content for forum answers', () => {
  it('is not asked for while no server answers a forum, and is once one starts to', async () => {
    const h = await start(undefined, { forum: true });
    expect(contentIntent(h)).toEqual([false]);
    const forum = {
      type: Option.Channel,
      name: 'channel',
      value: h.fake.forum.id,
    } as APIApplicationCommandInteractionDataOption;
    const set = await subcommand(h, 'settings', 'forum-answer', [forum]);
    expect(embedOf(set).title).toBe('Forum posts answered');
    await until(() => contentIntent(h).length === 2 && h.bot.client.isReady());
    expect(contentIntent(h)).toEqual([false, true]);
    h.fake.assertNoViolations();
  });
});

describe('/settings cooldown', () => {
  it("replaces ASK_COOLDOWN_SECONDS for the server: at 0, a member's two quick questions both get answers", async () => {
    const h = await start();
    const askHere = h.fake.channel.id;
    expect(h.fake.identifies).toHaveLength(1);
    await askChannels(h, 'add', askHere);
    await until(() => h.bot.client.isReady() && contentIntent(h).at(-1) === true);
    const set = await subcommand(h, 'settings', 'cooldown', [option(Option.Integer, 'seconds', 0)]);
    expect(embedOf(set).title).toBe('Cooldown set');

    const first = h.fake.messageCreate({ content: QUESTION });
    const second = h.fake.messageCreate({ content: 'Which countries have advanced processing capability?' });
    await waitForReplyTo(h, first.id);
    await waitForReplyTo(h, second.id);
    expect(channelPosts(h)).toHaveLength(2);
    h.fake.assertNoViolations();
  });
});

describe("a server's cooldown", () => {
  it('holds the member back in that server only: the same member asking in another server is answered', async () => {
    const h = await start(() => ({}), { secondGuild: true });
    const [a, b] = h.fake.world.guilds;
    await store.setAskCooldown(a!.id, 3600, new Date());
    const mention = `<@${h.fake.botUser.id}>`;
    const first = h.fake.messageCreate({ content: `${mention} ${QUESTION}`, channelId: a!.channels[0]!.id });
    await waitForReplyTo(h, first.id);
    const again = h.fake.messageCreate({ content: `${mention} ${QUESTION}`, channelId: a!.channels[0]!.id });
    const elsewhere = h.fake.messageCreate({ content: `${mention} ${QUESTION}`, channelId: b!.channels[0]!.id });
    await waitForReplyTo(h, elsewhere.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const repliedTo = channelPosts(h).map((r) => messageBody(r).message_reference?.message_id);
    expect(repliedTo).toEqual([first.id, elsewhere.id]);
    expect(repliedTo).not.toContain(again.id);
    h.fake.assertNoViolations();
  });
});

describe('/faq over Discord', () => {
  it('curates an answer that then wins in an ask-channel and in /ask, quietly, with its source line', async () => {
    const h = await start();
    const added = await subcommand(h, 'faq', 'add', [
      option(Option.String, 'question', 'When was the KIA founded? | KIA founding year?'),
      option(Option.String, 'answer', '1961. @everyone see the pinned explainer <@&123456789012345678>.'),
    ]);
    expect(embedOf(added).title).toMatch(/^Curated answer #\d+ added$/);

    const asked = await replyOf(h.fake.interaction.chatInput('ask', { question: 'wen was teh kia fonded' }));
    expect(embedOf(asked).footer?.text).toBe("Curated by this server's admins");
    expect(embedOf(asked).description).toContain('@everyone');
    expect(asked.allowed_mentions).toEqual({ parse: [], replied_user: false });

    const tooLong = await subcommand(h, 'faq', 'add', [
      option(Option.String, 'question', 'Where are the rules?'),
      option(Option.String, 'answer', 'x'.repeat(1500)),
    ]);
    expect(embedOf(tooLong).description).toContain('the limit is 1,000');
    h.fake.assertNoViolations();
  });
});
