import type { AnswerEngine } from '../answer/engine.ts';
import { replyForAnswer } from '../reply/fromAnswer.ts';
import type { Reply } from '../reply/types.ts';
import { type ForumPost, type NewThread, postQuestion, postTitle, type Skip, skipThread } from './post.ts';
import type { ForumStore } from './store.ts';

export interface ForumAnswererDeps {
  engine: AnswerEngine;
  store: ForumStore;
  /** This process's name on its claims. */
  owner: string;
  now: () => Date;
  /** Whether this session receives message content; false in the bot's degraded mode. */
  readsContent: () => boolean;
  /** Posts the reply in the post's thread. */
  send: (threadId: string, reply: Reply) => Promise<void>;
  /** The server's curated answer to a question, as a reply, when one matches closely: it wins over the report, as in /ask. */
  curated?: (guildId: string, question: string) => Promise<Reply | undefined>;
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
    const curated = await curatedFor(deps, thread.guildId, asked.question, postTitle(post));
    const answer = curated ? undefined : deps.engine.answer(asked.question);
    // "The report doesn't cover that" under a member's post would crowd out the people who can help.
    const reply = curated ?? (answer?.answered ? replyForAnswer(answer) : undefined);
    if (!reply) return { kind: 'left-to-people', question: asked.question };
    // Claimed only when about to reply, so a post is answered once by whichever process gets here first.
    if (!(await deps.store.claimThread(thread.threadId, thread.guildId, deps.owner, deps.now()))) {
      return { kind: 'already-answered' };
    }
    await deps.send(thread.threadId, reply);
    return { kind: 'answered', question: asked.question, ...(curated ? { curated: true as const } : {}) };
  };
}

/**
 * The curated answer to the post: to its whole question, else to its title alone. The title is
 * what a post asks; a first message adds detail or thanks that no curated phrasing has, and
 * would keep a post from matching the phrasing its title is.
 */
async function curatedFor(
  deps: ForumAnswererDeps,
  guildId: string,
  question: string,
  title: string,
): Promise<Reply | undefined> {
  if (!deps.curated) return undefined;
  const whole = await deps.curated(guildId, question);
  return whole ?? (title && title !== question ? deps.curated(guildId, title) : undefined);
}
