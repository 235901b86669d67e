import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeHandoffId, encodeHandoffId, isHandoffId } from '../../src/adapters/discord/handoffId.ts';
import { renderReply } from '../../src/adapters/discord/render.ts';
import { solvedTags } from '../../src/adapters/discord/threads.ts';
import {
  type Actor,
  closestPassage,
  createHandoffService,
  dayStart,
  HANDOFF_QUESTION_MAX,
  type HandoffService,
  handoffReply,
  THREAD_NAME_MAX,
  threadName,
} from '../../src/handoff/service.ts';
import { median } from '../../src/insights/report.ts';
import { createInsightsService } from '../../src/insights/service.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { expectWithinDiscordLimits } from '../discordLimits.ts';
import { context, engine, run } from '../helpers.ts';
import { parseCsv } from '../insights/parseCsv.ts';

const NOW = new Date('2026-11-24T12:00:00Z');
const G = '2000';
let dir: string;
let store: ReturnType<typeof openSqliteStore>;
let handoff: HandoffService;

beforeEach(() => {
  dir = makeTempDir();
  store = openSqliteStore({ dataDir: dir });
  handoff = createHandoffService({ store, now: () => NOW.getTime() });
});
afterEach(async () => {
  await store.close();
  removeDir(dir);
});

const member = (id: string, roles: string[] = []): Actor => ({ userId: id, roles, canManageGuild: false });
const admin: Actor = { userId: '9', roles: [], canManageGuild: true };

describe('/settings helpers', () => {
  it('stores the role, channel and daily limit, refusing a limit out of range', async () => {
    const admins = context({ canManageGuild: true, services: { handoff }, now: NOW });
    const set = await run('settings', { subcommand: 'helpers', role: { id: '77' }, channel: { id: '55' } }, admins);
    expect(set.title).toBe('Helpers set');
    expect(set.text).toContain('3 times a day');
    expect(await handoff.helpers(G)).toEqual({ roleId: '77', channelId: '55', dailyLimit: 3 });
    const bad = await run('settings', { subcommand: 'helpers', role: { id: '77' }, 'per-day': 0 }, admins);
    expect(bad.text).toMatch(/per-day is a whole number from 1 to 50/);
    expect(await handoff.helpers(G)).toEqual({ roleId: '77', channelId: '55', dailyLimit: 3 });
    const everyone = await run('settings', { subcommand: 'helpers', role: { id: G } }, admins);
    expect(everyone.text).toMatch(/other than @everyone/);
    expect(await handoff.helpers(G)).toEqual({ roleId: '77', channelId: '55', dailyLimit: 3 });
    expect((await run('settings', { subcommand: 'helpers-off' }, admins)).title).toBe('Helpers removed');
    expect(await handoff.helpers(G)).toBeUndefined();
  });

  it('needs Manage Server', async () => {
    const reply = await run(
      'settings',
      { subcommand: 'helpers', role: { id: '77' } },
      context({ services: { handoff } }),
    );
    expect(reply.text).toMatch(/Manage Server/);
    expect(await store.getHelpers(G)).toBeUndefined();
  });
});

describe('Ask a person', () => {
  it('appears under a not-covered reply only where the server has helpers, for the member who asked', async () => {
    const insights = createInsightsService({ store, retentionDays: 90 });
    const ctx = context({ services: { insights, handoff }, now: NOW });
    const before = await run('ask', { question: 'Who won the football world cup?' }, ctx);
    expect(before.handoff).toBeUndefined();
    await handoff.setHelpers(G, { roleId: '77' }, NOW);
    const miss = await run('ask', { question: 'Who won the football world cup?' }, ctx);
    expect(miss.handoff).toEqual({ record: expect.any(String), asker: '1000' });
    const hit = await run('ask', { question: 'When was the KIA founded?' }, ctx);
    expect(hit.handoff).toBeUndefined();
    // Rendered as one button whose id names the record and the asker, and parses back.
    const buttons = renderReply(miss).components.flatMap((r) => r.components);
    const ids = buttons.map((b) => ('custom_id' in b ? b.custom_id : ''));
    expect(ids).toEqual([`ho|${miss.handoff!.record}|1000`]);
    expect(decodeHandoffId(ids[0]!)).toEqual({ kind: 'ask-person', ...miss.handoff });
  });

  it('a store that cannot be read leaves the button out, never the answer', async () => {
    const insights = createInsightsService({ store, retentionDays: 90 });
    const broken = { ...handoff, helpers: () => Promise.reject(new Error('disk gone')) };
    const reply = await run(
      'ask',
      { question: 'Who won the football world cup?' },
      context({ services: { insights, handoff: broken }, now: NOW }),
    );
    expect(reply.answered).toBe(false);
    expect(reply.handoff).toBeUndefined();
  });

  it('allows the daily limit per member, from midnight UTC', async () => {
    await handoff.setHelpers(G, { roleId: '77', dailyLimit: 2 }, NOW);
    expect((await handoff.start('r1', G, 'u1', 'q', NOW)).kind).toBe('started');
    // The same question again: handed off once, and not counted twice.
    expect(await handoff.start('r1', G, 'u1', 'q', NOW)).toEqual({ kind: 'already' });
    await handoff.opened('r1', { threadId: 't1', guildId: G, askerId: 'u1' }, NOW);
    expect(await handoff.start('r1', G, 'u1', 'q', NOW)).toEqual({ kind: 'already', threadId: 't1' });
    expect((await handoff.start('r2', G, 'u1', 'q', NOW)).kind).toBe('started');
    expect(await handoff.start('r3', G, 'u1', 'q', NOW)).toEqual({ kind: 'limit', limit: 2 });
    expect((await handoff.start('r4', G, 'u2', 'q', NOW)).kind).toBe('started');
    const tomorrow = new Date(dayStart(NOW).getTime() + 86_400_000);
    expect((await handoff.start('r5', G, 'u1', 'q', tomorrow)).kind).toBe('started');
    expect((await handoff.start('r6', '3000', 'u1', 'q', NOW)).kind).toBe('no-helpers');
  });

  it('keeps a 6,000-character question within Discord limits, without bidi controls or pings', async () => {
    const long = `@everyone \u202eevil\u202c ${'why '.repeat(1500)}`;
    expect(long.length).toBeGreaterThan(6000);
    const name = threadName(long);
    expect(name.length).toBeLessThanOrEqual(THREAD_NAME_MAX);
    expect(name).not.toMatch(/[\u202a-\u202e]/);
    expect(threadName('   ')).toBe('A question for a person');
    const reply = handoffReply(long, closestPassage(engine.kb, 'KIA founded'));
    const rendered = renderReply(reply);
    expectWithinDiscordLimits(rendered);
    expect(rendered.allowedMentions.parse).toEqual([]);
    expect(JSON.stringify(rendered)).not.toMatch(/[\u202a-\u202e]/);
    expect(rendered.embeds[0]!.fields?.[0]?.value).toMatch(/KIA/);
    // Stored clipped, never lost in a way the member does not see: the thread shows what is kept.
    await handoff.setHelpers(G, { roleId: '77' }, NOW);
    const started = await handoff.start('r-long', G, 'u1', long, NOW);
    if (started.kind !== 'started') throw new Error('not started');
    await handoff.opened(started.id, { threadId: 't1', guildId: G, askerId: 'u1' }, NOW);
    expect((await store.handoffByThread('t1'))?.question.length).toBeLessThanOrEqual(HANDOFF_QUESTION_MAX);
  });
});

describe('threads: silence, Resolved and Save as FAQ answer', () => {
  async function opened(threadId = 't1') {
    await handoff.setHelpers(G, { roleId: '77' }, NOW);
    const started = await handoff.start(`r-${threadId}`, G, 'u1', 'Who won the cup?', NOW);
    if (started.kind !== 'started') throw new Error('not started');
    await handoff.opened(started.id, { threadId, guildId: G, askerId: 'u1' }, NOW);
  }

  it('the bot may post until another person replies; the asker writing changes nothing', async () => {
    await opened();
    expect(await handoff.mayPost('t1')).toBe(true);
    await handoff.personWrote('t1', 'u1', NOW);
    expect(await handoff.mayPost('t1')).toBe(true);
    await handoff.personWrote('t1', 'helper', new Date(NOW.getTime() + 90_000));
    expect(await handoff.mayPost('t1')).toBe(false);
    expect(await handoff.mayPost('unfollowed')).toBe(true);
    expect((await handoff.counts(G, dayStart(NOW))).firstAnswerMs).toEqual([90_000]);
  });

  it('Resolved: the asker, a helper or an admin; nobody else; once; then silence', async () => {
    await opened();
    expect((await handoff.resolve('t1', member('u2'), G, NOW)).kind).toBe('not-allowed');
    expect((await handoff.resolve('t1', member('u2', ['77']), G, NOW)).kind).toBe('resolved');
    expect((await handoff.resolve('t1', member('u1'), G, NOW)).kind).toBe('already');
    expect((await handoff.resolve('t1', admin, '3000', NOW)).kind).toBe('not-followed');
    expect((await handoff.resolve('nope', admin, G, NOW)).kind).toBe('not-followed');
    expect(await handoff.mayPost('t1')).toBe(false);
  });

  it('Save as FAQ answer: Manage Server or the helper role, in a hand-off thread only', async () => {
    await opened();
    await handoff.follow({ threadId: 'f1', guildId: G, askerId: 'u1', kind: 'forum' }, NOW);
    expect(await handoff.saveTarget('t1', member('u2'), G)).toEqual({
      kind: 'refused',
      reason: expect.stringMatching(/helper role/),
    });
    expect(await handoff.saveTarget('t1', member('u2', ['77']), G)).toEqual({
      kind: 'ok',
      question: 'Who won the cup?',
    });
    expect(await handoff.saveTarget('t1', admin, G)).toEqual({ kind: 'ok', question: 'Who won the cup?' });
    expect((await handoff.saveTarget('f1', admin, G)).kind).toBe('refused');
    expect((await handoff.saveTarget('t1', admin, '3000')).kind).toBe('refused');
  });
});

describe('/insights counts the loop', () => {
  it('in the reply and the CSV: hand-offs, answered and the median time, saved, resolved', async () => {
    const insights = createInsightsService({
      store,
      retentionDays: 90,
      loop: (guildId, since) => store.loopCounts(guildId, since),
    });
    const ctx = context({ canManageGuild: true, services: { insights, handoff }, now: NOW });
    await run('ask', { question: 'Who won the football world cup?' }, ctx);
    // Nothing of the loop happened yet: no row of zeros.
    const quiet = await run('insights', {}, ctx);
    expect(quiet.fields?.map((f) => f.name)).not.toContain('Asked a person');
    expect(parseCsv(quiet.attachment!.content).filter((r) => r[3] === 'loop')).toEqual([]);
    await handoff.setHelpers(G, { roleId: '77' }, NOW);
    for (const [thread, minutes] of [
      ['t1', 10],
      ['t2', 30],
      ['t3', undefined],
    ] as const) {
      const started = await handoff.start(`r-${thread}`, G, `asker-${thread}`, 'q', NOW);
      if (started.kind !== 'started') throw new Error('not started');
      await handoff.opened(started.id, { threadId: thread, guildId: G, askerId: `asker-${thread}` }, NOW);
      if (minutes) await handoff.personWrote(thread, 'helper', new Date(NOW.getTime() + minutes * 60_000));
    }
    await handoff.saved('t1', NOW);
    await handoff.resolve('t2', admin, G, NOW);
    const reply = await run('insights', {}, ctx);
    const field = reply.fields?.find((f) => f.name === 'Asked a person')?.value;
    expect(field).toBe(
      'Hand-offs: 3\nAnswered by a person: 2, median 20 min to the first answer\nSaved as curated answers: 1\nQuestions resolved: 1',
    );
    const rows = parseCsv(reply.attachment!.content);
    const loop = rows.filter((r) => r[3] === 'loop').map((r) => [r[1], r[8]]);
    expect(loop).toEqual([
      ['Hand-offs', '3'],
      ['Answered by a person', '2'],
      ['Median minutes to the first answer', '20.0'],
      ['Saved as curated answers', '1'],
      ['Questions resolved', '1'],
    ]);
    expect(median([5, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe('button ids', () => {
  it('are parsed safely: forged or malformed ids are no hand-off', () => {
    expect(decodeHandoffId(encodeHandoffId({ kind: 'resolved' }))).toEqual({ kind: 'resolved' });
    for (const forged of ['ho|../x|1', 'ho|abc|not-a-user', 'ho|abc', 'ho|abc|1|2', 'rs|x', 'ho||1']) {
      expect(decodeHandoffId(forged)).toBeUndefined();
      expect(isHandoffId(forged)).toBe(true);
    }
    expect(isHandoffId('fb|u|x')).toBe(false);
  });

  it('a forum post gets its Solved tag, keeping at most five', () => {
    const forumTags = [
      { id: '1', name: 'Bug' },
      { id: '2', name: '✅ Solved' },
    ];
    expect(solvedTags({ inForum: true, appliedTags: ['1'], forumTags })).toEqual(['1', '2']);
    expect(solvedTags({ inForum: true, appliedTags: ['a', 'b', 'c', 'd', 'e'], forumTags })).toEqual([
      'a',
      'b',
      'c',
      'd',
      '2',
    ]);
    expect(solvedTags({ inForum: true, appliedTags: [], forumTags: [{ id: '3', name: 'Answered' }] })).toEqual(['3']);
    expect(solvedTags({ inForum: true, appliedTags: [], forumTags: [{ id: '1', name: 'Unsolved' }] })).toBeUndefined();
  });
});
