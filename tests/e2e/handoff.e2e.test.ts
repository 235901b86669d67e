/**
 * The hand-off loop over real discord.js against the fake Discord, wired as src/main.ts wires it:
 * a miss, "Ask a person", the helper's reply, Save as FAQ answer, the question answered from the
 * curated answer; ✅ Resolved and the silence after it; answers in threads; and hostile input.
 * Every body is checked against Discord's spec, and the only role ever pinged is the helpers'.
 */
import {
  type APIApplicationCommandInteractionDataOption,
  type APIButtonComponent,
  type APIMessage,
  ApplicationCommandOptionType,
  PermissionFlagsBits,
} from 'discord.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deployCommands.ts';
import { composeGateway } from '../../src/compose.ts';
import { readConfig } from '../../src/config.ts';
import { Conversations } from '../../src/conversation/conversations.ts';
import { CURATED_SOURCE } from '../../src/faq/reply.ts';
import { dayStart, HANDOFF_TEXT } from '../../src/handoff/service.ts';
import { createInsightsService } from '../../src/insights/service.ts';
import { createLogger } from '../../src/logger.ts';
import type { openSqliteStore } from '../../src/store/sqlite/open.ts';
import type { RecordedRequest } from './fake/index.ts';
import { DiscordErrors, FakeDiscord } from './fake/index.ts';
import { DEFAULT_PERMISSIONS } from './fake/payloads.ts';
import {
  callbackBody,
  EPHEMERAL,
  embedOf,
  engine,
  type Harness,
  type MessageData,
  makeToken,
  messageBody,
  replyOf,
  settle,
  storePerTest,
  waitForReplyTo,
} from './harness.ts';

const ADMIN = (BigInt(DEFAULT_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();
const MISS = 'Who won the football world cup?';
const Option = ApplicationCommandOptionType;

const perTest = storePerTest();
const running = perTest.running;
let store: ReturnType<typeof openSqliteStore>;
beforeEach(() => {
  ({ store } = perTest.current());
});

async function start(options: { forum?: boolean } = {}): Promise<Harness> {
  const token = makeToken();
  const fake = await FakeDiscord.start({
    token,
    guilds: [
      {
        channels: ['general', 'help'],
        roles: ['helpers', 'everyone-else'],
        ...(options.forum ? { forums: ['questions'], forumTags: ['Bug', '✅ Solved'] } : {}),
      },
    ],
  });
  await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
  const configured = readConfig({ DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, ASK_COOLDOWN_SECONDS: '0' });
  if (!configured.ok) throw new Error(configured.problems.join(' '));
  const rawLogs: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void rawLogs.push(line) });
  const insights = createInsightsService({
    store,
    retentionDays: 90,
    loop: (guildId, since) => store.loopCounts(guildId, since),
  });
  const { bot } = composeGateway({
    config: configured.config,
    engine: engine(),
    commands,
    logger,
    store,
    shared: { insights, conversations: new Conversations() },
    daily: false,
    forum: options.forum === true,
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

function settings(h: Harness, name: string, options: APIApplicationCommandInteractionDataOption[]) {
  const sub = { type: Option.Subcommand, name, options } as APIApplicationCommandInteractionDataOption;
  return replyOf(h.fake.interaction.chatInput('settings', [sub], { permissions: ADMIN }));
}

async function setHelpers(h: Harness, channel?: string) {
  const options = [option(Option.Role, 'role', h.fake.role('helpers').id)];
  if (channel) options.push(option(Option.Channel, 'channel', channel));
  const reply = await settings(h, 'helpers', options);
  expect(embedOf(reply).title).toBe('Helpers set');
}

const helpChannel = (h: Harness) => h.fake.guild.channels.find((c) => c.name === 'help')!.id;

function buttons(message: { components?: unknown[] } | undefined): APIButtonComponent[] {
  const rows = (message?.components ?? []) as Array<{ components: APIButtonComponent[] }>;
  return rows.flatMap((r) => r.components);
}
const customId = (b: APIButtonComponent) => ('custom_id' in b ? b.custom_id : '');
const labelled = (message: { components?: unknown[] } | undefined, label: string) =>
  buttons(message).find((b) => 'label' in b && b.label === label);

async function ephemeral(sent: ReturnType<Harness['fake']['interaction']['button']>): Promise<string> {
  const data = await replyOf(sent);
  expect(data.flags).toBe(EPHEMERAL);
  expect(data.allowed_mentions?.parse).toEqual([]);
  return embedOf(data).description ?? '';
}

/** A deferred ephemeral answer, then its edit: what the member finally reads. */
async function deferredText(sent: ReturnType<Harness['fake']['interaction']['button']>): Promise<string> {
  const first = callbackBody(await sent.waitForCallback());
  expect(first).toEqual({ type: 5, data: { flags: EPHEMERAL } });
  const edit = messageBody(await sent.waitForEdit(5_000));
  expect(edit.allowed_mentions?.parse).toEqual([]);
  return embedOf(edit).description ?? '';
}

async function askMiss(h: Harness): Promise<{ message: APIMessage; askPerson: string }> {
  const sent = h.fake.interaction.chatInput('ask', { question: MISS });
  const data = await replyOf(sent);
  const button = labelled(data, 'Ask a person');
  expect(button).toBeDefined();
  return { message: sent.original()!, askPerson: customId(button!) };
}

/** The thread a hand-off opened, from the bot's ephemeral "I've asked the helpers in <#id>". */
function threadIn(text: string): string {
  const id = /<#(\d+)>/.exec(text)?.[1];
  if (!id) throw new Error(`no thread named in: ${text}`);
  return id;
}

const postsIn = (h: Harness, channelId: string) =>
  h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

/** Every request that could ping a role: its allowed mentions name one, or let Discord parse them. */
function roleMentions(requests: readonly RecordedRequest[]): Array<{ path: string; roles: string[] }> {
  const out: Array<{ path: string; roles: string[] }> = [];
  for (const r of requests) {
    const body = r.body as { data?: MessageData } & MessageData;
    const data = body?.data ?? body;
    const allowed = data?.allowed_mentions;
    const parsesRoles = !allowed || (allowed.parse ?? []).some((p) => p === 'roles' || p === 'everyone');
    const carriesMessage = data && ('content' in data || 'embeds' in data);
    if (!carriesMessage) continue;
    if (allowed?.roles?.length || (parsesRoles && /<@&\d+>|@everyone|@here/.test(data.content ?? ''))) {
      out.push({ path: r.path, roles: allowed?.roles ?? ['(parsed)'] });
    }
  }
  return out;
}

async function waitUntil(check: () => Promise<boolean>, what: string, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the hand-off loop', () => {
  it('a miss → Ask a person → a helper answers → Save as FAQ answer → the same question gets the curated answer', async () => {
    const h = await start();
    const helpers = h.fake.role('helpers').id;
    await setHelpers(h, helpChannel(h));
    const { message, askPerson } = await askMiss(h);

    // Only the member who asked may press it.
    const bob = h.fake.addUser({ username: 'bob' });
    expect(await ephemeral(h.fake.interaction.button(askPerson, message, { user: bob }))).toBe(HANDOFF_TEXT.onlyAsker);

    const opened = await deferredText(h.fake.interaction.button(askPerson, message));
    const threadId = threadIn(opened);
    expect(opened).toBe(HANDOFF_TEXT.opened(`<#${threadId}>`));
    // Pressed again: the same thread, no second ping.
    expect(await deferredText(h.fake.interaction.button(askPerson, message))).toBe(
      HANDOFF_TEXT.already(`<#${threadId}>`),
    );
    // In the helpers' channel, with the question as its name.
    const created = h.fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/threads'));
    expect(created?.path).toBe(`/channels/${helpChannel(h)}/threads`);
    expect(h.fake.thread(threadId)).toMatchObject({ name: MISS, parent_id: helpChannel(h) });

    // One message: the question, the closest passage, one ping of the helper role, and ✅ Resolved.
    const [handoffPost] = postsIn(h, threadId);
    const body = messageBody(handoffPost!);
    expect(body.content).toBe(`<@&${helpers}> <@${h.fake.user.id}> would like a person to answer this.`);
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [helpers] });
    expect(embedOf(body).description).toContain(MISS);
    expect(embedOf(body).fields?.[0]?.name).toBe('Closest passage in the report');
    expect(labelled(body, 'Resolved')).toBeDefined();

    // A helper answers in the thread: the hand-off has its first answer.
    const carol = h.fake.addUser({ username: 'carol' });
    const answer = 'Argentina won the 2022 World Cup; the report does not cover football.';
    const helperReply = h.fake.messageCreate({ channelId: threadId, author: carol, content: answer });
    await waitUntil(async () => (await store.handoffByThread(threadId))?.firstAnswerAt !== undefined, 'first answer');

    // Save as FAQ answer: a member without the role is refused; the helper gets the pre-filled form.
    const refused = h.fake.interaction.messageContextMenu('Save as FAQ answer', helperReply, { user: bob });
    expect(embedOf(await replyOf(refused)).description).toBe(HANDOFF_TEXT.saveNotAllowed);
    const asHelper = { user: carol, roles: [helpers] };
    const form = callbackBody(
      await h.fake.interaction.messageContextMenu('Save as FAQ answer', helperReply, asHelper).waitForCallback(),
    );
    expect(form.type).toBe(9);
    const modal = form.data as unknown as {
      custom_id: string;
      components: Array<{ component: { custom_id: string; value?: string } }>;
    };
    expect(modal.components.map((c) => [c.component.custom_id, c.component.value])).toEqual([
      ['question', MISS],
      ['answer', answer],
    ]);
    const submitted = h.fake.interaction.modalSubmit(modal.custom_id, { question: MISS, answer }, undefined, {
      ...asHelper,
      channelId: threadId,
    });
    expect(embedOf(await replyOf(submitted)).title).toMatch(/^Curated answer #\d+ added$/);
    expect((await store.listCurated(h.fake.guild.id)).map((c) => c.answer)).toEqual([answer]);

    // The same question, asked again, is answered from the curated answer.
    const again = embedOf(await replyOf(h.fake.interaction.chatInput('ask', { question: MISS })));
    expect(again.footer?.text).toContain(CURATED_SOURCE);
    expect(again.description).toContain('Argentina won the 2022 World Cup');

    // /insights counts the loop.
    const report = embedOf(await replyOf(h.fake.interaction.chatInput('insights', {}, { permissions: ADMIN })));
    expect(report.fields?.find((f) => f.name === 'Asked a person')?.value).toMatch(
      /^Hand-offs: 1\nAnswered by a person: 1, median \d+ s to the first answer\nSaved as curated answers: 1\nQuestions resolved: 0$/,
    );

    // The only role mention anywhere is the helpers', in the hand-off message.
    expect(roleMentions(h.fake.requests)).toEqual([{ path: `/channels/${threadId}/messages`, roles: [helpers] }]);
    h.fake.assertNoViolations();
  });

  it('✅ Resolved archives the hand-off thread, for the asker and helpers only, and the bot is silent there after', async () => {
    const h = await start();
    await setHelpers(h);
    const { message, askPerson } = await askMiss(h);
    const threadId = threadIn(await deferredText(h.fake.interaction.button(askPerson, message)));
    // Without a helpers' channel, the thread starts from the answer (and takes its id).
    expect(threadId).toBe(message.id);
    const [handoffPost] = h.fake.messagesIn(threadId);
    const resolved = customId(labelled(handoffPost, 'Resolved')!);

    const bob = h.fake.addUser({ username: 'bob' });
    const inThread = { channelId: threadId };
    expect(await ephemeral(h.fake.interaction.button(resolved, handoffPost!, { user: bob, ...inThread }))).toBe(
      HANDOFF_TEXT.resolveNotAllowed,
    );
    expect(h.fake.thread(threadId).thread_metadata?.archived).toBe(false);

    const done = await deferredText(h.fake.interaction.button(resolved, handoffPost!, inThread));
    expect(done).toMatch(/Marked resolved\. I archived the thread, and I won't post in it again/);
    expect(h.fake.thread(threadId).thread_metadata?.archived).toBe(true);
    expect(await ephemeral(h.fake.interaction.button(resolved, handoffPost!, inThread))).toBe(
      HANDOFF_TEXT.alreadyResolved,
    );

    // Asked in the resolved thread, even with a mention: no answer.
    const before = postsIn(h, threadId).length;
    h.fake.messageCreate({ channelId: threadId, content: `<@${h.fake.botUser.id}> When was the KIA founded?` });
    await settle(h, 200);
    expect(postsIn(h, threadId)).toHaveLength(before);
    expect((await store.loopCounts(h.fake.guild.id, dayStart(new Date()))).resolved).toBe(1);
    h.fake.assertNoViolations();
  });

  it('an answered forum post gets ✅ Resolved: the Solved tag is applied and the post archived', async () => {
    const h = await start({ forum: true });
    await settings(h, 'forum-answer', [option(Option.Channel, 'channel', h.fake.forum.id)]);
    await waitUntil(async () => h.fake.identifies.length === 2 && h.bot.client.isReady(), 'the reconnect', 5_000);
    const post = h.fake.forumPost({ title: 'KIA', content: 'When was the KIA founded?' });
    const reply = messageBody(
      await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${post.thread.id}/messages`),
    );
    const resolved = customId(labelled(reply, 'Resolved')!);
    const [answer] = h.fake.messagesIn(post.thread.id).filter((m) => m.author.id === h.fake.botUser.id);
    await waitUntil(async () => (await store.getFollowedThread(post.thread.id)) !== undefined, 'the post followed');
    const done = await deferredText(h.fake.interaction.button(resolved, answer!, { channelId: post.thread.id }));
    expect(done).toMatch(/archived the thread and tagged it solved/);
    const solved = h.fake.forum.available_tags.find((t) => t.name === '✅ Solved')!.id;
    expect(h.fake.thread(post.thread.id)).toMatchObject({
      applied_tags: [solved],
      thread_metadata: { archived: true },
    });
    h.fake.assertNoViolations();
  });

  it('mode:thread answers in a new thread from the question; follow-ups continue there until another person replies', async () => {
    const h = await start();
    const general = h.fake.channel.id;
    const group = {
      type: Option.SubcommandGroup,
      name: 'ask-channels',
      options: [
        {
          type: Option.Subcommand,
          name: 'add',
          options: [option(Option.Channel, 'channel', general), option(Option.String, 'mode', 'thread')],
        },
      ],
    } as APIApplicationCommandInteractionDataOption;
    const set = await replyOf(h.fake.interaction.chatInput('settings', [group], { permissions: ADMIN }));
    expect(embedOf(set).description).toMatch(/in a new thread started from the question/);
    // The first ask-channel makes the bot reconnect with Message Content.
    await waitUntil(async () => h.fake.identifies.length === 2 && h.bot.client.isReady(), 'the reconnect', 5_000);

    const asked = h.fake.messageCreate({ content: "What is China's market share?" });
    const answered = await h.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${asked.id}/messages` && r.status === 200,
      5_000,
    );
    expect(embedOf(messageBody(answered)).description).toMatch(/China/);
    expect(h.fake.thread(asked.id).parent_id).toBe(general);
    // Nothing in the channel itself.
    expect(postsIn(h, general)).toHaveLength(0);

    // A follow-up in the thread is read against the answer before it.
    const next = h.fake.messageCreate({ channelId: asked.id, content: `<@${h.fake.botUser.id}> and Japan?` });
    const followUp = messageBody(await waitForReplyTo(h, next.id));
    expect(embedOf(followUp).description).toMatch(/^Japan: market share not given in the report\.\n\*Following up on/);
    // Another member replies: the bot stays out from then on.
    const bob = h.fake.addUser({ username: 'bob' });
    h.fake.messageCreate({ channelId: asked.id, author: bob, content: 'It was 1961, I think.' });
    await waitUntil(async () => (await store.getFollowedThread(asked.id))?.otherRepliedAt !== undefined, 'the reply');
    const before = postsIn(h, asked.id).length;
    // Even a mention: the thread is the people's now.
    h.fake.messageCreate({ channelId: asked.id, content: `<@${h.fake.botUser.id}> When was the KIA founded?` });
    await settle(h, 200);
    expect(postsIn(h, asked.id)).toHaveLength(before);
    h.fake.assertNoViolations();
  });
});

describe('hostile input and broken set-ups', () => {
  it('@everyone and RTL overrides in a hand-off ping nobody and do not reach the thread name', async () => {
    const h = await start();
    const helpers = h.fake.role('helpers').id;
    await setHelpers(h, helpChannel(h));
    const question = `@everyone \u202ewho won the football world cup\u202c <@&${h.fake.role('everyone-else').id}>?`;
    const sent = h.fake.interaction.chatInput('ask', { question });
    const button = labelled(await replyOf(sent), 'Ask a person')!;
    const threadId = threadIn(await deferredText(h.fake.interaction.button(customId(button), sent.original()!)));
    expect(h.fake.thread(threadId).name).not.toMatch(/[\u202a-\u202e]/);
    const body = messageBody(postsIn(h, threadId)[0]!);
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [helpers] });
    expect(body.content).not.toContain('@everyone');
    expect(JSON.stringify(body.embeds)).not.toMatch(/[\u202a-\u202e]/);
    expect(roleMentions(h.fake.requests)).toEqual([{ path: `/channels/${threadId}/messages`, roles: [helpers] }]);
    h.fake.assertNoViolations();
  });

  it('a 6,000-character question gets a clear reply that pings nobody', async () => {
    const h = await start();
    await setHelpers(h, helpChannel(h));
    const long = `<@${h.fake.botUser.id}> @everyone ${'why '.repeat(1500)}?`;
    const asked = h.fake.messageCreate({ content: long });
    const reply = messageBody(await waitForReplyTo(h, asked.id));
    expect(embedOf(reply).description).toMatch(/too long|characters/i);
    expect(reply.allowed_mentions?.parse).toEqual([]);
    expect(roleMentions(h.fake.requests)).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('a deleted helpers channel, a deleted role, or no permission to create a thread: a clear reply, the hand-off given back', async () => {
    const h = await start();
    await setHelpers(h, helpChannel(h));
    const guild = h.fake.guild.id;
    const today = () => store.loopCounts(guild, dayStart(new Date()));

    h.fake.failNext({
      method: 'POST',
      path: `/channels/${helpChannel(h)}/threads`,
      ...DiscordErrors.missingPermissions,
    });
    const first = await askMiss(h);
    expect(await deferredText(h.fake.interaction.button(first.askPerson, first.message))).toBe(
      HANDOFF_TEXT.noThreadPermission(`<#${helpChannel(h)}>`),
    );

    h.fake.deleteChannel(helpChannel(h));
    const second = await askMiss(h);
    expect(await deferredText(h.fake.interaction.button(second.askPerson, second.message))).toBe(
      HANDOFF_TEXT.channelGone,
    );

    h.fake.deleteRole(h.fake.role('helpers').id);
    const third = await askMiss(h);
    expect(await deferredText(h.fake.interaction.button(third.askPerson, third.message))).toBe(HANDOFF_TEXT.roleGone);

    // Nothing counted against the member, nothing pinged.
    expect((await today()).handoffs).toBe(0);
    expect(
      await store.addHandoff(
        { id: 'x', guildId: guild, askerId: h.fake.user.id, question: 'q', createdAt: new Date() },
        3,
        dayStart(new Date()),
      ),
    ).toBe(true);
    expect(roleMentions(h.fake.requests)).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('past the daily limit, a clear private reply; a forged button gets one too', async () => {
    const h = await start();
    const helpers = h.fake.role('helpers').id;
    const options = [option(Option.Role, 'role', helpers), option(Option.Integer, 'per-day', 1)];
    await settings(h, 'helpers', options);
    const first = await askMiss(h);
    threadIn(await deferredText(h.fake.interaction.button(first.askPerson, first.message)));
    const second = await askMiss(h);
    expect(await deferredText(h.fake.interaction.button(second.askPerson, second.message))).toBe(HANDOFF_TEXT.limit(1));
    expect(await ephemeral(h.fake.interaction.button('ho|../../x|1', second.message))).toMatch(/not one I made/);
    h.fake.assertNoViolations();
  });
});
