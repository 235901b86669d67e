import { once } from 'node:events';
import type { Interaction, Message, TextChannel } from 'discord.js';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DiscordErrors, FakeDiscord, SpecValidator } from './fake/index.ts';

/** Proves the fake against the real discord.js Client (not our bot). */

const BASE_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

let fake: FakeDiscord;
let client: Client | undefined;

async function connect(intents: GatewayIntentBits[] = BASE_INTENTS): Promise<Client> {
  client = new Client({ intents, partials: [Partials.Channel], rest: { api: fake.apiUrl } });
  const ready = once(client, Events.ClientReady);
  await client.login('any-token-works');
  await ready;
  return client;
}

/** Runs `handler` for every interaction; failures surface through the test's own assertions. */
function onInteraction(bot: Client, handler: (interaction: Interaction) => Promise<unknown>): void {
  bot.on(Events.InteractionCreate, (interaction) => void handler(interaction).catch(() => undefined));
}

function channelOf(bot: Client): TextChannel {
  return bot.channels.cache.get(fake.channel.id) as TextChannel;
}

beforeEach(async () => {
  fake = await FakeDiscord.start({ heartbeatIntervalMs: 250 });
});

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake.close();
});

describe('gateway', () => {
  it('logs in: READY, the guild and its text channel are cached, heartbeats are acknowledged', async () => {
    const bot = await connect();
    expect(bot.user?.id).toBe(fake.botUser.id);
    expect(bot.application?.id).toBe(fake.botUser.id);
    expect(bot.guilds.cache.get(fake.guild.id)?.name).toBe('Fake Guild');
    expect(channelOf(bot).isTextBased()).toBe(true);
    const me = bot.guilds.cache.get(fake.guild.id)?.members.me;
    expect(me && channelOf(bot).permissionsFor(me).has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(fake.identifies[0]?.intents).toBe(BASE_INTENTS.reduce((all, bit) => all | bit, 0));

    await fake.waitForGateway((e) => e.kind === 'receive' && e.op === 1);
    await vi.waitFor(() => expect(bot.ws.ping).toBeGreaterThanOrEqual(0)); // -1 until the first ACK.
  });

  it('resumes after close 4000, replaying what was dispatched while disconnected', async () => {
    const bot = await connect();
    onInteraction(bot, async (i) => i.isChatInputCommand() && i.reply(`pong ${i.id}`));
    const resumed = once(bot, Events.ShardResume);

    fake.closeGateway(4000);
    const missed = fake.interaction.chatInput('ping'); // Queued: the socket is closing.
    await resumed;
    const after = fake.interaction.chatInput('ping');

    expect((await missed.waitForCallback()).status).toBe(204);
    expect((await after.waitForCallback()).status).toBe(204);
    const resumeAt = fake.gatewayEvents.findIndex((e) => e.kind === 'receive' && e.op === 6);
    const deliveredAt = fake.gatewayEvents.findIndex((e) => e.kind === 'dispatch' && e.t === 'INTERACTION_CREATE');
    expect(deliveredAt).toBeGreaterThan(resumeAt); // Replayed on RESUME, not sent to the closing socket.
    expect(fake.gatewayEvents.filter((e) => e.kind === 'receive' && e.op === 6)).toHaveLength(1);
    expect(fake.identifies).toHaveLength(1);
    fake.assertNoViolations();
  });

  it('closes with 4014 when privileged intents are not allowed; the bot can retry without them', async () => {
    fake.options.disallowedIntents = GatewayIntentBits.MessageContent;
    const privileged = new Client({
      intents: [...BASE_INTENTS, GatewayIntentBits.MessageContent],
      rest: { api: fake.apiUrl },
    });
    const disconnected = once(privileged, Events.ShardDisconnect);
    const shardError = once(privileged, Events.ShardError);

    // discord.js 14.28: the shard emits ShardError("Used disallowed intents") and ShardDisconnect (code 4014),
    // does not reconnect, and login() rejects with that error after destroying the client.
    await expect(privileged.login('any-token-works')).rejects.toThrow('Used disallowed intents');
    expect((await disconnected)[0]).toMatchObject({ code: 4014 });
    expect(String((await shardError)[0])).toContain('Used disallowed intents');

    const bot = await connect();
    expect(bot.isReady()).toBe(true);
    expect(fake.identifies.map((d) => (d.intents & GatewayIntentBits.MessageContent) !== 0)).toEqual([true, false]);
  });

  it('withholds guild message content without the MESSAGE_CONTENT intent, unless the bot is mentioned', async () => {
    const bot = await connect();
    const received: Message[] = [];
    bot.on(Events.MessageCreate, (m) => void received.push(m));

    fake.messageCreate({ content: 'hello there' });
    fake.messageCreate({ content: `<@${fake.botUser.id}> hello bot` });
    fake.messageCreate({ content: 'a direct message', dm: true });

    await vi.waitFor(() => expect(received).toHaveLength(3));
    expect(received.map((m) => m.content)).toEqual(['', `<@${fake.botUser.id}> hello bot`, 'a direct message']);
    expect(received[2]?.channel.type).toBe(ChannelType.DM);
  });
});

describe('interactions', () => {
  it('answers a chat-input command with reply()', async () => {
    const bot = await connect();
    onInteraction(bot, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({
        content: `You asked: ${i.options.getString('question')}`,
        embeds: [{ title: 'Answer', description: 'Because.', color: 0x5865f2 }],
        allowedMentions: { parse: [] },
      });
    });

    const sent = fake.interaction.chatInput('ask', { question: 'why?' });
    const callback = await sent.waitForCallback();

    expect(callback.status).toBe(204);
    expect(callback.body).toMatchObject({
      type: 4,
      data: { content: 'You asked: why?', embeds: [{ title: 'Answer' }], allowed_mentions: { parse: [] } },
    });
    expect(sent.original()?.content).toBe('You asked: why?');
    fake.assertNoViolations();
  });

  it('supports deferReply, editReply and an ephemeral followUp', async () => {
    const bot = await connect();
    onInteraction(bot, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: 'Here is the answer.' });
      await i.followUp({ content: 'Only you can see this.', flags: MessageFlags.Ephemeral });
    });

    const sent = fake.interaction.chatInput('ask', { question: 'slow one' });

    expect((await sent.waitForCallback()).body).toMatchObject({ type: 5 });
    const edit = await sent.waitForEdit();
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ content: 'Here is the answer.' });
    const followUp = await sent.waitForFollowUp();
    expect(followUp.body).toMatchObject({ flags: MessageFlags.Ephemeral });
    expect(sent.original()).toMatchObject({ content: 'Here is the answer.', flags: 0 }); // Loading flag cleared.
    fake.assertNoViolations();
  });

  it('registers commands (PUT validated) and answers autocomplete with respond()', async () => {
    const bot = await connect();
    const ask = new SlashCommandBuilder()
      .setName('ask')
      .setDescription('Ask the report')
      .addStringOption((o) => o.setName('question').setDescription('Your question').setAutocomplete(true));
    const registered = await bot.application!.commands.set([ask.toJSON()]);
    const commandId = registered.first()?.id;
    expect((await bot.application!.commands.fetch()).map((c) => c.id)).toEqual([commandId]);

    const seen: string[] = [];
    onInteraction(bot, async (i) => {
      if (!i.isAutocomplete()) return;
      seen.push(i.commandId);
      await i.respond([{ name: `${i.options.getFocused()} is fun`, value: 'fun' }]);
    });

    const sent = fake.interaction.autocomplete('ask', { question: 'why' }, 'question');
    const callback = await sent.waitForCallback();

    expect(callback.body).toEqual({ type: 8, data: { choices: [{ name: 'why is fun', value: 'fun' }] } });
    expect(seen).toEqual([commandId]);
    fake.assertNoViolations();
  });

  it('resolves the users that user options name, where discord.js getUser() reads them', async () => {
    const bot = await connect();
    const bob = fake.addUser({ username: 'bob' });
    const seen: unknown[] = [];
    onInteraction(bot, async (i) => {
      if (!i.isChatInputCommand()) return;
      seen.push(i.options.getUser('who')?.username, i.options.getMember('who') !== null);
      await i.reply('ok');
    });

    const sent = fake.interaction.chatInput('greet', [{ name: 'who', type: 6, value: bob.id }]);
    await sent.waitForCallback();

    expect(seen).toEqual(['bob', true]);
    expect(sent.payload.data).toMatchObject({ resolved: { users: { [bob.id]: { username: 'bob' } } } });
    fake.assertNoViolations();
  });

  it('handles a message context menu and a button that updates its message', async () => {
    const bot = await connect();
    onInteraction(bot, async (i) => {
      if (i.isMessageContextMenuCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary),
        );
        await i.reply({ content: `Quoting: ${i.targetMessage.content}`, components: [row] });
      }
      if (i.isButton()) await i.update({ content: 'Expanded.', components: [] });
    });

    const target = fake.messageCreate({ content: 'the report says 42' });
    const menu = fake.interaction.messageContextMenu('Explain', target);
    await menu.waitForCallback();
    const replyMessage = menu.original();
    expect(replyMessage?.content).toBe('Quoting: the report says 42');

    const click = fake.interaction.button('more', replyMessage!);
    expect((await click.waitForCallback()).body).toMatchObject({ type: 7, data: { content: 'Expanded.' } });
    expect(fake.world.messages.get(replyMessage!.id)?.content).toBe('Expanded.');
    fake.assertNoViolations();
  });

  it('expires interactions not answered within the response window (10062)', async () => {
    fake.options.interactionTimeoutMs = 50;
    const bot = await connect();
    const errors: unknown[] = [];
    onInteraction(bot, async (i) => {
      if (!i.isChatInputCommand()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await i.reply('too late').catch((e: unknown) => errors.push(e));
    });

    const sent = fake.interaction.chatInput('slow');

    expect((await sent.waitForCallback()).status).toBe(404);
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect((errors[0] as DiscordAPIError).code).toBe(10062);
  });

  it('refuses a second callback for the same interaction (40060)', async () => {
    const bot = await connect();
    const errors: unknown[] = [];
    onInteraction(bot, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply('first');
      // Bypass discord.js's own "already replied" guard to hit Discord's rule.
      const again = { type: 4, data: { content: 'again' } };
      await bot.rest
        .post(`/interactions/${i.id}/${i.token}/callback`, { body: again, auth: false })
        .catch((e: unknown) => errors.push(e));
    });

    const sent = fake.interaction.chatInput('ask');
    await vi.waitFor(() => expect(sent.requests()).toHaveLength(2));
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect((errors[0] as DiscordAPIError).code).toBe(40060);
  });
});

describe('REST', () => {
  it('retries a 429 after retry_after and delivers the message exactly once', async () => {
    const bot = await connect();
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, ...DiscordErrors.rateLimited(0.05) });

    const message = await channelOf(bot).send('hello after a rate limit');

    const path = `/channels/${fake.channel.id}/messages`;
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === path);
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(posts[1]!.receivedAt - posts[0]!.receivedAt).toBeGreaterThanOrEqual(50);
    expect(fake.messagesIn().filter((m) => m.content === 'hello after a rate limit')).toHaveLength(1);
    expect(message.id).toBe(fake.messagesIn().at(-1)?.id);
  });

  it('surfaces injected 403 and real 404 errors as DiscordAPIError', async () => {
    const bot = await connect();
    fake.failNext({ method: 'POST', path: '/messages', ...DiscordErrors.missingPermissions });

    await expect(channelOf(bot).send('nope')).rejects.toMatchObject({ status: 403, code: 50013 });
    await expect(bot.channels.fetch('123456789012345678')).rejects.toMatchObject({ status: 404, code: 10003 });
  });

  it('accepts multipart uploads, validating payload_json', async () => {
    const bot = await connect();

    const message = await channelOf(bot).send({
      content: 'see attached',
      files: [{ attachment: Buffer.from('report body'), name: 'report.txt' }],
    });

    expect(message.attachments.first()?.name).toBe('report.txt');
    const upload = fake.requests.at(-1);
    expect(upload?.body).toMatchObject({ content: 'see attached' });
    expect(upload?.files).toEqual([
      {
        field: 'files[0]',
        name: 'report.txt',
        size: 11,
        contentType: 'application/octet-stream',
        data: Buffer.from('report body'),
      },
    ]);
    fake.assertNoViolations();
  });

  it('answers unknown routes with 404 and records them', async () => {
    const response = await fetch(`${fake.apiUrl}/v10/no/such/route`, { headers: { authorization: 'Bot x' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: '404: Not Found', code: 0 });
    expect(fake.unhandledRequests.map((r) => r.path)).toEqual(['/no/such/route']);
  });
});

describe('spec validation', () => {
  it('catches bodies that break the spec', () => {
    const spec = SpecValidator.shared();
    const callback = '/interactions/1/token/callback';
    expect(spec.validate('POST', callback, { type: 4, data: { content: 'ok' } })).toMatchObject({ valid: true });
    expect(spec.validate('POST', callback, { type: 4, data: { content: 'x'.repeat(2001) } })).toMatchObject({
      valid: false,
    });
    expect(spec.validate('POST', callback, { type: 4, data: { embeds: [{ title: 42 }] } })).toMatchObject({
      valid: false,
    });
    // Discord documents permission bit sets as strings, and discord.js sends them so.
    const withPermissions = (value: unknown) => [
      { name: 'admin', description: 'd', default_member_permissions: value },
    ];
    expect(spec.validate('PUT', '/applications/1/commands', withPermissions('32'))).toMatchObject({ valid: true });
    expect(spec.validate('PUT', '/applications/1/commands', withPermissions(32))).toMatchObject({ valid: true });
    expect(spec.validate('PUT', '/applications/1/commands', withPermissions('manage'))).toMatchObject({ valid: false });
    const longMessage = { content: 'x'.repeat(4001) }; // Channel messages allow 4000, interaction replies 2000.
    expect(spec.validate('POST', '/channels/1/messages', longMessage)).toMatchObject({ valid: false });
  });

  it('records a violation from the real client, answers 400 50035 and fails assertNoViolations', async () => {
    const bot = await connect();
    const errors: unknown[] = [];
    onInteraction(bot, async (i) => {
      if (!i.isChatInputCommand()) return;
      // Embed titles are strings in the spec; discord.js passes plain objects through unchecked.
      await i.reply({ embeds: [{ title: 42 as unknown as string }] }).catch((e: unknown) => errors.push(e));
    });

    const sent = fake.interaction.chatInput('ask');
    const callback = await sent.waitForCallback();

    expect(callback.status).toBe(400);
    expect(callback.response).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(String(errors[0])).toContain('data.embeds[0].title');
    expect(fake.violations[0]?.problems[0]).toBe('/data/embeds/0/title must be string,null');
    expect(() => fake.assertNoViolations()).toThrow(/embeds\/0\/title/);
  });
});
