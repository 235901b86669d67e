import { performance } from 'node:perf_hooks';
import { GatewayIntentBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands as realCommands } from '../../commands/index.ts';
import { encodePager } from '../../src/adapters/discord/pagerId.ts';
import { defineCommand, HIDE, MENTION } from '../../src/bot/command.ts';
import type { Harness } from './harness.ts';
import { callbackBody, EPHEMERAL, embedOf, fieldValue, percentile, replyOf, useHarness } from './harness.ts';

const start = useHarness();

const REPORT_TITLE = 'India Myanmar Rare Earths';

function expectSafeMentions(data: { allowed_mentions?: { parse?: string[]; users?: string[] } }): void {
  expect(data.allowed_mentions?.parse).toEqual([]);
  expect(data.allowed_mentions?.users ?? []).toEqual([]);
}

describe('login', () => {
  it('logs in with the configured token and intents, and becomes ready on the fake', async () => {
    const h = await start();
    const { fake, bot } = h;

    expect(bot.client.isReady()).toBe(true);
    expect(bot.degraded).toBe(false);
    expect(bot.client.user?.id).toBe(fake.botUser.id);
    expect(bot.client.guilds.cache.has(fake.guild.id)).toBe(true);
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0]?.token).toBe(h.token);
    // Without ASK_CHANNEL_IDS the bot must not ask for the privileged Message Content intent.
    const wanted = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages;
    expect(fake.identifies[0]?.intents).toBe(wanted);
    expect(fake.gatewayEvents.some((e) => e.kind === 'dispatch' && e.t === 'READY')).toBe(true);
    const connected = h.logs().filter((l) => l.msg === 'connected to Discord');
    expect(connected).toHaveLength(1);
    expect(connected[0]).toMatchObject({ messageContent: false, guilds: 1 });
    expect(fake.unhandledRequests).toEqual([]);
    fake.assertNoViolations();
  });
});

describe('slash commands', () => {
  it('/ask answers with the report passage, its source, and pings nobody', async () => {
    const { fake } = await start();

    const data = await replyOf(fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' }));

    const embed = embedOf(data);
    expect(embed.title).toBe('When was the KIA founded?');
    expect(embed.description).toContain('1961');
    expect(embed.footer?.text).toBe(`${REPORT_TITLE} › Why Myanmar Matters`);
    expect(data.flags ?? 0).toBe(0);
    expect(data.content).toBeUndefined();
    expect(data.components ?? []).toEqual([]);
    expectSafeMentions(data);
    fake.assertNoViolations();
  });

  it('/ask hide:true is ephemeral', async () => {
    const { fake } = await start();

    const sent = fake.interaction.chatInput('ask', { question: 'When was the KIA founded?', hide: true });
    const data = await replyOf(sent);

    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).description).toContain('1961');
    expect(sent.original()?.flags).toBe(EPHEMERAL);
    fake.assertNoViolations();
  });

  it('/ask mention:<user> addresses and may ping that user only', async () => {
    const { fake } = await start();
    const bob = fake.addUser({ username: 'bob' });

    const data = await replyOf(
      fake.interaction.chatInput('ask', { question: 'When was the KIA founded?', mention: bob.id }),
    );

    expect(data.content).toBe(`Answer for <@${bob.id}>`);
    expect(data.allowed_mentions).toEqual({ parse: [], users: [bob.id], replied_user: false });
    expect(embedOf(data).description).toContain('1961');
    fake.assertNoViolations();
  });

  it('/ask with mentions inside the question still pings nobody', async () => {
    const { fake } = await start();
    const bob = fake.addUser({ username: 'bob' });

    const data = await replyOf(
      fake.interaction.chatInput('ask', {
        question: `@everyone <@${bob.id}> <@&${fake.guild.id}> when was the KIA founded?`,
      }),
    );

    expectSafeMentions(data);
    expect(data.content).toBeUndefined();
    fake.assertNoViolations();
  });

  it('/ask about something the report does not cover says so, with suggestions', async () => {
    const { fake } = await start();

    const data = await replyOf(fake.interaction.chatInput('ask', { question: 'What is the capital of Peru?' }));

    const embed = embedOf(data);
    expect(embed.title).toBe('Not in the report');
    expect(embed.description).toMatch(/doesn't cover/);
    expectSafeMentions(data);
    fake.assertNoViolations();
  });

  it('/compare country:Japan shows its table row', async () => {
    const { fake } = await start();

    const data = await replyOf(fake.interaction.chatInput('compare', { country: 'Japan' }));

    const embed = embedOf(data);
    expect(embed.title).toBe('Japan');
    expect(fieldValue(embed, 'Strategic Risk Level')).toBe('Low');
    expect(fieldValue(embed, 'Processing Capability')).toBe('Advanced');
    expect(embed.footer?.text).toContain('Comparative Analysis of Rare Earth Supply Chains');
    expectSafeMentions(data);
    fake.assertNoViolations();
  });

  it('/compare two countries side by side, hidden and addressed to someone', async () => {
    const { fake } = await start();
    const bob = fake.addUser({ username: 'bob' });

    const data = await replyOf(
      fake.interaction.chatInput('compare', { country: 'China', other: 'India', hide: true, mention: bob.id }),
    );

    const embed = embedOf(data);
    expect(embed.title).toBe('China vs India');
    expect(embed.description).toMatch(/^```\n[\s\S]*Strategic Risk Level[\s\S]*\n```$/);
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toBe(`Answer for <@${bob.id}>`);
    expect(data.allowed_mentions).toEqual({ parse: [], users: [bob.id], replied_user: false });
    fake.assertNoViolations();
  });

  it('/compare with an unknown country is a notice naming the countries covered', async () => {
    const { fake } = await start();

    const data = await replyOf(fake.interaction.chatInput('compare', { country: 'Atlantis' }));

    const embed = embedOf(data);
    expect(embed.title).toBe('Country not found');
    expect(embed.description).toContain('Japan');
    fake.assertNoViolations();
  });

  it('/timeline lists every entry, and when: narrows it', async () => {
    const { fake } = await start();

    const all = embedOf(await replyOf(fake.interaction.chatInput('timeline')));
    const sept = embedOf(await replyOf(fake.interaction.chatInput('timeline', { when: 'Sept 2025' })));
    const none = embedOf(await replyOf(fake.interaction.chatInput('timeline', { when: '1850' })));

    expect(all.title).toBe('Timeline');
    expect(all.fields?.map((f) => f.name)).toEqual(
      expect.arrayContaining(['July 2025', 'August 2025', 'September 2025']),
    );
    expect(sept.title).toBe('Timeline: Sept 2025');
    expect(sept.fields).toEqual([
      {
        name: 'September 2025',
        value: 'Reports emerge of India’s strategic engagement with Myanmar rebels',
        inline: false,
      },
    ]);
    expect(sept.footer?.text).toContain('Timeline');
    expect(none.title).toBe('No timeline entry found');
    fake.assertNoViolations();
  });

  it('/market shows the whole table, or one country’s row', async () => {
    const { fake } = await start();

    const table = embedOf(await replyOf(fake.interaction.chatInput('market')));
    const australia = embedOf(await replyOf(fake.interaction.chatInput('market', { country: 'Australia' })));

    expect(table.title).toBe('Global Rare Earth Market Outlook');
    expect(table.description).toContain('Lynas Corporation');
    expect(australia.title).toBe('Global Rare Earth Market Outlook: Australia');
    expect(fieldValue(australia, 'Market Share (%)')).toBe('3');
    expect(fieldValue(australia, 'Key Players')).toBe('Lynas Corporation');
    expect(australia.footer?.text).toBe(`${REPORT_TITLE} › Global Rare Earth Market Outlook`);
    fake.assertNoViolations();
  });

  it('/benefits lists the strategic benefits', async () => {
    const { fake } = await start();

    const embed = embedOf(await replyOf(fake.interaction.chatInput('benefits')));

    expect(embed.title).toBe('Strategic Benefits of the Myanmar Partnership');
    expect(fieldValue(embed, 'Diversification of Supply')).toBe('Reduces dependence on Chinese rare earths');
    expect(embed.fields).toHaveLength(4);
    fake.assertNoViolations();
  });

  it('/section shows the section text with its source and, being short, no page buttons', async () => {
    const { fake } = await start();

    const data = await replyOf(fake.interaction.chatInput('section', { name: 'Why Myanmar Matters', hide: true }));

    const embed = embedOf(data);
    expect(embed.title).toBe('Why Myanmar Matters');
    expect(embed.description).toContain('established in 1961');
    expect(embed.footer?.text).toBe(`${REPORT_TITLE} › Why Myanmar Matters`);
    expect(data.components ?? []).toEqual([]);
    expect(data.flags).toBe(EPHEMERAL);
    fake.assertNoViolations();
  });

  it('/summary and /help answer with their embeds', async () => {
    const { fake } = await start();

    const summary = embedOf(await replyOf(fake.interaction.chatInput('summary')));
    const help = await replyOf(fake.interaction.chatInput('help', { hide: true }));

    expect(summary.title).toBe(REPORT_TITLE);
    expect(JSON.stringify(summary)).toContain('September 2025');
    expect(help.flags).toBe(EPHEMERAL);
    const names = embedOf(help).fields?.map((f) => f.name) ?? [];
    for (const command of ['/ask', '/timeline', '/compare', '/market', '/benefits', '/section', '/summary', '/help']) {
      expect(names).toContain(command);
    }
    fake.assertNoViolations();
  });

  it('the "Ask the report" message menu answers the question in the message, publicly', async () => {
    const { fake } = await start();
    const target = fake.messageCreate({ content: 'When was the KIA founded?' });

    const sent = fake.interaction.messageContextMenu('Ask the report', target);
    const data = await replyOf(sent);

    expect(data.flags ?? 0).toBe(0);
    expect(embedOf(data).description).toContain('1961');
    expectSafeMentions(data);
    expect(sent.original()?.embeds[0]?.footer?.text).toContain('Why Myanmar Matters');
    fake.assertNoViolations();
  });

  it('the message menu on a message without text says so, ephemerally', async () => {
    const { fake } = await start();
    const target = fake.messageCreate({ content: '' });

    const data = await replyOf(fake.interaction.messageContextMenu('Ask the report', target));

    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).description).toBe('That message has no text for me to answer.');
    fake.assertNoViolations();
  });

  it('a slow command is deferred (type 5) and its answer arrives as a PATCH of @original', async () => {
    const slow = defineCommand({
      name: 'slow',
      description: 'Takes its time',
      options: { hide: HIDE, mention: MENTION },
      run: async ({ hide, mention }) => {
        await new Promise((resolve) => setTimeout(resolve, 120));
        return { title: 'Done', text: 'Took a while.', tone: 'answer' as const, ephemeral: hide, mention };
      },
    });
    const { fake } = await start({ commands: [...realCommands, slow], interaction: { deferAfterMs: 20 } });
    const bob = fake.addUser({ username: 'bob' });

    const visible = fake.interaction.chatInput('slow', { mention: bob.id });
    const hidden = fake.interaction.chatInput('slow', { hide: true });

    const visibleDefer = callbackBody(await visible.waitForCallback());
    expect(visibleDefer.type).toBe(5);
    expect(visibleDefer.data?.flags ?? 0).toBe(0);
    expect(callbackBody(await hidden.waitForCallback())).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await visible.waitForEdit();
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({
      content: `Answer for <@${bob.id}>`,
      embeds: [{ title: 'Done', description: 'Took a while.' }],
      allowed_mentions: { parse: [], users: [bob.id] },
    });
    expect(edit.body).not.toHaveProperty('flags');
    expect((await hidden.waitForEdit()).status).toBe(200);
    expect(visible.original()?.flags).toBe(0); // The loading state is over.
    expect(hidden.original()?.flags).toBe(EPHEMERAL);
    fake.assertNoViolations();
  });
});

describe('autocomplete', () => {
  const cases = [
    { command: 'compare', option: 'country' },
    { command: 'compare', option: 'other' },
    { command: 'timeline', option: 'when' },
    { command: 'section', option: 'name' },
    { command: 'market', option: 'country' },
  ] as const;

  async function choicesFor(h: Harness, command: string, option: string, typed: string) {
    const callback = await h.fake.interaction.autocomplete(command, { [option]: typed }, option).waitForCallback();
    expect(callback.status).toBe(204);
    const body = callbackBody(callback);
    expect(body.type).toBe(8);
    const choices = body.data?.choices ?? [];
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThanOrEqual(1);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
    }
    return choices;
  }

  it('offers at most 25 valid choices for empty, partial, junk and huge input', async () => {
    const h = await start();
    for (const { command, option } of cases) {
      const empty = await choicesFor(h, command, option, '');
      expect(empty.length, `${command} ${option} with nothing typed`).toBeGreaterThan(0);
      expect(await choicesFor(h, command, option, 'zzqx#%$ ☃ \u0000')).toEqual(expect.any(Array));
      await choicesFor(h, command, option, 'x'.repeat(10_000));
    }
    h.fake.assertNoViolations();
  });

  it('ranks what was typed first', async () => {
    const h = await start();

    const japan = await choicesFor(h, 'compare', 'country', 'Jap');
    const sept = await choicesFor(h, 'timeline', 'when', 'Sept');
    const section = await choicesFor(h, 'section', 'name', 'Why Myan');
    const market = await choicesFor(h, 'market', 'country', 'aus');

    expect(japan[0]?.value).toBe('Japan');
    expect(sept[0]?.name).toMatch(/^September 2025/);
    expect(section[0]?.name).toBe('Why Myanmar Matters');
    expect(market[0]?.value).toBe('Australia');

    // The value autocomplete gives /section is what /section then accepts.
    const data = await replyOf(h.fake.interaction.chatInput('section', { name: String(section[0]?.value) }));
    expect(embedOf(data).title).toBe('Why Myanmar Matters');
    h.fake.assertNoViolations();
  });
});

describe('page buttons', () => {
  async function sectionReply(h: Harness) {
    const sent = h.fake.interaction.chatInput('section', { name: 'Why Myanmar Matters' });
    await replyOf(sent);
    const message = sent.original();
    expect(message).toBeDefined();
    return message!;
  }

  it('the owner turns to a page: the message is updated in place (type 7)', async () => {
    const h = await start();
    const message = await sectionReply(h);
    const id = encodePager({
      command: 'section',
      key: '0',
      page: 1,
      owner: h.fake.user.id,
      expiresAt: Date.now() + 60_000,
    });

    const callback = await h.fake.interaction.button(id, message).waitForCallback();

    const body = callbackBody(callback);
    expect(callback.status).toBe(204);
    expect(body.type).toBe(7);
    expect(body.data?.flags).toBeUndefined(); // An update cannot change visibility.
    expect(embedOf(body.data).footer?.text).toMatch(new RegExp(`^${REPORT_TITLE} › `));
    expect(body.data?.allowed_mentions?.parse).toEqual([]);
    expect(h.fake.world.messages.get(message.id)?.embeds[0]?.title).toBe(embedOf(body.data).title);
    h.fake.assertNoViolations();
  });

  it('a page past the last one shows the last page', async () => {
    const h = await start();
    const message = await sectionReply(h);
    const id = encodePager({
      command: 'section',
      key: '0',
      page: 99,
      owner: h.fake.user.id,
      expiresAt: Date.now() + 60_000,
    });

    const body = callbackBody(await h.fake.interaction.button(id, message).waitForCallback());

    expect(body.type).toBe(7);
    expect(embedOf(body.data).description?.length).toBeGreaterThan(0);
    h.fake.assertNoViolations();
  });

  it('someone else pressing gets an ephemeral refusal and the message is untouched', async () => {
    const h = await start();
    const message = await sectionReply(h);
    const mallory = h.fake.addUser({ username: 'mallory' });
    const id = encodePager({
      command: 'section',
      key: '0',
      page: 1,
      owner: h.fake.user.id,
      expiresAt: Date.now() + 60_000,
    });

    const data = await replyOf(h.fake.interaction.button(id, message, { user: mallory }));

    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).description).toMatch(/^Only the person who asked can turn these pages/);
    expect(h.fake.world.messages.get(message.id)?.edited_timestamp).toBeNull();
    h.fake.assertNoViolations();
  });

  it('an expired button gets an ephemeral notice', async () => {
    const h = await start();
    const message = await sectionReply(h);
    const id = encodePager({
      command: 'section',
      key: '0',
      page: 1,
      owner: h.fake.user.id,
      expiresAt: Date.now() - 5_000,
    });

    const data = await replyOf(h.fake.interaction.button(id, message));

    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).description).toMatch(/^These buttons have expired/);
    h.fake.assertNoViolations();
  });

  it('a section key that no longer exists is an answer, not a crash', async () => {
    const h = await start();
    const message = await sectionReply(h);
    const id = encodePager({
      command: 'section',
      key: '999',
      page: 1,
      owner: h.fake.user.id,
      expiresAt: Date.now() + 60_000,
    });

    const body = callbackBody(await h.fake.interaction.button(id, message).waitForCallback());

    expect(body.type).toBe(7);
    expect(embedOf(body.data).description).toBe('That section is no longer in the report.');
    h.fake.assertNoViolations();
  });
});

describe('latency', () => {
  it('dispatch-to-callback over 200 /ask interactions (benchmark, printed)', async () => {
    const h = await start();
    const questions = [
      'When was the KIA founded?',
      'Which countries have advanced processing capability?',
      'What is the market share of China?',
      'What happened in August 2025?',
      'Compare Japan and India',
      'Why does Myanmar matter?',
      'What are the strategic benefits?',
      'Who are the key players in Australia?',
      'What is the capital of Peru?',
      'Tell me about dysprosium',
    ];
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const question = `${questions[i % questions.length]!}${i >= questions.length ? ` (${i})` : ''}`;
      const t0 = performance.now();
      const callback = await h.fake.interaction.chatInput('ask', { question }).waitForCallback();
      samples.push(performance.now() - t0);
      expect(callback.status).toBe(204);
    }
    samples.sort((a, b) => a - b);
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    console.log(
      `[e2e latency] /ask dispatch → callback over ${samples.length} interactions: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms`,
    );
    expect(samples).toHaveLength(200);
    h.fake.assertNoViolations();
  });
});
