/**
 * "Ask a person" over the HTTP interactions endpoint: its thread requests are bot requests, made with
 * the process's bot token when it has one, and say "not available" when it has none.
 */
import type { APIButtonComponent } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deployCommands.ts';
import { createInteractionsEndpoint, type InteractionsEndpoint } from '../../src/adapters/discord/http/endpoint.ts';
import type { Services } from '../../src/bot/context.ts';
import { createHandoffService } from '../../src/handoff/service.ts';
import { createInsightsService } from '../../src/insights/service.ts';
import { createLogger } from '../../src/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { HttpInteractions } from './fake/httpInteractions.ts';
import { FakeDiscord } from './fake/index.ts';
import { callbackBody, EPHEMERAL, embedOf, engine, makeToken, messageBody, replyOf } from './harness.ts';

const open: Array<{
  fake: FakeDiscord;
  endpoint: InteractionsEndpoint;
  dir: string;
  store: { close(): Promise<void> };
}> = [];
afterEach(async () => {
  for (const { fake, endpoint, store, dir } of open.splice(0)) {
    await endpoint.stop();
    await fake.close();
    await store.close();
    removeDir(dir);
    expect(fake.unhandledRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  }
});

async function setUp(withToken: boolean) {
  const dir = makeTempDir();
  const store = openSqliteStore({ dataDir: dir });
  const token = makeToken();
  const fake = await FakeDiscord.start({ token, guilds: [{ channels: ['general', 'help'], roles: ['helpers'] }] });
  await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
  const http = new HttpInteractions(fake);
  const handoff = createHandoffService({ store });
  const services: Partial<Services> = { insights: createInsightsService({ store, retentionDays: 90 }), handoff };
  const endpoint = createInteractionsEndpoint({
    port: 0,
    host: '127.0.0.1',
    publicKey: http.publicKey,
    apiUrl: fake.apiUrl,
    engine: engine(),
    commands,
    logger: createLogger('silent'),
    services: () => services,
    ...(withToken ? { botToken: token } : {}),
  });
  await endpoint.start();
  http.endpoint = `http://127.0.0.1:${endpoint.port}`;
  open.push({ fake, endpoint, dir, store });
  const help = fake.guild.channels.find((c) => c.name === 'help')!.id;
  await handoff.setHelpers(fake.guild.id, { roleId: fake.role('helpers').id, channelId: help }, new Date());
  const sent = http.chatInput('ask', { question: 'Who won the football world cup?' });
  const data = await replyOf(sent);
  const rows = (data.components ?? []) as Array<{ components: APIButtonComponent[] }>;
  const button = rows.flatMap((r) => r.components).find((b) => 'label' in b && b.label === 'Ask a person');
  if (!button || !('custom_id' in button)) throw new Error('no Ask a person button');
  return { fake, http, help, press: () => http.button(button.custom_id, sent.original()!) };
}

describe('Ask a person over HTTP', () => {
  it('opens the thread with the bot token and pings the helper role once', async () => {
    const { fake, help, press } = await setUp(true);
    const pressed = press();
    expect(callbackBody(await pressed.waitForCallback())).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = messageBody(await pressed.waitForEdit(5_000));
    expect(embedOf(edit).description).toMatch(/^I've asked the helpers in <#\d+>/);
    const created = fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${help}/threads`);
    expect(created?.status).toBe(201);
    const post = fake.requests.find((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
    expect(messageBody(post!).allowed_mentions).toEqual({ parse: [], roles: [fake.role('helpers').id] });
    fake.assertNoViolations();
  });

  it('without a bot token, says it is not available here and opens nothing', async () => {
    const { fake, press } = await setUp(false);
    const data = await replyOf(press());
    expect(embedOf(data).description).toBe('Asking a person is not available here.');
    expect(fake.requests.filter((r) => r.path.endsWith('/threads'))).toEqual([]);
    fake.assertNoViolations();
  });
});
