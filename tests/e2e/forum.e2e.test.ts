import {
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandOptionType,
  GatewayIntentBits,
  PermissionFlagsBits,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createBot } from '../../src/adapters/discord/bot.ts';
import { deployCommands } from '../../src/adapters/discord/deployCommands.ts';
import { createForumAdapter } from '../../src/adapters/discord/forum.ts';
import { readConfig } from '../../src/config.ts';
import { CURATED_SOURCE } from '../../src/faq/reply.ts';
import { createFaqService } from '../../src/faq/service.ts';
import { sharedFaqModel } from '../../src/faq/threshold.ts';
import type { PostOutcome } from '../../src/forum/answerer.ts';
import { TITLE_AND_MESSAGE, TITLE_FOR_NOW, TITLE_ONLY } from '../../src/forum/service.ts';
import { createLogger } from '../../src/logger.ts';
import { withForumHook } from '../../src/settings/forumHook.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { DiscordErrors, FakeDiscord } from './fake/index.ts';
import { DEFAULT_PERMISSIONS } from './fake/payloads.ts';
import {
  channelPosts,
  embedOf,
  engine,
  fieldValue,
  type Harness,
  type LogLine,
  makeToken,
  messageBody,
  replyOf,
  settle,
} from './harness.ts';

/** New posts in the forum /settings names: one quiet answer in the thread when the report answers, else silence. */

const ADMIN = (BigInt(DEFAULT_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();
const QUESTION = 'When was the KIA founded?';

let dir: string;
let store: ReturnType<typeof openSqliteStore>;
const running: Harness[] = [];
const fakes: FakeDiscord[] = [];

beforeEach(() => {
  dir = makeTempDir();
  store = openSqliteStore({ dataDir: dir });
});

afterEach(async () => {
  for (const h of running.splice(0)) await h.bot.stop();
  for (const fake of fakes.splice(0)) {
    expect(fake.unhandledRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    await fake.close();
  }
  await store.close();
  removeDir(dir);
});

async function startFake(options: { withoutContent?: boolean } = {}): Promise<FakeDiscord> {
  const token = makeToken();
  const fake = await FakeDiscord.start({
    token,
    guilds: [{ channels: ['general'], forums: ['questions', 'showcase'] }],
    ...(options.withoutContent ? { disallowedIntents: GatewayIntentBits.MessageContent } : {}),
  });
  fakes.push(fake);
  await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
  return fake;
}

/**
 * The real bot with forum answers wired as src/main.ts wires them, against `fake` and this test's
 * database file. `asMain` also asks for Message Content only once a server needs it, as main.ts does.
 */
async function startBot(fake: FakeDiscord, starterWaitMs = 500, options: { asMain?: boolean } = {}): Promise<Harness> {
  const token = fake.options.token!;
  const configured = readConfig({ DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl });
  if (!configured.ok) throw new Error(configured.problems.join(' '));
  const rawLogs: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void rawLogs.push(line) });
  const faq = createFaqService({ store, settings: sharedFaqModel(), now: () => new Date() });
  const bot = createBot({
    config: configured.config,
    engine: engine(),
    commands,
    logger,
    ...(options.asMain ? { needsMessageContent: () => store.needsMessageContent() } : {}),
    forum: (client) =>
      createForumAdapter({
        client,
        store: options.asMain ? withForumHook(store, () => void bot.refreshIntents()) : store,
        engine: engine(),
        logger,
        starterWaitMs,
        faq,
        contentRefused: () => bot.degraded,
      }),
  });
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

function sub(name: string, options: APIApplicationCommandInteractionDataOption[] = []) {
  return [
    { type: ApplicationCommandOptionType.Subcommand, name, options } as APIApplicationCommandInteractionDataOption,
  ];
}

async function settings(h: Harness, name: string, options: APIApplicationCommandInteractionDataOption[] = []) {
  return replyOf(h.fake.interaction.chatInput('settings', sub(name, options), { permissions: ADMIN }));
}

async function answerIn(h: Harness, channelId: string) {
  const channel = { type: ApplicationCommandOptionType.Channel, name: 'channel', value: channelId };
  return settings(h, 'forum-answer', [channel as APIApplicationCommandInteractionDataOption]);
}

async function waitForLog(h: Harness, predicate: (line: LogLine) => boolean, timeoutMs = 3_000): Promise<LogLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = h.logs().find(predicate);
    if (line) return line;
    if (Date.now() > deadline) throw new Error('the bot never logged the line awaited');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** How the bot dealt with a thread, from its log: a negative proved without sleeping. */
async function outcomeFor(h: Harness, threadId: string): Promise<PostOutcome> {
  const line = await waitForLog(h, (l) => l.msg === 'forum thread handled' && l.threadId === threadId);
  return line.outcome as PostOutcome;
}

function botPostsIn(h: Harness, threadId: string) {
  return h.fake.messagesIn(threadId).filter((m) => m.author.id === h.fake.botUser.id);
}

describe('forum posts through Discord', () => {
  it('answers a new post once, in its thread, quietly and with a nonce; never again after a restart', async () => {
    const fake = await startFake();
    const h = await startBot(fake);
    const set = await answerIn(h, fake.forum.id);
    expect(embedOf(set).title).toBe('Forum posts answered');
    expect(embedOf(set).description).toContain(`<#${fake.forum.id}>`);

    const post = fake.forumPost({ title: QUESTION, content: 'I read the report but could not find it.' });
    expect(await outcomeFor(h, post.thread.id)).toMatchObject({ kind: 'answered' });
    const posts = channelPosts(h, post.thread.id);
    expect(posts).toHaveLength(1);
    const body = messageBody(posts[0]!) as ReturnType<typeof messageBody> & { nonce?: string; enforce_nonce?: boolean };
    expect(embedOf(body).description).toContain('1961');
    expect(embedOf(body).title).toBe(`${QUESTION} I read the report but could not find it.`);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.nonce).toMatch(/^c[0-9a-z]+$/);
    expect(body.enforce_nonce).toBe(true);
    expect(botPostsIn(h, post.thread.id)).toHaveLength(1);

    // The same events again, to a bot that has forgotten the thread (a cache sweep): the claim holds.
    h.bot.client.channels.cache.delete(post.thread.id);
    h.rawLogs.length = 0;
    post.deliver();
    expect(await outcomeFor(h, post.thread.id)).toEqual({ kind: 'already-answered' });

    // A restart against the same database file, and Discord delivering the post once more.
    await h.bot.stop();
    running.splice(running.indexOf(h), 1);
    const again = await startBot(fake);
    post.deliver();
    expect(await outcomeFor(again, post.thread.id)).toEqual({ kind: 'already-answered' });
    expect(channelPosts(again, post.thread.id)).toHaveLength(1);
    fake.assertNoViolations();
  });

  it("gives a server's curated answer before the report's, in the thread, with the admins' source line", async () => {
    const fake = await startFake();
    const h = await startBot(fake);
    await answerIn(h, fake.forum.id);
    const faq = createFaqService({ store, settings: sharedFaqModel(), now: () => new Date() });
    await faq.add(fake.guild.id, 'Where are the server rules?', 'Read <#1> before posting, @everyone.', engine().kb);

    const post = fake.forumPost({ title: 'where are the server rules', content: 'I am new here, thanks!' });
    expect(await outcomeFor(h, post.thread.id)).toMatchObject({ kind: 'answered', curated: true });
    const body = messageBody(channelPosts(h, post.thread.id)[0]!);
    expect(embedOf(body).description).toBe('Read <#1> before posting, @everyone.');
    expect(embedOf(body).footer?.text).toBe(CURATED_SOURCE);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    fake.assertNoViolations();
  });

  it('stays silent on posts the report does not answer, and reads the first message for the question', async () => {
    const fake = await startFake();
    const h = await startBot(fake);
    await answerIn(h, fake.forum.id);

    const offTopic = fake.forumPost({ title: 'Best pizza in town?', content: 'Anyone know a place near the station?' });
    expect(await outcomeFor(h, offTopic.thread.id)).toMatchObject({ kind: 'left-to-people' });
    const inBody = fake.forumPost({ title: 'Help please', content: QUESTION });
    expect(await outcomeFor(h, inBody.thread.id)).toMatchObject({ kind: 'answered' });
    expect(channelPosts(h, offTopic.thread.id)).toEqual([]);
    expect(channelPosts(h, inBody.thread.id)).toHaveLength(1);
    fake.assertNoViolations();
  });

  it('ignores other forums, bots’ posts, threads it merely learns of, text-channel threads, and all after forum-off', async () => {
    const fake = await startFake();
    const h = await startBot(fake);
    await answerIn(h, fake.forum.id);
    const otherBot = fake.addUser({ username: 'otherbot', bot: true });
    const showcase = fake.guild.forums[1]!.id;

    const elsewhere = fake.forumPost({ title: QUESTION, content: '', forumId: showcase });
    const byBot = fake.forumPost({ title: QUESTION, content: QUESTION, author: otherBot });
    const old = fake.forumPost({ title: QUESTION, content: QUESTION, newlyCreated: false });
    expect(await outcomeFor(h, elsewhere.thread.id)).toEqual({ kind: 'skipped', reason: 'not-the-answered-forum' });
    expect(await outcomeFor(h, byBot.thread.id)).toEqual({ kind: 'skipped', reason: 'posted-by-a-bot' });
    expect(await outcomeFor(h, old.thread.id)).toEqual({ kind: 'skipped', reason: 'not-new' });

    // Even a text channel saved as the answered one (by an older version, say) does not make its threads posts.
    await store.setForumChannel(fake.guild.id, fake.channel.id, new Date());
    const sideThread = fake.forumPost({ title: QUESTION, content: QUESTION, forumId: fake.channel.id });
    expect(await outcomeFor(h, sideThread.thread.id)).toEqual({ kind: 'skipped', reason: 'not-a-forum-post' });
    await store.setForumChannel(fake.guild.id, fake.forum.id, new Date());

    const off = await settings(h, 'forum-off');
    expect(embedOf(off).title).toBe('Forum answers stopped');
    const afterOff = fake.forumPost({ title: QUESTION, content: QUESTION });
    expect(await outcomeFor(h, afterOff.thread.id)).toEqual({ kind: 'skipped', reason: 'not-the-answered-forum' });
    expect(fieldValue(embedOf(await settings(h, 'status')), 'Forum answers')).toBe('Off');

    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/channels/'))).toEqual([]);
    fake.assertNoViolations();
  });

  it('names the permission it lacks in the forum, and saves nothing', async () => {
    const fake = await startFake();
    const deny = String(PermissionFlagsBits.SendMessagesInThreads);
    fake.forum.permission_overwrites = [{ id: fake.guild.id, type: 0, allow: '0', deny }];
    const h = await startBot(fake);
    expect(embedOf(await answerIn(h, fake.forum.id)).description).toBe(
      `I need Send Messages in Threads in <#${fake.forum.id}> to answer posts there.`,
    );
    expect(await store.getForumChannel(fake.guild.id)).toBeUndefined();
  });

  it('shutdown does not wait out a first message still to come, and sends nothing for that post', async () => {
    const fake = await startFake();
    const h = await startBot(fake, 20_000);
    await answerIn(h, fake.forum.id);
    const post = fake.forumPost({ title: QUESTION, content: QUESTION, withoutMessageEvent: true });
    await settle(h);
    const stopping = Date.now();
    await h.bot.stop();
    expect(Date.now() - stopping).toBeLessThan(2_000);
    expect(await outcomeFor(h, post.thread.id)).toEqual({ kind: 'skipped', reason: 'no-first-message' });
    expect(channelPosts(h, post.thread.id)).toEqual([]);
  });

  it('refuses a channel that is not a forum, and only admins may change settings', async () => {
    const fake = await startFake();
    const h = await startBot(fake);
    expect(embedOf(await answerIn(h, fake.channel.id)).description).toBe('Pick a forum channel.');
    const member = await replyOf(fake.interaction.chatInput('settings', sub('status')));
    expect(embedOf(member).description).toBe('/settings needs the Manage Server permission.');
    expect(await store.getForumChannel(fake.guild.id)).toBeUndefined();
    const registered = fake.world.commands.get(fake.guild.id)?.find((c) => c.name === 'settings');
    const forumAnswer = registered?.options?.find((o) => o.name === 'forum-answer') as
      | { options?: Array<{ name: string; channel_types?: number[] }> }
      | undefined;
    expect(forumAnswer?.options?.find((o) => o.name === 'channel')?.channel_types).toEqual([15]);
  });

  it('a reply Discord refuses is logged and not retried: the post stays claimed rather than risk a second answer', async () => {
    const fake = await startFake();
    const h = await startBot(fake);
    await answerIn(h, fake.forum.id);
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, ...DiscordErrors.missingPermissions });
    const post = fake.forumPost({ title: QUESTION, content: '' });
    const failed = await fake.waitForRequest((r) => r.path === `/channels/${post.thread.id}/messages`);
    expect(failed.status).toBe(403);
    await waitForLog(h, (l) => l.msg === 'could not answer a forum post' && l.threadId === post.thread.id);
    h.bot.client.channels.cache.delete(post.thread.id);
    post.deliver();
    expect(await outcomeFor(h, post.thread.id)).toEqual({ kind: 'already-answered' });
    expect(channelPosts(h, post.thread.id)).toHaveLength(1);
    expect(botPostsIn(h, post.thread.id)).toEqual([]);
  });

  it('fetches the first message over REST when its event does not come in time', async () => {
    const fake = await startFake();
    const h = await startBot(fake);
    await answerIn(h, fake.forum.id);
    const post = fake.forumPost({ title: 'Help please', content: QUESTION, withoutMessageEvent: true });
    expect(await outcomeFor(h, post.thread.id)).toMatchObject({ kind: 'answered' });
    const fetched = fake.requests.filter((r) => r.method === 'GET' && r.path.includes('/messages/'));
    expect(fetched.map((r) => [r.path, r.status])).toEqual([
      [`/channels/${post.thread.id}/messages/${post.thread.id}`, 200],
    ]);
    expect(channelPosts(h, post.thread.id)).toHaveLength(1);
    fake.assertNoViolations();
  });

  it('a post that also @mentions the bot gets one message in its thread, not two', async () => {
    const fake = await startFake();
    const h = await startBot(fake);
    await answerIn(h, fake.forum.id);
    const post = fake.forumPost({ title: QUESTION, content: `<@${fake.botUser.id}> can you help?` });
    expect(await outcomeFor(h, post.thread.id)).toMatchObject({ kind: 'answered' });
    await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${post.thread.id}/messages`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(botPostsIn(h, post.thread.id)).toHaveLength(1);
    fake.assertNoViolations();
  });
});

describe('forum posts without the Message Content intent', () => {
  it('answers from the title alone, and /settings status says so', async () => {
    const fake = await startFake({ withoutContent: true });
    const h = await startBot(fake);
    expect(h.bot.degraded).toBe(true);
    const set = await answerIn(h, fake.forum.id);
    expect(embedOf(set).description).toContain(TITLE_ONLY);
    expect(fieldValue(embedOf(await settings(h, 'status')), 'Reads from each post')).toBe(TITLE_ONLY);

    const titled = fake.forumPost({ title: QUESTION, content: 'Thanks in advance, I could not find it.' });
    expect(await outcomeFor(h, titled.thread.id)).toEqual({ kind: 'answered', question: QUESTION });
    expect(embedOf(messageBody(channelPosts(h, titled.thread.id)[0]!)).title).toBe(QUESTION);
    const inBody = fake.forumPost({ title: 'Help please', content: QUESTION });
    expect(await outcomeFor(h, inBody.thread.id)).toEqual({ kind: 'left-to-people', question: 'Help please' });
    expect(channelPosts(h, inBody.thread.id)).toEqual([]);
    fake.assertNoViolations();
  });

  it('while the bot is still to ask for it, says so rather than that it was refused, and reads both once reconnected', async () => {
    const fake = await startFake();
    const h = await startBot(fake, 500, { asMain: true });
    const contentIntent = () => fake.identifies.map((i) => (i.intents & GatewayIntentBits.MessageContent) !== 0);
    expect(contentIntent()).toEqual([false]);
    const set = embedOf(await answerIn(h, fake.forum.id)).description;
    expect(set).toContain(TITLE_FOR_NOW);
    expect(set).not.toContain(TITLE_ONLY);
    const deadline = Date.now() + 5_000;
    while (!(contentIntent().length === 2 && h.bot.client.isReady()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(contentIntent()).toEqual([false, true]);
    expect(fieldValue(embedOf(await settings(h, 'status')), 'Reads from each post')).toBe(TITLE_AND_MESSAGE);
    fake.assertNoViolations();
  });

  it('with the intent, status says both the title and the first message are read', async () => {
    const fake = await startFake();
    const h = await startBot(fake);
    expect(fieldValue(embedOf(await settings(h, 'status')), 'Reads from each post')).toBe(TITLE_AND_MESSAGE);
  });
});
