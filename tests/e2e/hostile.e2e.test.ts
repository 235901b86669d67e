import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands as realCommands } from '../../commands/index.ts';
import { EXPIRED_COMPONENT, SORRY } from '../../src/adapters/discord/interactionConstants.ts';
import { encodePager } from '../../src/adapters/discord/pagerId.ts';
import { defineCommand } from '../../src/bot/command.ts';
import type { OptionValues, SentInteraction } from './fake/index.ts';
import type { Harness } from './harness.ts';
import { callbackBody, EPHEMERAL, embedOf, messageBody, replyOf, settle, useHarness } from './harness.ts';

/** Interactions no real Discord client would send, and commands that blow up: answered or ignored, never fatal. */

const start = useHarness();

const LOADING = 1 << 7;
const {
  String: STRING,
  Boolean: BOOLEAN,
  Integer: INTEGER,
  User: USER,
  Subcommand: SUBCOMMAND,
} = ApplicationCommandOptionType;

/** A notice only the invoker sees: the way the bot turns a bad request down. */
async function ephemeralNotice(sent: SentInteraction): Promise<string> {
  const data = await replyOf(sent);
  expect(data.flags).toBe(EPHEMERAL);
  expect(data.allowed_mentions?.parse).toEqual([]);
  return embedOf(data).description ?? '';
}

/** The bot is still alive and well: a normal /ask is answered. */
async function stillAnswers(h: Harness): Promise<void> {
  const data = await replyOf(h.fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' }));
  expect(embedOf(data).description).toContain('1961');
  expect(h.bot.client.isReady()).toBe(true);
}

describe('hostile interactions', () => {
  it('unknown command names get an ephemeral notice', async () => {
    const h = await start();

    expect(await ephemeralNotice(h.fake.interaction.chatInput('nope'))).toBe(
      "I don't know the command /nope. Try /help.",
    );
    const long = await ephemeralNotice(h.fake.interaction.chatInput('x'.repeat(10_000)));
    expect(long).toBe(`I don't know the command /${'x'.repeat(50)}. Try /help.`);
    const menu = h.fake.interaction.messageContextMenu('Not a menu', h.fake.messageCreate({ content: 'hi' }));
    expect(await ephemeralNotice(menu)).toBe("I don't know that command.");

    await stillAnswers(h);
    h.fake.assertNoViolations();
  });

  it('missing required options get an ephemeral notice naming the option', async () => {
    const h = await start();

    expect(await ephemeralNotice(h.fake.interaction.chatInput('ask', []))).toBe('The option question is missing.');
    expect(await ephemeralNotice(h.fake.interaction.chatInput('compare', { other: 'India' }))).toBe(
      'The option country is missing.',
    );
    expect(await ephemeralNotice(h.fake.interaction.chatInput('section', { hide: true }))).toBe(
      'The option name is missing.',
    );

    await stillAnswers(h);
    h.fake.assertNoViolations();
  });

  it('10,000-character option values are turned down, not answered or echoed in full', async () => {
    const h = await start();
    const huge = 'a'.repeat(10_000);
    const cases: Array<[string, OptionValues, string]> = [
      ['ask', { question: huge }, 'question is too long (10,000 characters; the limit is 1,000).'],
      ['compare', { country: huge }, 'country is too long (10,000 characters; the limit is 100).'],
      ['compare', { country: 'Japan', other: huge }, 'other is too long (10,000 characters; the limit is 100).'],
      ['timeline', { when: huge }, 'when is too long (10,000 characters; the limit is 100).'],
      ['market', { country: huge }, 'country is too long (10,000 characters; the limit is 100).'],
      ['section', { name: huge }, 'name is too long (10,000 characters; the limit is 100).'],
    ];

    for (const [command, options, expected] of cases) {
      expect(await ephemeralNotice(h.fake.interaction.chatInput(command, options)), command).toBe(expected);
    }
    // A question at exactly the limit is fine, and the reply still fits Discord's limits (checked by the spec).
    const atLimit = await replyOf(
      h.fake.interaction.chatInput('ask', { question: `When was the KIA founded? ${'b '.repeat(486)}` }),
    );
    expect(atLimit.embeds).toHaveLength(1);

    await stillAnswers(h);
    h.fake.assertNoViolations();
  });

  it('options of the wrong type get an ephemeral notice', async () => {
    const h = await start();
    const cases: Array<[string, OptionValues, string]> = [
      [
        'ask',
        [{ name: 'question', type: BOOLEAN, value: true }],
        'The option question has the wrong type; expected string.',
      ],
      [
        'ask',
        [{ name: 'question', type: INTEGER, value: 42 }],
        'The option question has the wrong type; expected string.',
      ],
      [
        'ask',
        [
          { name: 'question', type: STRING, value: 'When was the KIA founded?' },
          { name: 'hide', type: STRING, value: 'yes please' },
        ],
        'The option hide has the wrong type; expected boolean.',
      ],
      [
        'compare',
        [
          { name: 'country', type: STRING, value: 'Japan' },
          { name: 'mention', type: STRING, value: '@everyone' },
        ],
        'The option mention has the wrong type; expected user.',
      ],
    ];

    for (const [command, options, expected] of cases) {
      expect(await ephemeralNotice(h.fake.interaction.chatInput(command, options)), JSON.stringify(options)).toBe(
        expected,
      );
    }
    // A subcommand sent to a command that has none: discord.js hoists its options, so it is simply answered.
    const nested = [
      {
        name: 'sneaky',
        type: SUBCOMMAND,
        options: [{ name: 'question', type: STRING, value: 'When was the KIA founded?' }],
      },
    ];
    expect(embedOf(await replyOf(h.fake.interaction.chatInput('ask', nested as OptionValues))).description).toContain(
      '1961',
    );

    await stillAnswers(h);
    h.fake.assertNoViolations();
  });

  it('unknown extra options and a mention of a user Discord did not resolve are ignored', async () => {
    const h = await start();

    const data = await replyOf(
      h.fake.interaction.chatInput('ask', [
        { name: 'question', type: STRING, value: 'When was the KIA founded?' },
        { name: 'evil', type: STRING, value: '@everyone' },
        { name: 'mention', type: USER, value: '123456789012345678' },
      ]),
    );

    expect(embedOf(data).description).toContain('1961');
    expect(data.content).toBeUndefined();
    expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    h.fake.assertNoViolations();
  });

  it('buttons with garbage or unknown custom ids say they have expired; stale page buttons say they no longer work', async () => {
    const h = await start();
    const target = h.fake.messageCreate({ content: 'a message with buttons' });
    const owner = h.fake.user.id;
    const later = Date.now() + 60_000;
    const ids = ['garbage', 'x'.repeat(100), 'pg|section|0|NaN|1|2', 'pg|section|0|1|2', 'pg||||||', '|'.repeat(5)];
    const stale = [
      encodePager({ command: 'no-such-command', key: '0', page: 1, owner, expiresAt: later }),
      encodePager({ command: 'ask', key: '0', page: 1, owner, expiresAt: later }), // A command without pages.
    ];

    const presses = [
      ...ids.map((id) => h.fake.interaction.button(id, target)),
      h.fake.interaction.select('old-menu', ['a'], target), // This bot has no menus: one is from an older version.
    ];
    const stalePresses = stale.map((id) => h.fake.interaction.button(id, target));

    for (const press of presses) {
      expect(await ephemeralNotice(press), press.payload.data && JSON.stringify(press.payload.data)).toBe(
        EXPIRED_COMPONENT,
      );
    }
    for (const press of stalePresses) {
      const callback = await press.waitForCallback();
      expect(callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(JSON.stringify(callback.body)).toContain('These buttons no longer work');
    }
    expect(h.logs().filter((l) => l.level >= 50)).toEqual([]);
    await stillAnswers(h);
    h.fake.assertNoViolations();
  });

  it('interactions older than the 3 s response window (replayed after a reconnect) are skipped, at debug level', async () => {
    const h = await start();
    const target = h.fake.messageCreate({ content: 'a message with buttons' });
    const createdAt = Date.now() - 5_000;

    const old = [
      h.fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' }, { createdAt }),
      h.fake.interaction.autocomplete('compare', { country: 'Ja' }, 'country', { createdAt }),
      h.fake.interaction.button('garbage', target, { createdAt }),
    ];
    const fresh = h.fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' });
    expect(embedOf(await replyOf(fresh)).description).toContain('1961');
    await settle(h);

    for (const sent of old) expect(sent.requests()).toEqual([]);
    const skipped = h.logs().filter((l) => l.msg === 'interaction skipped: older than the response window');
    expect(skipped.map((l) => [l.level, l.interactionId])).toEqual(old.map((sent) => [20, sent.id]));
    expect(h.logs().filter((l) => l.level >= 40)).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('autocomplete for an unknown command, or with no focused option, answers with no choices', async () => {
    const h = await start();

    const unknown = await h.fake.interaction.autocomplete('nope', { thing: 'x' }, 'thing').waitForCallback();
    const unfocused = await h.fake.interaction
      .autocomplete('compare', { country: 'Ja' }, 'not-an-option')
      .waitForCallback();
    const huge = await h.fake.interaction
      .autocomplete('x'.repeat(5_000), { q: 'y'.repeat(10_000) }, 'q')
      .waitForCallback();

    for (const callback of [unknown, unfocused, huge]) {
      expect(callback.status).toBe(204);
      expect(callbackBody(callback)).toEqual({ type: 8, data: { choices: [] } });
    }
    await stillAnswers(h);
    h.fake.assertNoViolations();
  });
});

describe('a command that throws', () => {
  const boom = defineCommand({
    name: 'boom',
    description: 'Always fails',
    options: { question: { type: 'string', description: 'Anything' } },
    autocomplete: () => {
      throw new Error('autocomplete exploded');
    },
    run: () => {
      throw new Error('kaboom');
    },
  });
  const slowBoom = defineCommand({
    name: 'slowboom',
    description: 'Fails after it was deferred',
    options: {},
    run: async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      throw new Error('kaboom later');
    },
  });

  const slowSecret = defineCommand({
    name: 'slowsecret',
    description: 'A private reply that takes a while',
    options: {},
    run: async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { text: 'for your eyes only', ephemeral: true };
    },
  });

  it('a private reply that needed a deferral stays private', async () => {
    const h = await start({ commands: [...realCommands, slowSecret], interaction: { deferAfterMs: 20 } });

    const sent = h.fake.interaction.chatInput('slowsecret');
    expect(callbackBody(await sent.waitForCallback())).toMatchObject({ type: 5 });
    const followUp = await sent.waitForFollowUp();
    expect(messageBody(followUp)).toMatchObject({ flags: EPHEMERAL, allowed_mentions: { parse: [] } });
    expect(JSON.stringify(followUp.body)).toContain('for your eyes only');
    // The public "thinking…" placeholder is removed, and never edited into the private text.
    expect(sent.requests().some((r) => r.method === 'DELETE' && r.path.endsWith('/@original'))).toBe(true);
    expect(sent.requests().filter((r) => r.method === 'PATCH')).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('gets the ephemeral apology, and the log line names the interaction', async () => {
    const h = await start({ commands: [...realCommands, boom] });

    const sent = h.fake.interaction.chatInput('boom', { question: 'anything' });
    const data = await replyOf(sent);

    expect(data).toMatchObject({ content: SORRY, flags: EPHEMERAL, allowed_mentions: { parse: [] } });
    const failures = h.logs().filter((l) => l.msg === 'interaction handler failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: 50, interactionId: sent.id, err: { message: 'kaboom' } });
    await stillAnswers(h);
    h.fake.assertNoViolations();
  });

  it('a throwing autocomplete answers with no choices and logs a warning naming the interaction', async () => {
    const h = await start({ commands: [...realCommands, boom] });

    const sent = h.fake.interaction.autocomplete('boom', { question: 'any' }, 'question');
    expect(callbackBody(await sent.waitForCallback())).toEqual({ type: 8, data: { choices: [] } });

    expect(h.logs().filter((l) => l.interactionId === sent.id)).toEqual([
      expect.objectContaining({ level: 40, msg: 'autocomplete failed; answering with no choices' }),
    ]);
    await stillAnswers(h);
    h.fake.assertNoViolations();
  });

  // After a deferral the apology must replace the "Bot is thinking…" message, not follow it.
  it('after a deferral, the failure replaces the "thinking…" message', async () => {
    const h = await start({ commands: [...realCommands, slowBoom], interaction: { deferAfterMs: 20 } });

    const sent = h.fake.interaction.chatInput('slowboom');
    expect(callbackBody(await sent.waitForCallback()).type).toBe(5);
    await h.fake.waitForRequest((r) => r.path.includes(sent.token) && !r.path.endsWith('/callback'));

    expect(JSON.stringify(sent.original())).toContain(SORRY);
    expect((sent.original()?.flags ?? 0) & LOADING).toBe(0);
    h.fake.assertNoViolations();
  });

  it('after a deferral, the apology still reaches the user and the bot keeps answering', async () => {
    const h = await start({ commands: [...realCommands, slowBoom], interaction: { deferAfterMs: 20 } });

    const sent = h.fake.interaction.chatInput('slowboom');
    expect(callbackBody(await sent.waitForCallback()).type).toBe(5);
    const apology = await h.fake.waitForRequest((r) => r.path.includes(sent.token) && !r.path.endsWith('/callback'));

    expect(apology.status).toBe(200);
    expect(JSON.stringify(apology.body)).toContain(SORRY);
    expect(h.logs().filter((l) => l.msg === 'interaction handler failed')).toEqual([
      expect.objectContaining({ interactionId: sent.id }),
    ]);
    await stillAnswers(h);
    h.fake.assertNoViolations();
  });
});
