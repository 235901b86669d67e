import { type AskDeps, ask } from '../ask/service.ts';
import type { Reply } from '../reply/types.ts';
import { type ForumPost, type NewThread, postQuestion, postTitle, type Skip, skipThread } from './post.ts';
import type { ForumStore } from './store.ts';

export interface ForumAnswererDeps {
  /** The engine, and the servers' curated answers (which win over the report, as in /ask). */
  ask: Pick<AskDeps, 'engine' | 'faq'>;
  store: ForumStore;
  /** This process's name on its claims. */
  owner: string;
  now: () => Date;
  /** Whether this session receives message content; false in the bot's degraded mode. */
  readsContent: () => boolean;
  /** Posts the reply in the post's thread. */
  send: (threadId: string, reply: Reply) => Promise<void>;
}

export type PostOutcome =
  | { kind: 'answered'; question: string; curated?: true }
  | { kind: 'skipped'; reason: Skip }
  | { kind: 'left-to-people'; question: string }
  | { kind: 'already-answered' };

/**
 * One new thread, from its creation to at most one reply. `read` is called only once the thread
 * is known to be a new post in the answered forum, since reading it may mean waiting for its
 * first message. Without that message there is no reply: the author is unknown, and Discord
 * refuses messages in a post before its first one (error 40058).
 */
export function createForumAnswerer(deps: ForumAnswererDeps) {
  return async (thread: NewThread, read: () => Promise<ForumPost | undefined>): Promise<PostOutcome> => {
    const skip = skipThread(thread, await deps.store.getForumChannel(thread.guildId));
    if (skip) return { kind: 'skipped', reason: skip };
    const post = await read();
    if (!post) return { kind: 'skipped', reason: 'no-first-message' };
    const asked = postQuestion(post, deps.readsContent());
    if ('skip' in asked) return { kind: 'skipped', reason: asked.skip };
    const { reply, curated } = await ask(deps.ask, asked.question, {
      guildId: thread.guildId,
      // The title is what a post asks; a first message adds detail or thanks that no curated
      // phrasing has, and would keep a post from matching the phrasing its title is.
      curatedAlso: [postTitle(post)],
      // A post is its own thread, not a turn in a member's conversation.
      // Not recorded for /insights: a reply is drafted before the thread is claimed, so every
      // process that drafts one would record it, and the reply in the thread has no 👍/👎.
      record: false,
      now: deps.now(),
    });
    // "The report doesn't cover that" under a member's post would crowd out the people who can help.
    if (!reply.answered) return { kind: 'left-to-people', question: asked.question };
    // Claimed only when about to reply, so a post is answered once by whichever process gets here first.
    if (!(await deps.store.claimThread(thread.threadId, thread.guildId, deps.owner, deps.now()))) {
      return { kind: 'already-answered' };
    }
    await deps.send(thread.threadId, reply);
    return { kind: 'answered', question: asked.question, ...(curated ? { curated: true as const } : {}) };
  };
}
