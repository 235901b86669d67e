import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CURATED_SOURCE } from '../../src/faq/reply.ts';
import { createFaqService, type FaqService } from '../../src/faq/service.ts';
import { sharedFaqModel } from '../../src/faq/threshold.ts';
import { createForumAnswerer } from '../../src/forum/answerer.ts';
import type { ForumPost, NewThread } from '../../src/forum/post.ts';
import type { Reply } from '../../src/reply/types.ts';
import { sharedWordVectors } from '../../src/semantic/wordVectors.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { engine } from '../helpers.ts';
import { memoryForumStore } from './memoryStore.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const thread: NewThread = { threadId: 't1', guildId: 'g1', parentId: 'forum', inForum: true, newlyCreated: true };
const asking: ForumPost = { title: 'When was the KIA founded?', firstMessage: '', byBot: false };

async function setUp(readsContent = true, faq?: FaqService) {
  const store = memoryForumStore();
  await store.setForumChannel('g1', 'forum', NOW);
  await store.setForumChannel('g2', 'forum', NOW);
  const sent: Array<{ threadId: string; reply: Reply }> = [];
  let reads = 0;
  const answer = createForumAnswerer({
    ask: { engine, ...(faq ? { faq } : {}) },
    store,
    owner: 'proc-a',
    now: () => NOW,
    readsContent: () => readsContent,
    send: async (threadId, reply) => void sent.push({ threadId, reply }),
  });
  const handle = (t: NewThread, post: ForumPost | undefined) =>
    answer(t, async () => {
      reads++;
      return post;
    });
  return { store, sent, handle, reads: () => reads };
}

describe('answering a forum post', () => {
  it('replies once in the thread with the answer as /ask gives it, and claims the thread', async () => {
    const { store, sent, handle } = await setUp();
    expect(await handle(thread, asking)).toEqual({ kind: 'answered', question: 'When was the KIA founded?' });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.threadId).toBe('t1');
    expect(sent[0]?.reply).toMatchObject({ answered: true, tone: 'answer', title: 'When was the KIA founded?' });
    expect(sent[0]?.reply.text).toContain('1961');
    expect(store.claims.get('t1')).toBe('proc-a');
    expect(await handle(thread, asking)).toEqual({ kind: 'already-answered' });
    expect(sent).toHaveLength(1);
  });

  it('leaves a post the report does not answer to people, without claiming it', async () => {
    const { store, sent, handle } = await setUp();
    const offTopic = { ...asking, title: 'Best pizza in town?', firstMessage: 'Near the station?' };
    expect(await handle(thread, offTopic)).toMatchObject({ kind: 'left-to-people' });
    expect(sent).toEqual([]);
    expect(store.claims.size).toBe(0);
  });

  it('does not read a thread that is not a new post in the answered forum', async () => {
    const { sent, handle, reads } = await setUp();
    expect(await handle({ ...thread, parentId: 'elsewhere' }, asking)).toEqual({
      kind: 'skipped',
      reason: 'not-the-answered-forum',
    });
    expect(await handle({ ...thread, newlyCreated: false }, asking)).toEqual({ kind: 'skipped', reason: 'not-new' });
    expect(reads()).toBe(0);
    expect(sent).toEqual([]);
  });

  it('does not reply to a post whose first message never came (its author is unknown)', async () => {
    const { store, sent, handle } = await setUp();
    expect(await handle(thread, undefined)).toEqual({ kind: 'skipped', reason: 'no-first-message' });
    expect(sent).toEqual([]);
    expect(store.claims.size).toBe(0);
  });

  it('asks the title alone when the session cannot read message content', async () => {
    const { sent, handle } = await setUp(false);
    const vague = { title: 'Help please', firstMessage: 'When was the KIA founded?', byBot: false };
    expect(await handle(thread, vague)).toEqual({ kind: 'left-to-people', question: 'Help please' });
    expect(sent).toEqual([]);
  });
});

describe("a server's curated answer in its forum", () => {
  const KIA_ANSWER = 'In 1961, says our pinned explainer.';
  const RULES_ANSWER = 'Read #rules before posting.';
  let dir: string;
  let faqStore: ReturnType<typeof openSqliteStore>;
  let faq: FaqService;

  beforeEach(async () => {
    dir = makeTempDir();
    faqStore = openSqliteStore({ dataDir: dir });
    faq = createFaqService({
      store: faqStore,
      settings: sharedFaqModel(),
      vectors: sharedWordVectors(),
      now: () => NOW,
    });
    for (const [question, answer] of [
      ['When was the KIA founded?', KIA_ANSWER],
      ['Where are the server rules?', RULES_ANSWER],
    ] as const) {
      expect((await faq.add('g1', question, answer, engine.kb)).title).toMatch(/^Curated answer #\d+ added$/);
    }
  });
  afterEach(async () => {
    await faqStore.close();
    removeDir(dir);
  });

  it('wins over the report, as in /ask, and claims the thread like any answer', async () => {
    const { store, sent, handle } = await setUp(true, faq);
    expect(await handle(thread, asking)).toEqual({
      kind: 'answered',
      question: 'When was the KIA founded?',
      curated: true,
    });
    expect(sent.map((s) => s.reply)).toMatchObject([
      { text: KIA_ANSWER, source: CURATED_SOURCE, answered: true, title: 'When was the KIA founded?' },
    ]);
    expect(store.claims.get('t1')).toBe('proc-a');
    expect(await handle(thread, asking)).toEqual({ kind: 'already-answered' });
    expect(sent).toHaveLength(1);
  });

  it('answers a post the report does not cover, matching its title when the first message only adds detail', async () => {
    const { sent, handle } = await setUp(true, faq);
    const post = { title: 'where are the server rules', firstMessage: 'I am new here, thanks!', byBot: false };
    expect(await handle(thread, post)).toMatchObject({ kind: 'answered', curated: true });
    expect(sent[0]?.reply).toMatchObject({ text: RULES_ANSWER, title: 'where are the server rules' });
    // Without a curated answer, the same post is left to people: the report does not cover it.
    const plain = await setUp(true);
    expect(await plain.handle(thread, post)).toMatchObject({ kind: 'left-to-people' });
  });

  it('not for a near-miss, and never in another server: the report answers those, or people do', async () => {
    const { sent, handle } = await setUp(true, faq);
    const nearMiss = { ...asking, title: 'Who founded the KIA?' };
    const outcome = await handle({ ...thread, threadId: 't2' }, nearMiss);
    expect(outcome).not.toMatchObject({ curated: true });
    expect(sent.every((s) => s.reply.source !== CURATED_SOURCE)).toBe(true);
    expect(await handle({ ...thread, threadId: 't3', guildId: 'g2' }, asking)).toEqual({
      kind: 'answered',
      question: 'When was the KIA founded?',
    });
    expect(sent.at(-1)?.reply.text).toContain('1961');
    expect(sent.at(-1)?.reply.source).not.toBe(CURATED_SOURCE);
  });

  it('costs nobody the report answer when the curated answers cannot be read', async () => {
    const broken = createFaqService({
      store: { ...faqStore, listCurated: () => Promise.reject(new Error('disk gone')) } as typeof faqStore,
      settings: sharedFaqModel(),
      now: () => NOW,
    });
    const { sent, handle } = await setUp(true, broken);
    expect(await handle(thread, asking)).toEqual({ kind: 'answered', question: 'When was the KIA founded?' });
    expect(sent[0]?.reply.text).toContain('1961');
  });
});
