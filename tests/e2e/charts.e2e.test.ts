import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deployCommands.ts';
import { createInteractionsEndpoint, type InteractionsEndpoint } from '../../src/adapters/discord/http/endpoint.ts';
import { barChart } from '../../src/charts/barChart.ts';
import { chartTable } from '../../src/charts/fromKnowledge.ts';
import { timelineChart } from '../../src/charts/timelineChart.ts';
import { marketTable } from '../../src/knowledge/resolve.ts';
import { createLogger } from '../../src/logger.ts';
import { engine } from '../helpers.ts';
import { HttpInteractions } from './fake/httpInteractions.ts';
import { FakeDiscord } from './fake/index.ts';
import { callbackBody, embedOf, makeToken, messageBody, useHarness, waitForReplyTo } from './harness.ts';

const start = useHarness();

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('charts on Discord', () => {
  it('/market uploads its bar chart as multipart and shows it as the embed image, with the numbers as alt text', async () => {
    const { fake } = await start();
    const table = marketTable(engine.kb)!;
    const expected = barChart(chartTable(table))!;

    const sent = fake.interaction.chatInput('market', {});
    const callback = await sent.waitForCallback();

    expect(callback.status).toBe(204);
    expect(String(callback.headers['content-type'])).toMatch(/^multipart\/form-data/);
    expect(callback.files.map((f) => [f.field, f.name, f.contentType])).toEqual([
      ['files[0]', expected.name, 'image/png'],
    ]);
    expect([...callback.files[0]!.data!.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const data = callbackBody(callback).data!;
    expect(embedOf(data).image).toEqual({ url: `attachment://${expected.name}` });
    const attachments = (data as { attachments?: Array<{ id: unknown; description?: string }> }).attachments;
    expect(attachments).toHaveLength(1);
    expect(String(attachments![0]!.id)).toBe('0');
    const alt = attachments![0]!.description ?? '';
    for (const row of table.rows) expect(alt).toContain(`${row.key} ${row.cells[1]!.value}`);
    // The table stays in the embed as text, for clients that show no images.
    for (const row of table.rows) expect(embedOf(data).description).toContain(row.key);
    // The message Discord keeps has the file attached.
    expect(sent.original()?.attachments.map((a) => a.filename)).toEqual([expected.name]);
    fake.assertNoViolations();
  });
});

describe('charts in chat', () => {
  it('a mention whose answer is a table of numbers posts the chart with the reply, as multipart', async () => {
    const h = await start();
    const table = marketTable(engine.kb)!;
    const expected = barChart(chartTable(table))!;

    const asked = h.fake.messageCreate({ content: `<@${h.fake.botUser.id}> Show the ${table.title}` });
    const reply = await waitForReplyTo(h, asked.id);

    expect(reply.path).toBe(`/channels/${h.fake.channel.id}/messages`);
    expect(String(reply.headers['content-type'])).toMatch(/^multipart\/form-data/);
    expect(reply.files.map((f) => [f.field, f.name])).toEqual([['files[0]', expected.name]]);
    expect([...reply.files[0]!.data!.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const body = messageBody(reply);
    expect(embedOf(body).image).toEqual({ url: `attachment://${expected.name}` });
    const alt = (body as { attachments?: Array<{ description?: string }> }).attachments?.[0]?.description ?? '';
    for (const row of table.rows) expect(alt).toContain(`${row.key} ${row.cells[1]!.value}`);
    h.fake.assertNoViolations();
  });
});

describe('charts over the HTTP interactions endpoint', () => {
  const open: Array<{ fake: FakeDiscord; endpoint: InteractionsEndpoint }> = [];
  afterEach(async () => {
    for (const { fake, endpoint } of open.splice(0)) {
      await endpoint.stop();
      await fake.close();
    }
  });

  it('/timeline defers, since an HTTP response carries no file, and the webhook edit uploads the image', async () => {
    const token = makeToken();
    const fake = await FakeDiscord.start({ token });
    await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
    const http = new HttpInteractions(fake);
    const endpoint = createInteractionsEndpoint({
      port: 0,
      host: '127.0.0.1',
      publicKey: http.publicKey,
      apiUrl: fake.apiUrl,
      engine,
      commands,
      logger: createLogger('silent'),
      services: () => ({}),
    });
    await endpoint.start();
    open.push({ fake, endpoint });
    http.endpoint = `http://127.0.0.1:${endpoint.port}`;
    const { timeline } = engine.kb;
    const expected = timelineChart(
      'Timeline',
      timeline.map((e) => ({ label: e.label, event: e.event })),
    )!;

    const sent = http.chatInput('timeline', {});

    expect((await sent.response).body).toEqual({ type: 5 });
    const edit = await fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.status === 200 && r.path.includes(`/${sent.token}`) && r.files.length > 0,
      3_000,
    );
    expect(String(edit.headers['content-type'])).toMatch(/^multipart\/form-data/);
    expect(edit.files.map((f) => [f.field, f.name])).toEqual([['files[0]', expected.name]]);
    expect([...edit.files[0]!.data!.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const body = edit.body as { embeds: Array<{ image?: unknown }>; attachments: Array<{ description?: string }> };
    expect(body.embeds[0]!.image).toEqual({ url: `attachment://${expected.name}` });
    for (const entry of timeline) expect(body.attachments[0]!.description).toContain(entry.label);
    expect(sent.original()?.attachments.map((a) => a.filename)).toEqual([expected.name]);
    fake.assertNoViolations();
  });
});
