import { describe, expect, it } from 'vitest';
import { createForumAnswerer } from '../../src/forum/answerer.ts';
import type { ForumPost, NewThread } from '../../src/forum/post.ts';
import type { Reply } from '../../src/reply/types.ts';
import { engine } from '../helpers.ts';
import { memoryForumStore } from './memoryStore.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const thread: NewThread = { threadId: 't1', guildId: 'g1', parentId: 'forum', inForum: true, newlyCreated: true };
const asking: ForumPost = { title: 'When was the KIA founded?', firstMessage: '', byBot: false };

async function setUp(readsContent = true) {
  const store = memoryForumStore();
  await store.setForumChannel('g1', 'forum', NOW);
  const sent: Array<{ threadId: string; reply: Reply }> = [];
  let reads = 0;
  const answer = createForumAnswerer({
    engine,
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
