import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands as realCommands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deployCommands.ts';
import { createInteractionsEndpoint, type InteractionsEndpoint } from '../../src/adapters/discord/http/endpoint.ts';
import type { HealthReport } from '../../src/adapters/discord/http/server.ts';
import { EXPIRED_COMPONENT } from '../../src/adapters/discord/interactionConstants.ts';
import { encodePager } from '../../src/adapters/discord/pagerId.ts';
import { type Command, defineCommand, HIDE, MENTION } from '../../src/bot/command.ts';
import { createLogger } from '../../src/logger.ts';
import { HttpInteractions, RELAY_HEADER } from './fake/httpInteractions.ts';
import { FakeDiscord } from './fake/index.ts';
import { callbackBody, EPHEMERAL, embedOf, engine, makeToken, replyOf } from './harness.ts';

/** The bot's HTTP interactions endpoint against the fake Discord, which signs and POSTs as Discord does. */

interface Setup {
  fake: FakeDiscord;
  http: HttpInteractions;
  endpoint: InteractionsEndpoint;
  rawLogs: string[];
}

const open: Setup[] = [];
afterEach(async () => {
  for (const { fake, endpoint, rawLogs } of open.splice(0)) {
    await endpoint.stop();
    await fake.close();
    // Interaction tokens are good for 15 minutes of replies as the bot: never in a log.
    const tokens = [...fake.world.interactions.values()].map((r) => r.payload.token);
    expect(rawLogs.filter((line) => tokens.some((t) => line.includes(t)))).toEqual([]);
    expect(fake.unhandledRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  }
});

async function setUp(
  options: { commands?: readonly Command[]; deferAfterMs?: number; health?: () => Promise<HealthReport> } = {},
): Promise<Setup> {
  const token = makeToken();
  const fake = await FakeDiscord.start({ token });
  const commands = options.commands ?? realCommands;
  // Registered first, so interactions carry the registered ids and option types, as Discord's do.
  await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
  const http = new HttpInteractions(fake);
  const rawLogs: string[] = [];
  const endpoint = createInteractionsEndpoint({
    port: 0,
    host: '127.0.0.1',
    publicKey: http.publicKey,
    apiUrl: fake.apiUrl,
    engine: engine(),
    commands,
    logger: createLogger('debug', { write: (line: string) => void rawLogs.push(line) }),
    services: () => ({}),
    health: options.health,
    interaction: options.deferAfterMs === undefined ? {} : { deferAfterMs: options.deferAfterMs },
  });
  await endpoint.start();
  http.endpoint = `http://127.0.0.1:${endpoint.port}`;
  const setup = { fake, http, endpoint, rawLogs };
  open.push(setup);
  return setup;
}

const relayed = (fake: FakeDiscord) => fake.requests.filter((r) => r.headers[RELAY_HEADER] !== undefined);

describe('signatures', () => {
  it('answers a PING signed with the key it was given with a PONG', async () => {
    const { http } = await setUp();

    const response = await http.ping();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.body).toEqual({ type: 1 });
    // Discord's PING carries fewer fields than an interaction: an id, the application, a token, the type.
    const bare = await http.post(JSON.stringify({ id: '1', application_id: '2', type: 1, token: 't', version: 1 }));
    expect(bare.body).toEqual({ type: 1 });
  });

  it('refuses with 401 what Discord did not sign: another key, a tampered body, missing or malformed headers', async () => {
    const { http, fake, rawLogs } = await setUp();
    const body = JSON.stringify({
      id: '1234567890123456789',
      application_id: fake.botUser.id,
      type: 1,
      token: 'x',
      version: 1,
      user: fake.user,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = http.sign(body, timestamp);

    const refused = [
      await http.post(body, { key: HttpInteractions.otherKey() }),
      await http.post(body.replace('"type":1', '"type":1 '), { timestamp, signature }),
      await http.post(body, { timestamp: String(Number(timestamp) + 1), signature }),
      await http.post(body, { signature: null }),
      await http.post(body, { withoutTimestamp: true }),
      await http.post(body, { signature: 'zz'.repeat(64) }),
      await http.post(body, { signature: signature.slice(0, 100) }),
    ];

    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 401]);
    expect(refused[0]?.body).toEqual({ error: 'invalid request signature' });
    // The same body, rightly signed, is accepted: the refusals were about the signature alone.
    expect((await http.post(body, { timestamp, signature })).status).toBe(200);
    const lines = rawLogs.filter((l) => l.includes('invalid signature'));
    expect(lines).toHaveLength(7);
    expect(lines.some((l) => l.includes(body))).toBe(false);
  });

  it('refuses stale and far-future timestamps even when rightly signed', async () => {
    const { http } = await setUp();
    const now = Math.floor(Date.now() / 1000);

    const stale = await http.ping({ timestamp: String(now - 10 * 60) });
    const future = await http.ping({ timestamp: String(now + 10 * 60) });
    const recent = await http.ping({ timestamp: String(now - 60) });

    expect([stale.status, future.status, recent.status]).toEqual([401, 401, 200]);
  });
});

describe('requests that are not interactions', () => {
  it('says 400 to malformed JSON and to JSON that is no interaction, 413 to oversized bodies, and keeps serving', async () => {
    const { http } = await setUp();

    const malformed = await http.post('{"type": 1,');
    const notInteraction = await http.post(JSON.stringify({ type: 2, hello: 'world' }));
    const oversized = await http.post(JSON.stringify({ type: 1, padding: randomBytes(48 * 1024).toString('base64') }));

    expect(malformed.status).toBe(400);
    expect(notInteraction.status).toBe(400);
    expect(notInteraction.body).toMatchObject({ error: expect.stringMatching(/^not an interaction: /) });
    expect(oversized.status).toBe(413);
    expect((await http.ping()).status).toBe(200);
  });

  it('says 400, not "This button has expired", to interaction types Discord never sends', async () => {
    const { http, fake } = await setUp();
    const interaction = (type: unknown) =>
      JSON.stringify({
        id: `12345678901234567${String(type).replace('-', '9').padStart(2, '0')}`,
        application_id: fake.botUser.id,
        type,
        token: 't',
        version: 1,
        user: fake.user,
        data: { custom_id: 'x' },
      });

    const refused = [
      await http.post(interaction(0)),
      await http.post(interaction(6)),
      await http.post(interaction(-7)),
    ];

    expect(refused.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(refused[1]?.body).toEqual({ error: 'not an interaction: type 6 is not an interaction type' });
  });

  it('logs a client that hangs up mid-request below error, and keeps serving', async () => {
    const { http, rawLogs } = await setUp();
    const { port } = new URL(http.endpoint);

    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"type":');
        setTimeout(() => socket.destroy(), 100);
      });
      socket.once('close', () => resolve());
      socket.once('error', reject);
    });
    await vi.waitFor(() => expect(rawLogs.some((l) => l.includes('abandoned by the client'))).toBe(true));

    expect(rawLogs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
    expect((await http.ping()).status).toBe(200);
  });

  it('answers 405 to another method, 404 to another path, and /healthz only when given a hook', async () => {
    const { http } = await setUp();
    const withHealth = await setUp({ health: async () => ({ status: 503, body: { gateway: 'down' } }) });

    expect((await http.post('', { method: 'GET' })).status).toBe(405);
    expect((await http.ping({ path: '/interaction' })).status).toBe(404);
    expect((await http.post('', { method: 'GET', path: '/healthz' })).status).toBe(404);
    const health = await withHealth.http.post('', { method: 'GET', path: '/healthz' });
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ gateway: 'down' });
    expect((await withHealth.http.post('', { method: 'POST', path: '/healthz' })).status).toBe(405);
  });
});

describe('replays', () => {
  it('a captured, rightly signed interaction sent again gets 409 and runs nothing', async () => {
    let runs = 0;
    const counted = defineCommand({
      name: 'counted',
      description: 'Counts its runs',
      options: {},
      run: async () => {
        runs++;
        return { text: `run ${runs}` };
      },
    });
    const { http, rawLogs } = await setUp({ commands: [...realCommands, counted] });

    const sent = http.chatInput('counted');
    expect((await sent.response).status).toBe(200);
    const replayed = await http.replay(sent.id);
    const again = await http.replay(sent.id);

    expect([replayed.status, again.status]).toEqual([409, 409]);
    expect(replayed.body).toEqual({ error: 'interaction already received' });
    expect(runs).toBe(1);
    expect(rawLogs.filter((l) => l.includes('already received'))).toHaveLength(2);
    // Another interaction is unaffected.
    expect((await http.chatInput('counted').response).status).toBe(200);
    expect(runs).toBe(2);
  });
});

describe('commands over HTTP', () => {
  it('/ask answers in the response itself, with the passage and its source, valid by the spec and pinging nobody', async () => {
    const { fake, http } = await setUp();

    const sent = http.chatInput('ask', { question: 'When was the KIA founded?' });
    const response = await sent.response;

    expect(response.status).toBe(200);
    const data = await replyOf(sent);
    expect(response.body).toEqual(callbackBody(await sent.waitForCallback()));
    const embed = embedOf(data);
    expect(embed.title).toBe('When was the KIA founded?');
    expect(embed.description).toContain('1961');
    expect(embed.footer?.text).toBe('India Myanmar Rare Earths › Why Myanmar Matters');
    expect(data.flags ?? 0).toBe(0);
    expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(relayed(fake)).toHaveLength(1);
    // No REST callback of its own: the response was the answer.
    expect(fake.requests.filter((r) => r.path.endsWith('/callback'))).toHaveLength(1);
    fake.assertNoViolations();
  });

  it('/ask hide:true is ephemeral, and mention: may ping that user only', async () => {
    const { fake, http } = await setUp();
    const bob = fake.addUser({ username: 'bob' });

    const hidden = await replyOf(http.chatInput('ask', { question: 'When was the KIA founded?', hide: true }));
    const addressed = await replyOf(http.chatInput('ask', { question: 'When was the KIA founded?', mention: bob.id }));

    expect(hidden.flags).toBe(EPHEMERAL);
    expect(addressed.content).toBe(`Answer for <@${bob.id}>`);
    expect(addressed.allowed_mentions).toEqual({ parse: [], users: [bob.id], replied_user: false });
    fake.assertNoViolations();
  });

  it('checks options as the gateway path does: a wrong type is named, not thrown', async () => {
    const { fake, http } = await setUp();

    const data = await replyOf(http.chatInput('ask', [{ name: 'question', type: 4, value: 7 }]));

    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).description).toBe('The option question has the wrong type; expected string.');
    fake.assertNoViolations();
  });

  it('admin commands read Manage Server (or Administrator) from the member in the payload', async () => {
    const { fake, http } = await setUp();

    const status = [{ name: 'status', type: 1, options: [] }];
    const member = await replyOf(http.chatInput('settings', status));
    const manager = await replyOf(
      http.chatInput('settings', status, { permissions: String(PermissionFlagsBits.ManageGuild) }),
    );
    const admin = await replyOf(
      http.chatInput('settings', status, { permissions: String(PermissionFlagsBits.Administrator) }),
    );

    expect(embedOf(member).description).toBe('/settings needs the Manage Server permission.');
    // Past the admin check; this endpoint has no forum service, as without the gateway.
    expect(embedOf(manager).description).toBe('Settings are not available here.');
    expect(embedOf(admin).description).toBe(embedOf(manager).description);
    fake.assertNoViolations();
  });

  it('autocomplete answers with choices (type 8) valid by the spec', async () => {
    const { fake, http } = await setUp();

    const sent = http.autocomplete('compare', { country: 'Jap' }, 'country');
    const response = await sent.response;

    expect(response.status).toBe(200);
    const body = callbackBody(await sent.waitForCallback());
    expect(body.type).toBe(8);
    expect(body.data?.choices?.[0]?.name).toMatch(/^Japan/);
    expect(body.data?.choices?.length).toBeLessThanOrEqual(25);
    fake.assertNoViolations();
  });

  it('a page button updates the message in place (type 7); another member and an unknown button get notices', async () => {
    const { fake, http } = await setUp();
    const asked = http.chatInput('section', { name: 'Why Myanmar Matters' });
    await replyOf(asked);
    const message = asked.original()!;
    const id = encodePager({
      command: 'section',
      key: '0',
      page: 1,
      owner: fake.user.id,
      expiresAt: Date.now() + 60_000,
    });
    const mallory = fake.addUser({ username: 'mallory' });

    const turned = callbackBody(await http.button(id, message).waitForCallback());
    const refused = await replyOf(http.button(id, message, { user: mallory }));
    const unknown = await replyOf(http.button('something-else', message));
    const select = await replyOf(http.select('menu', ['a'], message));

    expect(turned.type).toBe(7);
    expect(turned.data?.flags).toBeUndefined();
    expect(embedOf(turned.data).footer?.text).toMatch(/^India Myanmar Rare Earths › /);
    expect(fake.world.messages.get(message.id)?.embeds[0]?.title).toBe(embedOf(turned.data).title);
    expect(refused.flags).toBe(EPHEMERAL);
    expect(embedOf(refused).description).toMatch(/^Only the person who asked can turn these pages/);
    expect(embedOf(unknown).description).toBe(EXPIRED_COMPONENT);
    expect(embedOf(select).description).toBe(EXPIRED_COMPONENT);
    fake.assertNoViolations();
  });

  it('a slow command is deferred (type 5) in the response, then its answer is PATCHed to @original through the webhook', async () => {
    const slow = defineCommand({
      name: 'slow',
      description: 'Takes its time',
      options: { hide: HIDE, mention: MENTION },
      run: async ({ hide, mention }) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { title: 'Done', text: 'Took a while.', tone: 'answer' as const, ephemeral: hide, mention };
      },
    });
    const { fake, http } = await setUp({ commands: [...realCommands, slow], deferAfterMs: 30 });
    const bob = fake.addUser({ username: 'bob' });

    const visible = http.chatInput('slow', { mention: bob.id });
    const hidden = http.chatInput('slow', { hide: true });

    expect((await visible.response).body).toEqual({ type: 5 });
    expect((await hidden.response).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await visible.waitForEdit(3_000);
    expect(edit.status).toBe(200);
    expect(edit.headers.authorization).toBeUndefined();
    expect(edit.body).toMatchObject({
      content: `Answer for <@${bob.id}>`,
      embeds: [{ title: 'Done', description: 'Took a while.' }],
      allowed_mentions: { parse: [], users: [bob.id] },
    });
    expect(edit.body).not.toHaveProperty('flags');
    expect((await hidden.waitForEdit(3_000)).status).toBe(200);
    expect(visible.original()?.flags).toBe(0);
    expect(hidden.original()?.flags).toBe(EPHEMERAL);
    fake.assertNoViolations();
  });

  it('a private reply that needed a public deferral stays private: the deferral is deleted, the reply is an ephemeral follow-up', async () => {
    const slowSecret = defineCommand({
      name: 'slowsecret',
      description: 'A private reply that takes a while',
      options: {},
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return { text: 'for your eyes only', ephemeral: true };
      },
    });
    const { fake, http } = await setUp({ commands: [...realCommands, slowSecret], deferAfterMs: 30 });

    const sent = http.chatInput('slowsecret');

    expect((await sent.response).body).toEqual({ type: 5 });
    const followUp = await sent.waitForFollowUp(3_000);
    expect(followUp.status).toBe(200);
    expect(followUp.body).toMatchObject({ flags: EPHEMERAL, allowed_mentions: { parse: [] } });
    expect(sent.requests().some((r) => r.method === 'DELETE' && r.path.endsWith('/@original'))).toBe(true);
    fake.assertNoViolations();
  });

  it('a reply with a file is deferred and the file uploaded with the edit; a private one after a public deferral comes as a follow-up with it', async () => {
    const file = (slow: boolean, ephemeral: boolean) =>
      defineCommand({
        name: slow ? 'slowfile' : 'file',
        description: 'Replies with a file',
        options: {},
        run: async () => {
          if (slow) await new Promise((resolve) => setTimeout(resolve, 200));
          return { text: 'attached', ephemeral, attachment: { name: 'rows.csv', content: 'a,b\r\n1,2\r\n' } };
        },
      });
    const { fake, http } = await setUp({
      commands: [...realCommands, file(false, false), file(true, true)],
      deferAfterMs: 30,
    });

    const quick = http.chatInput('file');
    const slow = http.chatInput('slowfile');

    // A file cannot be part of the HTTP response, so even the quick reply is deferred (publicly, as it is public).
    expect((await quick.response).body).toEqual({ type: 5 });
    const accepted = (sent: typeof quick, method: string) =>
      fake.waitForRequest(
        (r) => r.method === method && r.status === 200 && r.path.includes(`/${sent.token}`) && r.files.length > 0,
        3_000,
      );
    const edit = await accepted(quick, 'PATCH');
    expect(edit.files.map((f) => [f.name, f.data?.toString('utf8')])).toEqual([['rows.csv', 'a,b\r\n1,2\r\n']]);
    expect(quick.original()?.flags).toBe(0);
    expect(quick.original()?.attachments.map((a) => a.filename)).toEqual(['rows.csv']);

    expect((await slow.response).body).toEqual({ type: 5 });
    const followUp = await accepted(slow, 'POST');
    expect(followUp.body).toMatchObject({ flags: EPHEMERAL, attachments: [{ id: '0', filename: 'rows.csv' }] });
    expect(slow.requests().some((r) => r.method === 'DELETE' && r.path.endsWith('/@original'))).toBe(true);
    fake.assertNoViolations();
  });

  it('a user context menu this bot does not have gets a clear ephemeral notice', async () => {
    const { fake, http } = await setUp();

    const data = await replyOf(http.userContextMenu('Profile', fake.addUser({ username: 'bob' })));

    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).description).toBe("I don't know that command.");
    fake.assertNoViolations();
  });

  it('a command (or its page) that throws gets the ephemeral apology, inline or in place of the deferral', async () => {
    const boom = defineCommand({
      name: 'boom',
      description: 'Fails',
      options: { slow: { type: 'boolean', description: 'Fail late' } },
      run: async ({ slow }) => {
        if (slow) await new Promise((resolve) => setTimeout(resolve, 200));
        throw new Error('no');
      },
    });
    const badPages = defineCommand({
      name: 'badpages',
      description: 'Its pages fail',
      options: {},
      run: () => ({ text: 'page 1', pager: { command: 'badpages', key: 'k', page: 1, total: 2 } }),
      page: () => {
        throw new Error('no page');
      },
    });
    const { fake, http } = await setUp({ commands: [...realCommands, boom, badPages], deferAfterMs: 30 });

    const fast = await http.chatInput('boom').response;
    const late = http.chatInput('boom', { slow: true });

    expect(fast.body).toMatchObject({ type: 4, data: { content: expect.stringMatching(/^Sorry/), flags: EPHEMERAL } });
    expect((await late.response).body).toEqual({ type: 5 });
    expect((await late.waitForEdit(3_000)).body).toMatchObject({ content: expect.stringMatching(/^Sorry/) });
    const paged = http.chatInput('badpages');
    await replyOf(paged);
    const id = encodePager({
      command: 'badpages',
      key: 'k',
      page: 2,
      owner: fake.user.id,
      expiresAt: Date.now() + 60_000,
    });
    const turned = await http.button(id, paged.original()!).response;
    expect(turned.status).toBe(200);
    expect(turned.body).toMatchObject({
      type: 4,
      data: { content: expect.stringMatching(/^Sorry/), flags: EPHEMERAL },
    });
    fake.assertNoViolations();
  });
});
