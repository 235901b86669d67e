import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderReply } from '../../src/adapters/discord/render.ts';
import { csvField, toCsv } from '../../src/insights/csv.ts';
import { memberHash } from '../../src/insights/memberHash.ts';
import { newRecordId, recordIdTime } from '../../src/insights/records.ts';
import { CSV_HEADER, packLines } from '../../src/insights/report.ts';
import { startPurgeTimer } from '../../src/insights/retention.ts';
import { createInsightsService, type InsightsService } from '../../src/insights/service.ts';
import { renderText } from '../../src/reply/renderText.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { expectWithinDiscordLimits } from '../discordLimits.ts';
import { context, run } from '../helpers.ts';
import { parseCsv } from './parseCsv.ts';

const NOW = new Date('2026-11-24T12:00:00Z');
const DAY = 86_400_000;
let dir: string;
let store: ReturnType<typeof openSqliteStore>;
let insights: InsightsService;

beforeEach(() => {
  dir = makeTempDir();
  store = openSqliteStore({ dataDir: dir });
  insights = createInsightsService({ store, retentionDays: 90 });
});
afterEach(async () => {
  await store.close();
  removeDir(dir);
});

const admin = (extra = {}) => context({ canManageGuild: true, services: { insights }, now: NOW, ...extra });
const ask = (question: string, extra = {}) => run('ask', { question }, admin(extra));

describe('recording questions', () => {
  it('records answered and not-covered questions with the guild, but not invalid input, DMs or overheard misses', async () => {
    const answered = await ask('When was the KIA founded?');
    expect(answered.feedback?.record).toBeDefined();
    const refused = await ask('Who won the football world cup?');
    expect(refused.answered).toBe(false);
    expect(refused.feedback).toBeUndefined();
    await ask('');
    await ask('??');
    await ask('Who won the football world cup?', { guildId: undefined });
    await ask('Who won the football world cup?', { overheard: true });
    const overheardAnswer = await ask('When was the KIA founded?', { overheard: true });
    expect(overheardAnswer.feedback).toBeDefined();
    const stored = await store.questionsSince('2000', new Date(NOW.getTime() - DAY), 100);
    expect(stored.map((q) => [q.question, q.answered, q.kind])).toEqual([
      ['When was the KIA founded?', true, stored[0]!.kind],
      ['Who won the football world cup?', false, 'not-covered'],
      ['When was the KIA founded?', true, stored[0]!.kind],
    ]);
    expect(stored[0]!.source).toMatch(/ › /);
    expect(stored.every((q) => q.guildId === '2000')).toBe(true);
  });

  it('records the context menu too', async () => {
    const reply = await run(
      'Ask the report',
      { content: 'When was the KIA founded?', author: { id: '1', name: 'x' } },
      admin(),
    );
    expect(reply.feedback?.record).toBeDefined();
    expect(await store.getQuestion(reply.feedback!.record)).toMatchObject({ question: 'When was the KIA founded?' });
  });

  it('a store that fails still answers, without buttons, and reports the failure', async () => {
    const onError = vi.fn();
    const broken = createInsightsService({
      store: { ...store, recordQuestion: () => Promise.reject(new Error('disk full')) } as typeof store,
      retentionDays: 90,
      onError,
    });
    const reply = await run(
      'ask',
      { question: 'When was the KIA founded?' },
      admin({ services: { insights: broken } }),
    );
    expect(reply.answered).toBe(true);
    expect(reply.feedback).toBeUndefined();
    expect(onError).toHaveBeenCalledWith(expect.any(Error), 'recording a question');
  });
});

describe('votes', () => {
  it('one per member per answer, keyed by a salted hash that is not the member id', async () => {
    const { feedback } = await ask('When was the KIA founded?');
    const id = feedback!.record;
    expect(await insights.vote(id, '2000', 'u1', 'up', NOW)).toEqual({ kind: 'voted', vote: 'up' });
    expect(await insights.vote(id, '2000', 'u1', 'down', NOW)).toEqual({ kind: 'voted', vote: 'down', previous: 'up' });
    expect(await insights.comment(id, '2000', 'u1', `  ${'x'.repeat(400)}  `, NOW)).toEqual({ kind: 'commented' });
    expect(await insights.comment(id, '2000', 'u2', 'not mine', NOW)).toEqual({ kind: 'no-vote' });
    const votes = await store.votesSince('2000', new Date(NOW.getTime() - DAY));
    expect(votes).toHaveLength(1);
    expect(votes[0]!.comment!.length).toBeLessThanOrEqual(300);
    // What is stored for the member: neither their id nor anything that contains it.
    const salt = await store.insightsSalt('unused');
    const hash = memberHash(salt, '2000', 'u1');
    expect(hash).not.toContain('u1');
    expect(hash).not.toBe(memberHash(salt, '2001', 'u1'));
    expect(hash).not.toBe(memberHash('another install', '2000', 'u1'));
  });

  it('another server’s answer, a malformed id and an expired one are refused', async () => {
    const { feedback } = await ask('When was the KIA founded?');
    expect(await insights.vote(feedback!.record, '9999', 'u1', 'up', NOW)).toEqual({ kind: 'unknown' });
    expect(await insights.vote('nonsense', '2000', 'u1', 'up', NOW)).toEqual({ kind: 'unknown' });
    const old = newRecordId(new Date(NOW.getTime() - 91 * DAY));
    expect(await insights.vote(old, '2000', 'u1', 'up', NOW)).toEqual({ kind: 'expired' });
    expect(recordIdTime(old)?.getTime()).toBe(NOW.getTime() - 91 * DAY);
  });
});

describe('/insights', () => {
  it('groups near-duplicates, lists the most 👎 with comments, and attaches a CSV that parses back', async () => {
    const asked = ['Who won the football world cup?', 'who won the footbal world cup', 'What is the weather?'];
    // A minute apart, so "as first asked" is well defined.
    const at = (i: number) => ({ now: new Date(NOW.getTime() - (10 - i) * 60_000) });
    for (const [i, q] of asked.entries()) await ask(q, at(i));
    const { feedback } = await ask('When was the KIA founded?', at(3));
    await insights.vote(feedback!.record, '2000', 'u1', 'down', NOW);
    await insights.comment(feedback!.record, '2000', 'u1', 'Wrong, "see p. 3", sorry', NOW);
    await insights.vote(feedback!.record, '2000', 'u2', 'up', NOW);

    const reply = await run('insights', { period: '7' }, admin());
    expect(reply.ephemeral).toBe(true);
    const field = (name: string) => reply.fields?.find((f) => f.name === name)?.value ?? '';
    expect(field('Top unanswered').split('\n')).toEqual([
      '1. `Who won the football world cup?` ×2',
      '2. `What is the weather?` ×1',
    ]);
    expect(field('Most 👎')).toMatch(
      /^1\. `When was the KIA founded\?` 👎1 👍1 · .+ › .+\n {3}› `Wrong, "see p\. 3", sorry`$/,
    );
    expect(reply.curate?.map((c) => c.label)).toEqual(['Answer 1', 'Answer 2']);

    const rows = parseCsv(reply.attachment!.content);
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[5], r[6], r[7]])).toEqual([
      ['Who won the football world cup?', 'no', '0', '0', ''],
      ['who won the footbal world cup', 'no', '0', '0', ''],
      ['What is the weather?', 'no', '0', '0', ''],
      ['When was the KIA founded?', 'yes', '1', '1', 'Wrong, "see p. 3", sorry'],
    ]);
    expect(rows.slice(1).every((r) => r.length === CSV_HEADER.length)).toBe(true);
  });

  it('reads only its period and its server', async () => {
    await ask('Who won the football world cup?', { now: new Date(NOW.getTime() - 10 * DAY) });
    await ask('What is the weather?', { guildId: 'other' });
    expect((await run('insights', {}, admin())).text).toMatch(/^No questions were asked in the last 7 days/);
    const month = await run('insights', { period: '30 days' }, admin());
    expect(month.fields?.[0]?.value).toBe('1. `Who won the football world cup?` ×1');
    expect((await run('insights', { period: '14' }, admin())).text).toBe('period must be 7 or 30 (days).');
  });

  it('shows hostile questions within Discord’s limits, pinging nobody, as text', async () => {
    const hostile = [
      `@everyone ${'spam '.repeat(1200)}`,
      '**bold** __under__ `code` ```block``` [link](https://x.y) > quote',
      '\u202eRTL override <@123456789012345678> <@&123456789012345678> @here',
      '=HYPERLINK("http://evil","click")',
    ];
    for (let i = 0; i < 12; i++) {
      for (const q of hostile.slice(1))
        await run('Ask the report', { content: q, author: { id: '1', name: 'x' } }, admin());
      // 6,000 characters: the engine refuses it as too long, so it is recorded here as the service would any refusal.
      const refusal = { question: hostile[0]!, answered: false, kind: 'not-covered', source: null } as const;
      await insights.recordQuestion('2000', { ...refusal, text: '', confidence: 0, related: [], suggestions: [] }, NOW);
    }
    const reply = await run('insights', { period: '30' }, admin());
    const message = renderReply(reply);
    expectWithinDiscordLimits(message);
    expect(renderText(reply)).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    const shown = message.embeds[0]!.fields!.find((f) => f.name === 'Top unanswered')!.value;
    for (const line of shown.split('\n')) expect(line).toMatch(/^\d+\. `[^`]*` ×\d+$/);
    expect(message.files?.[0]?.name).toBe('insights-30d.csv');
    const rows = parseCsv(reply.attachment!.content);
    expect(rows).toHaveLength(1 + 12 * hostile.length);
    // Kept at 1,000 characters, and a formula stays text in a spreadsheet.
    expect(rows.slice(1).every((r) => r[1]!.length <= 1001)).toBe(true);
    expect(rows.some((r) => r[1] === `'=HYPERLINK("http://evil","click")`)).toBe(true);
  });
});

describe('CSV, packing and the purge timer', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"\nthen')).toBe('"say ""hi""\nthen"');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@everyone')).toBe("'@everyone");
    expect(parseCsv(toCsv(['a', 'b'], [['1,2', 'x\r\ny']]))).toEqual([
      ['a', 'b'],
      ['1,2', 'x\r\ny'],
    ]);
  });

  it('packs lines up to a limit and says how many were left out', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${i}. ${'x'.repeat(60)}`);
    const packed = packLines(lines, 1024);
    expect(packed.length).toBeLessThanOrEqual(1024);
    expect(packed.split('\n').at(-1)).toMatch(/^…and \d+ more$/);
    expect(packLines(['a', 'b'], 1024)).toBe('a\nb');
  });

  it('purges at once and then on every tick, reports failures and stops', async () => {
    vi.useFakeTimers();
    try {
      const purge = vi.fn().mockRejectedValueOnce(new Error('db down')).mockResolvedValue({});
      const onError = vi.fn();
      const timer = startPurgeTimer(purge, onError, 1000);
      await vi.advanceTimersByTimeAsync(2500);
      expect(purge).toHaveBeenCalledTimes(3);
      expect(onError).toHaveBeenCalledTimes(1);
      timer.stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(purge).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a purge through the service uses the retention cutoff', async () => {
    await ask('Who won?', { now: new Date(NOW.getTime() - 91 * DAY) });
    await ask('Who won the cup?', { now: new Date(NOW.getTime() - 89 * DAY) });
    expect(await insights.purge(NOW)).toEqual({ questions: 1, votes: 0 });
  });
});

describe('follow-ups', () => {
  it('are recorded as the question the engine spelled out, not as "and Japan?"', async () => {
    const { Conversations } = await import('../../src/conversation/conversations.ts');
    const ctx = admin({ services: { insights, conversations: new Conversations() }, conversation: 'm' });
    await run('ask', { question: "What is China's market share?" }, ctx);
    const reply = await run('ask', { question: 'and Japan?' }, ctx);
    expect(reply.followingUp).toBeDefined();
    const stored = (await store.questionsSince('2000', new Date(NOW.getTime() - DAY), 10)).map((q) => q.question);
    expect(stored).toHaveLength(2);
    expect(stored).not.toContain('and Japan?');
    expect(stored.filter((q) => /Japan/.test(q))).toHaveLength(1);
  });
});
