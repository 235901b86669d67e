import { sanitizeQuestion } from '../answer/sanitize.ts';

/**
 * The pure rules of forum answers: which new thread is a post the bot should look at, and what
 * question it asks. Nothing here knows Discord, the store or the engine.
 */

/** What a thread's creation says about it, before its first message is known. */
export interface NewThread {
  threadId: string;
  guildId: string;
  /** The channel the thread belongs to. */
  parentId: string | undefined;
  /** Whether that channel is a forum: a thread in a text channel is a side conversation, not a post. */
  inForum: boolean;
  /** False for a thread the bot merely learns of (joining it, or a server coming back online). */
  newlyCreated: boolean;
}

/** A forum post as the bot can read it. */
export interface ForumPost {
  title: string;
  /** The post's first message; empty when unknown or unreadable. */
  firstMessage: string;
  /** Posted by a bot, this one included: bots are answered by their owners, not by us. */
  byBot: boolean;
}

export type Skip = 'not-a-forum-post' | 'not-new' | 'not-the-answered-forum' | 'posted-by-a-bot' | 'no-first-message';

/** Why a new thread is none of the bot's business, or undefined when it is a new post in the answered forum. */
export function skipThread(thread: NewThread, answeredForum: string | undefined): Skip | undefined {
  if (!thread.inForum) return 'not-a-forum-post';
  if (!thread.newlyCreated) return 'not-new';
  if (answeredForum === undefined || thread.parentId !== answeredForum) return 'not-the-answered-forum';
  return undefined;
}

/**
 * The question a post asks: its title, and its first message when the bot may read message
 * content. Without the Message Content intent Discord sends the message empty, so only the
 * title is asked rather than a title padded with nothing. Each part loses its mentions, links
 * and Markdown as chat questions do; the line between them stays.
 */
/** The post's title as a question, cleaned as chat questions are. */
export function postTitle(post: ForumPost): string {
  return sanitizeQuestion(post.title);
}

export function postQuestion(post: ForumPost, readsContent: boolean): { question: string } | { skip: Skip } {
  if (post.byBot) return { skip: 'posted-by-a-bot' };
  const title = postTitle(post);
  const body = readsContent ? sanitizeQuestion(post.firstMessage) : '';
  return { question: body ? `${title}\n${body}` : title };
}
