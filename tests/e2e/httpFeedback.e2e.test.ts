/**
 * Feedback and /insights over the HTTP interactions endpoint, against the fake Discord that signs
 * and POSTs as Discord does: 👍/👎, the 👎 form (a type 9 response), modal submits (interaction
 * type 5), /insights' CSV as a real file, and its "Answer" buttons running the real /faq add.
 * Every body, the relayed responses included, is checked against Discord's OpenAPI spec.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { APIButtonComponent, APIMessage } from 'discord.js';
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commands as realCommands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deployCommands.ts';
import { decodeFeedbackId, encodeFeedbackId } from '../../src/adapters/discord/feedbackId.ts';
import { createInteractionsEndpoint, type InteractionsEndpoint } from '../../src/adapters/discord/http/endpoint.ts';
import { EXPIRED_COMPONENT } from '../../src/adapters/discord/interactionConstants.ts';
import type { Services } from '../../src/bot/context.ts';
import { CURATED_SOURCE } from '../../src/faq/reply.ts';
import { createFaqService, type FaqService } from '../../src/faq/service.ts';
import { sharedFaqModel } from '../../src/faq/threshold.ts';
import { newRecordId } from '../../src/insights/records.ts';
import { createInsightsService } from '../../src/insights/service.ts';
import { createLogger } from '../../src/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { parseCsv } from '../insights/parseCsv.ts';
import { HttpInteractions, type HttpSentInteraction } from './fake/httpInteractions.ts';
import { FakeDiscord, type RecordedRequest } from './fake/index.ts';
import { DEFAULT_PERMISSIONS } from './fake/payloads.ts';
import { callbackBody, EPHEMERAL, embedOf, engine, makeToken, replyOf } from './harness.ts';

const ADMIN = (BigInt(DEFAULT_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();
const WEEK_AGO = () => new Date(Date.now() - 7 * 86_400_000);

interface Setup {
  fake: FakeDiscord;
  http: HttpInteractions;
  store: ReturnType<typeof openSqliteStore>;
}

const open: Array<Setup & { endpoint: InteractionsEndpoint; dir: string; rawLogs: string[] }> = [];
afterEach(async () => {
  for (const { fake, endpoint, store, dir, rawLogs } of open.splice(0)) {
    await endpoint.stop();
    await fake.close();
    await store.close();
    removeDir(dir);
    const tokens = [...fake.world.interactions.values()].map((r) => r.payload.token);
    expect(rawLogs.filter((line) => tokens.some((t) => line.includes(t)))).toEqual([]);
    expect(fake.unhandledRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  }
});

async function setUp(
  options: { faq?: (faq: FaqService) => FaqService; withoutFaq?: boolean; deferAfterMs?: number } = {},
): Promise<Setup> {
  const dir = makeTempDir();
  const store = openSqliteStore({ dataDir: dir });
  const token = makeToken();
  const fake = await FakeDiscord.start({ token });
  const commands = options.withoutFaq ? realCommands.filter((c) => c.name !== 'faq') : realCommands;
  await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
  const http = new HttpInteractions(fake);
  const faq = createFaqService({ store, settings: sharedFaqModel(), now: () => new Date() });
  const services: Partial<Services> = {
    insights: createInsightsService({ store, retentionDays: 90 }),
    faq: options.faq ? options.faq(faq) : faq,
  };
  const rawLogs: string[] = [];
  const endpoint = createInteractionsEndpoint({
    port: 0,
    host: '127.0.0.1',
    publicKey: http.publicKey,
    apiUrl: fake.apiUrl,
    engine: engine(),
    commands,
    logger: createLogger('debug', { write: (line: string) => void rawLogs.push(line) }),
    services: () => services,
    interaction: options.deferAfterMs === undefined ? {} : { deferAfterMs: options.deferAfterMs },
  });
  await endpoint.start();
  http.endpoint = `http://127.0.0.1:${endpoint.port}`;
  const setup = { fake, http, store };
  open.push({ ...setup, endpoint, dir, rawLogs });
  return setup;
}

function buttons(message: { components?: unknown[] } | undefined): APIButtonComponent[] {
  const rows = (message?.components ?? []) as Array<{ components: APIButtonComponent[] }>;
  return rows.flatMap((r) => r.components);
}
const customId = (b: APIButtonComponent | undefined) => (b && 'custom_id' in b ? b.custom_id : '');

async function askedAnswer({
  http,
}: Setup): Promise<{ message: APIMessage; up: string; down: string; record: string }> {
  const sent = http.chatInput('ask', { question: 'When was the KIA founded?' });
  const data = await replyOf(sent);
  const [up, down] = buttons(data)
    .map((b) => customId(b))
    .filter((id) => id.startsWith('fb|'));
  const vote = decodeFeedbackId(up ?? '');
  if (vote?.kind !== 'vote' || !down) throw new Error(`no feedback buttons under the answer: ${up}, ${down}`);
  return { message: sent.original()!, up: up!, down, record: vote.record };
}

/** The ephemeral notice a press or submit was answered with, in the HTTP response itself. */
async function ephemeralText(sent: HttpSentInteraction): Promise<string> {
  const data = await replyOf(sent);
  expect(data.flags).toBe(EPHEMERAL);
  expect(data.allowed_mentions?.parse).toEqual([]);
  return embedOf(data).description ?? '';
}

/** The webhook edit of @original that Discord accepted (an earlier try may have come too soon). */
function acceptedEdit(fake: FakeDiscord, sent: HttpSentInteraction): Promise<RecordedRequest> {
  return fake.waitForRequest(
    (r) => r.method === 'PATCH' && r.status === 200 && r.path.includes(`/${sent.token}/messages/@original`),
    3_000,
  );
}

describe('feedback over HTTP', () => {
  it('👍 is stored and acknowledged ephemerally; 👎 opens the form (type 9), whose submit stores the comment', async () => {
    const setup = await setUp();
    const { fake, http, store } = setup;
    const { message, up, down, record } = await askedAnswer(setup);
    expect(await store.getQuestion(record)).toMatchObject({ guildId: fake.guild.id, answered: true });

    expect(await ephemeralText(http.button(up, message))).toBe('Thanks for the 👍!');
    expect(await store.votesSince(fake.guild.id, WEEK_AGO())).toEqual([
      expect.objectContaining({ questionId: record, vote: 'up' }),
    ]);

    // The second press changes the vote, and is acknowledged by the "What was wrong?" form.
    const pressed = http.button(down, message);
    expect((await pressed.response).body).toMatchObject({ type: 9 });
    const form = callbackBody(await pressed.waitForCallback());
    expect(form.type).toBe(9);
    const modal = form.data as unknown as { custom_id: string; title: string; components: unknown[] };
    expect(modal.title).toBe('Thanks for the 👎');
    expect(JSON.stringify(modal.components)).toContain('What was wrong?');
    expect(await store.votesSince(fake.guild.id, WEEK_AGO())).toEqual([
      expect.objectContaining({ questionId: record, vote: 'down' }),
    ]);

    const comment = 'The year is wrong @everyone';
    const submitted = http.modalSubmit(modal.custom_id, { comment }, message);
    expect(submitted.payload.type).toBe(5);
    expect(await ephemeralText(submitted)).toMatch(/admins will see what was wrong/);
    expect(await store.votesSince(fake.guild.id, WEEK_AGO())).toEqual([
      expect.objectContaining({ questionId: record, vote: 'down', comment }),
    ]);

    // Back to 👍: one row still, changed again.
    expect(await ephemeralText(http.button(up, message))).toBe('Changed your vote to 👍. Thanks!');
    const votes = await store.votesSince(fake.guild.id, WEEK_AGO());
    expect(votes.map((v) => v.vote)).toEqual(['up']);
    fake.assertNoViolations();
  });

  it('a form submitted empty keeps the 👎 without a comment', async () => {
    const setup = await setUp();
    const { fake, http, store } = setup;
    const { message, down, record } = await askedAnswer(setup);
    await http.button(down, message).waitForCallback();

    const text = await ephemeralText(http.modalSubmit(encodeFeedbackId({ kind: 'comment', record }), { comment: ' ' }));

    expect(text).toBe('Thanks for the 👎!');
    const [vote] = await store.votesSince(fake.guild.id, WEEK_AGO());
    expect(vote).toMatchObject({ vote: 'down' });
    expect(vote?.comment ?? undefined).toBeUndefined();
    fake.assertNoViolations();
  });

  it('forged, unknown and expired ids, and forms this bot never showed, get a clear ephemeral answer and store nothing', async () => {
    const setup = await setUp();
    const { fake, http, store } = setup;
    const { message, record } = await askedAnswer(setup);
    const old = newRecordId(new Date(Date.now() - 100 * 86_400_000));
    const pressed: Array<[string, RegExp | string]> = [
      ['fb|u|../../etc', /don't have this answer on record/],
      ['fb|x|abc', /don't have this answer on record/],
      ['faq|', /don't have this answer on record/],
      [encodeFeedbackId({ kind: 'vote', record: newRecordId(new Date()), vote: 'up' }), /don't have this answer/],
      [encodeFeedbackId({ kind: 'vote', record: old, vote: 'down' }), /older than 90 days/],
      // A form's id on a button: no form to read.
      [encodeFeedbackId({ kind: 'comment', record }), /don't have this answer on record/],
    ];
    for (const [id, expected] of pressed) expect(await ephemeralText(http.button(id, message))).toMatch(expected);

    const submitted: Array<[string, Record<string, string>, RegExp | string]> = [
      [encodeFeedbackId({ kind: 'comment', record }), { comment: 'x' }, /Press 👎 on the answer first/],
      ['some-other-form', { comment: 'x' }, EXPIRED_COMPONENT],
      [encodeFeedbackId({ kind: 'curated' }), { question: 'Who?' }, 'The form has no answer. Press "Answer" again.'],
    ];
    for (const [id, fields, expected] of submitted) {
      const text = await ephemeralText(http.modalSubmit(id, fields, undefined, { permissions: ADMIN }));
      if (typeof expected === 'string') expect(text).toBe(expected);
      else expect(text).toMatch(expected);
    }
    expect(await store.votesSince(fake.guild.id, WEEK_AGO())).toEqual([]);
    expect(await store.listCurated(fake.guild.id)).toEqual([]);
    fake.assertNoViolations();
  });
});

describe('/insights over HTTP', () => {
  async function seeded({ http }: Setup) {
    for (const question of [
      'Who won the football world cup?',
      'who won the footbal world cup',
      'What is the weather in Paris?',
      'When was the KIA founded?',
    ])
      await replyOf(http.chatInput('ask', { question }));
  }

  it('defers ephemerally (type 5), then uploads the CSV with the webhook edit: a real file that parses', async () => {
    const setup = await setUp();
    const { fake, http } = setup;
    await seeded(setup);

    const sent = http.chatInput('insights', { period: '7' }, { permissions: ADMIN });

    expect((await sent.response).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await acceptedEdit(fake, sent);
    expect(edit.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(edit.headers.authorization).toBeUndefined();
    const body = edit.body as { embeds: unknown[]; attachments: unknown[]; allowed_mentions: unknown };
    expect(embedOf(body as never).fields?.find((f) => f.name === 'Top unanswered')?.value).toMatch(
      /^1\. `Who won the football world cup\?` ×2$/m,
    );
    expect(body.attachments).toEqual([expect.objectContaining({ id: '0', filename: 'insights-7d.csv' })]);
    expect(body.allowed_mentions).toMatchObject({ parse: [] });
    expect(edit.files.map((f) => f.name)).toEqual(['insights-7d.csv']);
    const rows = parseCsv(edit.files[0]!.data!.toString('utf8'));
    expect(rows[0]).toEqual(['time', 'question', 'answered', 'kind', 'source', 'up', 'down', 'comments', 'value']);
    expect(rows.slice(1).map((r) => r[1])).toEqual([
      'Who won the football world cup?',
      'who won the footbal world cup',
      'What is the weather in Paris?',
      'When was the KIA founded?',
    ]);
    // The message Discord keeps is private, finished, and has the file.
    const kept = sent.original()!;
    expect(kept.flags).toBe(EPHEMERAL);
    expect(kept.attachments.map((a) => a.filename)).toEqual(['insights-7d.csv']);
    fake.assertNoViolations();
  });

  it('"Answer" opens the form pre-filled (type 9); its submit runs the real /faq add, which then answers the question', async () => {
    const setup = await setUp();
    const { fake, http, store } = setup;
    await seeded(setup);
    const sent = http.chatInput('insights', {}, { permissions: ADMIN });
    await acceptedEdit(fake, sent);
    const report = sent.original()!;
    const answer = buttons(report).find((b) => 'label' in b && b.label === 'Answer 1');
    expect(customId(answer)).toMatch(/^faq\|/);

    // A member without Manage Server who got hold of the button is refused.
    expect(await ephemeralText(http.button(customId(answer), report))).toMatch(/needs the Manage Server permission/);

    const opened = callbackBody(await http.button(customId(answer), report, { permissions: ADMIN }).waitForCallback());
    expect(opened.type).toBe(9);
    const form = opened.data as unknown as { custom_id: string; components: Array<{ component: { value?: string } }> };
    expect(form.components[0]?.component.value).toBe('Who won the football world cup?');

    const submitted = http.modalSubmit(
      form.custom_id,
      { question: 'Who won the football world cup?', answer: 'Not in the report: see FIFA.' },
      undefined,
      { permissions: ADMIN },
    );
    const added = await replyOf(submitted);
    expect(added.flags).toBe(EPHEMERAL);
    expect(embedOf(added).title).toMatch(/^Curated answer #\d+ added$/);
    expect((await store.listCurated(fake.guild.id)).map((c) => [c.phrasings, c.answer])).toEqual([
      [['Who won the football world cup?'], 'Not in the report: see FIFA.'],
    ]);
    const asked = embedOf(await replyOf(http.chatInput('ask', { question: 'who won the football world cup' })));
    expect(asked.footer?.text).toContain(CURATED_SOURCE);
    expect(asked.description).toContain('Not in the report: see FIFA.');
    fake.assertNoViolations();
  });

  it('a slow /faq add from the form is deferred ephemerally, then its reply is PATCHed to @original', async () => {
    const setup = await setUp({
      deferAfterMs: 30,
      faq: (faq) => ({ ...faq, add: (...args) => sleep(300).then(() => faq.add(...args)) }),
    });
    const { fake, http, store } = setup;

    const submitted = http.modalSubmit(
      encodeFeedbackId({ kind: 'curated' }),
      { question: 'Where are the rules?', answer: 'Read #rules.' },
      undefined,
      { permissions: ADMIN },
    );

    expect((await submitted.response).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await acceptedEdit(fake, submitted);
    expect(embedOf(edit.body as never).title).toMatch(/^Curated answer #\d+ added$/);
    expect(edit.body).not.toHaveProperty('flags');
    expect(submitted.original()?.flags).toBe(EPHEMERAL);
    expect(await store.listCurated(fake.guild.id)).toHaveLength(1);
    fake.assertNoViolations();
  });

  it('"Answer" in a bot without /faq says curated answers are not available', async () => {
    const setup = await setUp({ withoutFaq: true });
    const { fake, http } = setup;
    await seeded(setup);
    const sent = http.chatInput('insights', {}, { permissions: ADMIN });
    await acceptedEdit(fake, sent);
    const answer = buttons(sent.original()).find((b) => 'label' in b && b.label === 'Answer 1');

    const text = await ephemeralText(http.button(customId(answer), sent.original()!, { permissions: ADMIN }));

    expect(text).toBe('Curated answers are not available here.');
    fake.assertNoViolations();
  });
});
