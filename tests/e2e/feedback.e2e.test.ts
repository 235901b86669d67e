/**
 * Feedback on answers and /insights over real discord.js against the fake Discord: the buttons
 * under an answer, the 👎 form, votes stored (one per member, a second press changing it), and
 * /insights' CSV upload and "Answer" buttons. Every body is checked against Discord's spec.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { APIButtonComponent, APIMessage } from 'discord.js';
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands as realCommands } from '../../commands/index.ts';
import { decodeFeedbackId, encodeFeedbackId } from '../../src/adapters/discord/feedbackId.ts';
import { CURATED_SOURCE } from '../../src/faq/reply.ts';
import { createFaqService } from '../../src/faq/service.ts';
import { sharedFaqModel } from '../../src/faq/threshold.ts';
import { newRecordId } from '../../src/insights/records.ts';
import { createInsightsService } from '../../src/insights/service.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { parseCsv } from '../insights/parseCsv.ts';
import { DEFAULT_PERMISSIONS } from './fake/payloads.ts';
import {
  callbackBody,
  EPHEMERAL,
  embedOf,
  type Harness,
  messageBody,
  replyOf,
  useHarness,
  waitForReplyTo,
} from './harness.ts';

const ADMIN = (BigInt(DEFAULT_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();
const start = useHarness();

let dir: string;
let store: ReturnType<typeof openSqliteStore>;
beforeEach(() => {
  dir = makeTempDir();
  store = openSqliteStore({ dataDir: dir });
});
afterEach(async () => {
  await store.close();
  removeDir(dir);
});

const services = () => ({ insights: createInsightsService({ store, retentionDays: 90 }) });
const WEEK_AGO = () => new Date(Date.now() - 7 * 86_400_000);

function buttons(message: { components?: unknown[] } | undefined): APIButtonComponent[] {
  const rows = (message?.components ?? []) as Array<{ components: APIButtonComponent[] }>;
  return rows.flatMap((r) => r.components);
}
const customId = (b: APIButtonComponent) => ('custom_id' in b ? b.custom_id : '');

async function askedAnswer(h: Harness): Promise<{ message: APIMessage; up: string; down: string; record: string }> {
  const sent = h.fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' });
  const data = await replyOf(sent);
  const [up, down] = buttons(data)
    .map(customId)
    .filter((id) => id.startsWith('fb|'));
  expect(up).toMatch(/^fb\|u\|/);
  expect(down).toMatch(/^fb\|d\|/);
  for (const id of [up!, down!]) expect(id.length).toBeLessThanOrEqual(100);
  const vote = decodeFeedbackId(up!);
  if (vote?.kind !== 'vote') throw new Error(`not a vote id: ${up}`);
  return { message: sent.original()!, up: up!, down: down!, record: vote.record };
}

async function ephemeralText(sent: ReturnType<Harness['fake']['interaction']['button']>): Promise<string> {
  const data = await replyOf(sent);
  expect(data.flags).toBe(EPHEMERAL);
  expect(data.allowed_mentions?.parse).toEqual([]);
  return embedOf(data).description ?? '';
}

describe('feedback on answers', () => {
  it('round trip: 👍, then 👎 with its form, a comment, and another member’s vote', async () => {
    const h = await start({ services: services() });
    const { message, up, down, record } = await askedAnswer(h);
    expect(await store.getQuestion(record)).toMatchObject({ guildId: h.fake.guild.id, answered: true });

    expect(await ephemeralText(h.fake.interaction.button(up, message))).toBe('Thanks for the 👍!');
    expect(await store.votesSince(h.fake.guild.id, WEEK_AGO())).toEqual([
      expect.objectContaining({ questionId: record, vote: 'up' }),
    ]);

    // 👎 changes the vote, and its acknowledgement is the "What was wrong?" form.
    const pressed = h.fake.interaction.button(down, message);
    const form = callbackBody(await pressed.waitForCallback());
    expect(form.type).toBe(9);
    const modal = form.data as unknown as { custom_id: string; title: string; components: unknown[] };
    expect(modal.title).toBe('Thanks for the 👎');
    expect(JSON.stringify(modal.components)).toContain('What was wrong?');
    expect(await store.votesSince(h.fake.guild.id, WEEK_AGO())).toEqual([
      expect.objectContaining({ questionId: record, vote: 'down' }),
    ]);

    const comment = 'The year is wrong @everyone';
    const submitted = h.fake.interaction.modalSubmit(modal.custom_id, { comment }, message);
    expect(await ephemeralText(submitted)).toMatch(/admins will see what was wrong/);
    expect(await store.votesSince(h.fake.guild.id, WEEK_AGO())).toEqual([
      expect.objectContaining({ questionId: record, vote: 'down', comment }),
    ]);

    // Another member's vote is a second row; the first member's stays one.
    const bob = h.fake.addUser({ username: 'bob' });
    await ephemeralText(h.fake.interaction.button(up, message, { user: bob }));
    await ephemeralText(h.fake.interaction.button(up, message));
    const votes = await store.votesSince(h.fake.guild.id, WEEK_AGO());
    expect(votes.map((v) => v.vote).sort()).toEqual(['up', 'up']);
    h.fake.assertNoViolations();
  });

  it('pressing the same vote twice counts it once and says so', async () => {
    const h = await start({ services: services() });
    const { message, up } = await askedAnswer(h);
    await ephemeralText(h.fake.interaction.button(up, message));
    expect(await ephemeralText(h.fake.interaction.button(up, message))).toMatch(/already gave this answer a 👍/);
    expect(await store.votesSince(h.fake.guild.id, WEEK_AGO())).toHaveLength(1);
    h.fake.assertNoViolations();
  });

  it('forged, unknown and expired ids get a clear ephemeral answer and store nothing', async () => {
    const h = await start({ services: services() });
    const { message } = await askedAnswer(h);
    const old = newRecordId(new Date(Date.now() - 100 * 86_400_000));
    const cases: Array<[string, RegExp]> = [
      ['fb|u|../../etc', /don't have this answer on record/],
      ['fb|x|abc', /don't have this answer on record/],
      [encodeFeedbackId({ kind: 'vote', record: newRecordId(new Date()), vote: 'up' }), /don't have this answer/],
      [encodeFeedbackId({ kind: 'vote', record: old, vote: 'down' }), /older than 90 days/],
    ];
    for (const [id, expected] of cases) {
      expect(await ephemeralText(h.fake.interaction.button(id, message))).toMatch(expected);
    }
    // A comment form for an answer the member never gave 👎.
    const { record } = await askedAnswer(h);
    const form = h.fake.interaction.modalSubmit(encodeFeedbackId({ kind: 'comment', record }), { comment: 'x' });
    expect(await ephemeralText(form)).toMatch(/Press 👎 on the answer first/);
    expect(await store.votesSince(h.fake.guild.id, WEEK_AGO())).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('chat (a mention) and the context menu carry the buttons too, and a vote on a chat answer is stored', async () => {
    const h = await start({ services: services() });
    const asked = h.fake.messageCreate({ content: `<@${h.fake.botUser.id}> When was the KIA founded?` });
    const reply = messageBody(await waitForReplyTo(h, asked.id));
    const up = buttons(reply)
      .map(customId)
      .find((id) => id.startsWith('fb|u|'))!;
    expect(up).toBeDefined();
    const posted = h.fake.messagesIn().find((m) => m.author.id === h.fake.botUser.id)!;
    expect(await ephemeralText(h.fake.interaction.button(up, posted))).toBe('Thanks for the 👍!');

    const target = h.fake.messageCreate({ content: 'When was the KIA founded?' });
    const menu = await replyOf(h.fake.interaction.messageContextMenu('Ask the report', target));
    expect(
      buttons(menu)
        .map(customId)
        .filter((id) => id.startsWith('fb|')),
    ).toHaveLength(2);
    expect(await store.questionsSince(h.fake.guild.id, WEEK_AGO(), 10)).toHaveLength(2);
    expect(await store.votesSince(h.fake.guild.id, WEEK_AGO())).toHaveLength(1);
    h.fake.assertNoViolations();
  });

  it('a reply that did not answer has no feedback buttons, but its question is recorded', async () => {
    const h = await start({ services: services() });
    const data = await replyOf(h.fake.interaction.chatInput('ask', { question: 'Who won the football world cup?' }));
    expect(buttons(data)).toEqual([]);
    const [q] = await store.questionsSince(h.fake.guild.id, WEEK_AGO(), 10);
    expect(q).toMatchObject({ answered: false, kind: 'not-covered', question: 'Who won the football world cup?' });
    h.fake.assertNoViolations();
  });
});

describe('/insights on Discord', () => {
  async function seeded(h: Harness) {
    for (const question of [
      'Who won the football world cup?',
      'who won the footbal world cup',
      'Who won the football world cup??',
      'What is the weather in Paris?',
      'When was the KIA founded?',
    ])
      await replyOf(h.fake.interaction.chatInput('ask', { question }));
  }

  it('is ephemeral, groups near-duplicates, and uploads a CSV that parses', async () => {
    const h = await start({ services: services() });
    await seeded(h);
    const sent = h.fake.interaction.chatInput('insights', { period: '7' }, { permissions: ADMIN });
    const callback = await sent.waitForCallback();
    const data = callbackBody(callback).data!;
    expect(data.flags).toBe(EPHEMERAL);
    const unanswered = embedOf(data).fields?.find((f) => f.name === 'Top unanswered')?.value ?? '';
    expect(unanswered.split('\n')[0]).toMatch(/^1\. `Who won the football world cup\?` ×3$/);
    expect(unanswered.split('\n')).toHaveLength(2);

    expect(callback.files.map((f) => f.name)).toEqual(['insights-7d.csv']);
    const rows = parseCsv(callback.files[0]!.data!.toString('utf8'));
    expect(rows[0]).toEqual(['time', 'question', 'answered', 'kind', 'source', 'up', 'down', 'comments', 'value']);
    expect(rows.slice(1).map((r) => r[1])).toEqual([
      'Who won the football world cup?',
      'who won the footbal world cup',
      'Who won the football world cup??',
      'What is the weather in Paris?',
      'When was the KIA founded?',
    ]);
    // The message Discord keeps has the file attached.
    expect(sent.original()?.attachments.map((a) => a.filename)).toEqual(['insights-7d.csv']);
    h.fake.assertNoViolations();
  });

  it('needs Manage Server', async () => {
    const h = await start({ services: services() });
    const data = await replyOf(h.fake.interaction.chatInput('insights', {}));
    expect(embedOf(data).description).toBe('/insights needs the Manage Server permission.');
    h.fake.assertNoViolations();
  });

  it('"Answer" without /faq in this bot says curated answers are not available', async () => {
    const h = await start({ services: services(), commands: realCommands.filter((c) => c.name !== 'faq') });
    await seeded(h);
    const sent = h.fake.interaction.chatInput('insights', {}, { permissions: ADMIN });
    const data = await replyOf(sent);
    const answer = buttons(data).find((b) => 'label' in b && b.label === 'Answer 1')!;
    const text = await ephemeralText(
      h.fake.interaction.button(customId(answer), sent.original()!, { permissions: ADMIN }),
    );
    expect(text).toBe('Curated answers are not available here.');
    h.fake.assertNoViolations();
  });

  it('"Answer" opens a form pre-filled with the question; submitting it runs /faq add, and the question is then answered by it', async () => {
    const faq = createFaqService({ store, settings: sharedFaqModel(), now: () => new Date() });
    const h = await start({ services: { ...services(), faq } });
    await seeded(h);
    const sent = h.fake.interaction.chatInput('insights', {}, { permissions: ADMIN });
    const data = await replyOf(sent);
    const answer = buttons(data).find((b) => 'label' in b && b.label === 'Answer 1')!;

    // A member without Manage Server who got hold of the button is refused.
    const refused = h.fake.interaction.button(customId(answer), sent.original()!);
    expect(await ephemeralText(refused)).toMatch(/needs the Manage Server permission/);

    const opened = callbackBody(
      await h.fake.interaction.button(customId(answer), sent.original()!, { permissions: ADMIN }).waitForCallback(),
    );
    expect(opened.type).toBe(9);
    const form = opened.data as unknown as { custom_id: string; components: Array<{ component: { value?: string } }> };
    expect(form.components[0]?.component.value).toBe('Who won the football world cup?');

    const submitted = h.fake.interaction.modalSubmit(
      form.custom_id,
      { question: 'Who won the football world cup?', answer: 'Not in the report: see FIFA.' },
      undefined,
      { permissions: ADMIN },
    );
    expect(embedOf(await replyOf(submitted)).title).toMatch(/^Curated answer #\d+ added$/);
    const curated = await store.listCurated(h.fake.guild.id);
    expect(curated.map((c) => [c.phrasings, c.answer])).toEqual([
      [['Who won the football world cup?'], 'Not in the report: see FIFA.'],
    ]);
    // The question that was not answered now gets the admins' answer.
    const asked = embedOf(
      await replyOf(h.fake.interaction.chatInput('ask', { question: 'who won the football world cup' })),
    );
    expect(asked.footer?.text).toContain(CURATED_SOURCE);
    expect(asked.description).toContain('Not in the report: see FIFA.');
    h.fake.assertNoViolations();
  });

  it('a slow /faq add from the form is deferred ephemerally, then its reply is edited in', async () => {
    const real = createFaqService({ store, settings: sharedFaqModel(), now: () => new Date() });
    const faq = { ...real, add: (...args: Parameters<typeof real.add>) => sleep(300).then(() => real.add(...args)) };
    const h = await start({ services: { ...services(), faq }, interaction: { deferAfterMs: 30 } });

    const submitted = h.fake.interaction.modalSubmit(
      encodeFeedbackId({ kind: 'curated' }),
      { question: 'Where are the rules?', answer: 'Read #rules.' },
      undefined,
      { permissions: ADMIN },
    );

    const deferral = callbackBody(await submitted.waitForCallback());
    expect(deferral).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await submitted.waitForEdit(3_000);
    expect(edit.status).toBe(200);
    expect(embedOf(messageBody(edit)).title).toMatch(/^Curated answer #\d+ added$/);
    expect(submitted.original()?.flags).toBe(EPHEMERAL);
    expect(await store.listCurated(h.fake.guild.id)).toHaveLength(1);
    h.fake.assertNoViolations();
  });
});
