import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderReply } from '../../src/adapters/discord/render.ts';
import type { CommandContext } from '../../src/bot/context.ts';
import { Conversations } from '../../src/conversation/conversations.ts';
import { CURATED_KIND, CURATED_SOURCE } from '../../src/faq/reply.ts';
import { createFaqService, type FaqService } from '../../src/faq/service.ts';
import { sharedFaqModel } from '../../src/faq/threshold.ts';
import { createInsightsService, type InsightsService } from '../../src/insights/service.ts';
import { sharedWordVectors } from '../../src/semantic/wordVectors.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { context, run } from '../helpers.ts';

/** Where curated answers meet the rest of the loop: /insights, 👍/👎 and follow-ups. */

const NOW = new Date('2026-11-24T12:00:00Z');
const RULES = 'Where are the server rules? | What are the rules here?';
const RULES_ANSWER = 'Read #rules before posting: be kind, stay on topic.';

let dir: string;
let store: ReturnType<typeof openSqliteStore>;
let faq: FaqService;
let insights: InsightsService;

beforeEach(async () => {
  dir = makeTempDir();
  store = openSqliteStore({ dataDir: dir });
  faq = createFaqService({ store, settings: sharedFaqModel(), vectors: sharedWordVectors(), now: () => NOW });
  insights = createInsightsService({ store, retentionDays: 90 });
  const added = await run(
    'faq',
    { subcommand: 'add', question: RULES, answer: RULES_ANSWER },
    ctx({ canManageGuild: true }),
  );
  expect(added.title).toMatch(/^Curated answer #\d+ added$/);
});
afterEach(async () => {
  await store.close();
  removeDir(dir);
});

function ctx(extra: Partial<CommandContext> = {}): CommandContext {
  return context({ now: NOW, services: { faq, insights }, ...extra });
}

const buttonIds = (reply: Parameters<typeof renderReply>[0]) =>
  renderReply(reply).components.flatMap((row) =>
    (row as { components: Array<{ custom_id?: string }> }).components.map((c) => c.custom_id),
  );

describe('a curated answer in /insights', () => {
  it('is recorded as answered, by the admins, and carries 👍/👎 like a report answer', async () => {
    const reply = await run('ask', { question: 'where are the server rules' }, ctx());
    expect(reply).toMatchObject({ text: RULES_ANSWER, source: CURATED_SOURCE, answered: true });
    const record = reply.feedback?.record;
    expect(record).toBeDefined();
    expect(buttonIds(reply)).toEqual([`fb|u|${record}`, `fb|d|${record}`]);
    const [stored] = await store.questionsSince('2000', new Date(0), 10);
    expect(stored).toMatchObject({
      id: record,
      question: 'where are the server rules',
      answered: true,
      kind: CURATED_KIND,
      source: CURATED_SOURCE,
    });
  });

  it('from the context menu too', async () => {
    const reply = await run(
      'Ask the report',
      { content: 'What are the rules here?', author: { id: '1', name: 'x' } },
      ctx(),
    );
    expect(reply.source).toBe(CURATED_SOURCE);
    expect(reply.feedback?.record).toBeDefined();
    expect((await store.questionsSince('2000', new Date(0), 10)).map((q) => q.kind)).toEqual([CURATED_KIND]);
  });

  it("shows in the top asked, and a 👎 on it in the most 👎 with the admins' source line", async () => {
    const asked = ['Where are the server rules?', 'What are the rules here?', 'When was the KIA founded?'];
    const replies = [];
    for (const [i, question] of asked.entries()) {
      replies.push(await run('ask', { question }, ctx({ now: new Date(NOW.getTime() + i * 1000) })));
    }
    const curatedRecord = replies[0]!.feedback!.record;
    expect(await insights.vote(curatedRecord, '2000', '42', 'down', NOW)).toEqual({ kind: 'voted', vote: 'down' });
    const report = await run('insights', { period: '7' }, ctx({ canManageGuild: true }));
    const field = (name: string) => report.fields?.find((f) => f.name === name)?.value;
    expect(field('Top asked')?.split('\n')[0]).toBe('1. `Where are the server rules?` ×1 (answered)');
    expect(field('Most 👎')).toBe(`1. \`Where are the server rules?\` 👎1 👍0 · ${CURATED_SOURCE}`);
    expect(report.attachment?.content).toContain(
      `Where are the server rules?,yes,${CURATED_KIND},${CURATED_SOURCE},0,1,`,
    );
  });

  it('is not recorded where there is no server, and costs nobody the answer when recording fails', async () => {
    const dm = await run('ask', { question: 'where are the server rules' }, ctx({ guildId: undefined }));
    expect(dm.feedback).toBeUndefined();
    const failing = createInsightsService({
      store: { ...store, recordQuestion: () => Promise.reject(new Error('disk full')) } as typeof store,
      retentionDays: 90,
    });
    const reply = await run(
      'ask',
      { question: 'where are the server rules' },
      ctx({ services: { faq, insights: failing } }),
    );
    expect(reply).toMatchObject({ text: RULES_ANSWER, source: CURATED_SOURCE });
    expect(reply.feedback).toBeUndefined();
    expect(await store.questionsSince('2000', new Date(0), 10)).toEqual([]);
  });
});

describe('a follow-up after a curated answer', () => {
  const talk = (conversations: Conversations) => (question: string) =>
    run('ask', { question }, ctx({ conversation: 'member', services: { faq, insights, conversations } }));

  it('stands alone: it is not read against the report answer before the curated one', async () => {
    // Without the curated answer between them, "and the USA?" is read against China's market share.
    const control = talk(new Conversations());
    await control("What is China's market share?");
    const followed = await control('and the USA?');
    expect(followed.followingUp).toBe("What is China's market share");
    expect(followed.text).toBe('USA: Market Share 10%.');

    const ask = talk(new Conversations());
    await ask("What is China's market share?");
    expect((await ask('where are the server rules')).source).toBe(CURATED_SOURCE);
    const alone = await ask('and the USA?');
    expect(alone.followingUp).toBeUndefined();
    expect(alone.text).not.toBe('USA: Market Share 10%.');
  });

  it('a report answer after the curated one is a frame again', async () => {
    const ask = talk(new Conversations());
    await ask('where are the server rules');
    await ask("What is China's market share?");
    expect((await ask('and the USA?')).followingUp).toBe("What is China's market share");
  });
});
