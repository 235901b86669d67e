import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { Reply } from '../reply/types.ts';
import { clip } from '../text/clip.ts';
import { stripBidiControls, stripStoredControls } from '../text/echo.ts';
import { sourceLine } from '../text/sourceLine.ts';
import type { FollowedThread, HandoffStore, HelperSettings, LoopCounts, ThreadKind } from './store.ts';

/**
 * The hand-off loop, transport-free: who helps (/settings helpers), whether a member may hand a
 * question to a person today, what the hand-off message says, which threads the bot stays silent
 * in, who may mark one resolved or save a helper's reply as a curated answer, and what /insights
 * counts. The Discord adapter (src/adapters/discord/handoff.ts) opens threads and sends.
 */

export const DEFAULT_DAILY_LIMIT = 3;
/** The message context menu a helper uses on a reply in a hand-off thread. */
export const SAVE_AS_FAQ = 'Save as FAQ answer';
export const MAX_DAILY_LIMIT = 50;
/** How long the helpers setting is served from memory; a change in this process clears it at once. */
export const HELPERS_TTL_MS = 30_000;
/** The longest question a hand-off carries: what a thread's first embed can show in full. */
export const HANDOFF_QUESTION_MAX = 3500;
/** Discord's longest thread name. */
export const THREAD_NAME_MAX = 100;

/** Who pressed or used something, as the transport reads it. */
export interface Actor {
  userId: string;
  /** The member's roles in this server. */
  roles: readonly string[];
  canManageGuild: boolean;
}

export type StartOutcome =
  | { kind: 'no-helpers' }
  | { kind: 'limit'; limit: number }
  /** This question was handed off already: its thread, when it has one. */
  | { kind: 'already'; threadId?: string }
  | { kind: 'started'; id: string; helpers: HelperSettings };

export type ResolveOutcome =
  | { kind: 'resolved'; thread: FollowedThread }
  | { kind: 'already' }
  | { kind: 'not-followed' }
  | { kind: 'not-allowed' };

export type SaveTarget = { kind: 'ok'; question: string } | { kind: 'refused'; reason: string };

export interface HandoffService {
  helpers(guildId: string): Promise<HelperSettings | undefined>;
  setHelpers(
    guildId: string,
    choice: { roleId: string; channelId?: string; dailyLimit?: number },
    now: Date,
  ): Promise<Reply>;
  clearHelpers(guildId: string): Promise<Reply>;
  /**
   * Reserves one of today's hand-offs for the member, or says why not. `id` is the recorded
   * question's: a question is handed off once, however often its button is pressed.
   */
  start(id: string, guildId: string, askerId: string, question: string, now: Date): Promise<StartOutcome>;
  /** The thread is open: the hand-off is kept, and the thread followed. */
  opened(id: string, thread: { threadId: string; guildId: string; askerId: string }, now: Date): Promise<void>;
  /** The thread could not be opened: the reserved hand-off is given back. */
  giveBack(id: string): Promise<void>;
  /** Starts following a thread the bot answered in (a forum post, an answer in a thread). */
  follow(thread: { threadId: string; guildId: string; askerId: string; kind: ThreadKind }, now: Date): Promise<void>;
  /** Whether the bot may still post in a thread: not once it is resolved, nor once another person replied there. */
  mayPost(threadId: string): Promise<boolean>;
  /** A person wrote in a thread: when not its asker, the bot stays out from then on, and a hand-off has its answer. */
  personWrote(threadId: string, authorId: string, now: Date): Promise<void>;
  resolve(threadId: string, actor: Actor, guildId: string, now: Date): Promise<ResolveOutcome>;
  /** The member's question to pre-fill "Save as FAQ answer" with, when the actor may save and the thread is a hand-off. */
  saveTarget(threadId: string, actor: Actor, guildId: string): Promise<SaveTarget>;
  saved(threadId: string, now: Date): Promise<void>;
  counts(guildId: string, since: Date): Promise<LoopCounts>;
}

// The command framework learns of the hand-off loop only here, where the feature registers its service.
declare module '../bot/context.ts' {
  interface Services {
    handoff: HandoffService;
  }
}

export const HANDOFF_TEXT = {
  onlyAsker: 'Only the member who asked can hand this question to a person. Ask your own question to get the button.',
  noHelpers:
    'This server has no helpers set up, so there is nobody to hand this to. An admin can add them with /settings helpers.',
  limit: (n: number) =>
    `You have asked a person ${n} time${n === 1 ? '' : 's'} today in this server, the most a day. Try again tomorrow, or ask in a channel.`,
  unknownQuestion: "I don't have this question on record any more. Ask it again, then press Ask a person.",
  roleGone:
    'The helper role no longer exists, so nobody would be told. Nothing was sent; an admin can set it again with /settings helpers.',
  channelGone:
    'The helpers channel no longer exists or I cannot see it. Nothing was sent; an admin can set it again with /settings helpers.',
  noThreadPermission: (where: string) =>
    `I don't have permission to create threads in ${where}. Nothing was sent; an admin can give me Create Public Threads and Send Messages in Threads there.`,
  threadFailed: 'Discord would not let me open a thread for this. Nothing was sent; please try again in a moment.',
  opened: (thread: string) => `I've asked the helpers in ${thread}. A person will answer you there.`,
  already: (thread: string | undefined) =>
    thread
      ? `You've already asked a person about this, in ${thread}. A person will answer you there.`
      : 'You already asked a person about this a moment ago.',
  resolveNotAllowed: 'Only the member who asked, the helpers and the server admins can mark this resolved.',
  resolveNotFollowed: 'This thread is not one I opened or answered, so there is nothing for me to mark resolved.',
  alreadyResolved: 'This thread is marked resolved already.',
  saveNotAllowed: 'Saving a curated answer needs the Manage Server permission or the helper role.',
  saveNotHandoff: 'Use Save as FAQ answer on a reply in a hand-off thread (one opened by Ask a person).',
  saveOwnMessage: "That is my own message: use it on a person's reply.",
} as const;

export interface HandoffServiceOptions {
  store: HandoffStore;
  now?: () => number;
  ttlMs?: number;
  /** How a transport writes a role or channel in a reply (Discord: a mention that pings nobody here). */
  roleName?: (id: string) => string;
  channelName?: (id: string) => string;
}

const notice = (text: string): Reply => ({ text, tone: 'notice', ephemeral: true });

/** The start of the member's day in UTC: the daily limit resets then, the same for every process. */
export function dayStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function createHandoffService(options: HandoffServiceOptions): HandoffService {
  const { store } = options;
  const clock = options.now ?? Date.now;
  const ttl = options.ttlMs ?? HELPERS_TTL_MS;
  const role = options.roleName ?? ((id: string) => `@${id}`);
  const channel = options.channelName ?? ((id: string) => `#${id}`);
  const cache = new Map<string, { value: HelperSettings | undefined; at: number }>();

  const helpers = async (guildId: string) => {
    const hit = cache.get(guildId);
    if (hit && clock() - hit.at < ttl) return hit.value;
    const value = await store.getHelpers(guildId);
    if (cache.size >= 10_000) cache.clear();
    cache.set(guildId, { value, at: clock() });
    return value;
  };
  const isHelper = async (actor: Actor, guildId: string) => {
    if (actor.canManageGuild) return true;
    const set = await helpers(guildId);
    return set !== undefined && actor.roles.includes(set.roleId);
  };

  return {
    helpers,

    async setHelpers(guildId, choice, now) {
      // @everyone's id is the server's: a hand-off would ping every member.
      if (choice.roleId === guildId) return notice('Pick a helper role other than @everyone: a hand-off pings it.');
      const dailyLimit = choice.dailyLimit ?? DEFAULT_DAILY_LIMIT;
      if (!Number.isInteger(dailyLimit) || dailyLimit < 1 || dailyLimit > MAX_DAILY_LIMIT) {
        return notice(`per-day is a whole number from 1 to ${MAX_DAILY_LIMIT}; ${dailyLimit} is not.`);
      }
      const settings: HelperSettings = {
        roleId: choice.roleId,
        ...(choice.channelId ? { channelId: choice.channelId } : {}),
        dailyLimit,
      };
      await store.setHelpers(guildId, settings, now);
      cache.delete(guildId);
      const where = settings.channelId
        ? `in a new thread in ${channel(settings.channelId)}`
        : 'in a new thread from the answer';
      return {
        title: 'Helpers set',
        text: [
          `"Ask a person" now appears under answers the report does not cover, and after a 👎.`,
          `It opens ${where} and pings ${role(settings.roleId)} once. Each member may do so ${dailyLimit} time${dailyLimit === 1 ? '' : 's'} a day.`,
        ].join('\n'),
        tone: 'answer',
      };
    },

    async clearHelpers(guildId) {
      const had = await store.clearHelpers(guildId);
      cache.delete(guildId);
      return had
        ? { title: 'Helpers removed', text: 'No more "Ask a person" buttons in this server.', tone: 'answer' }
        : notice('This server has no helpers set.');
    },

    async start(id, guildId, askerId, question, now) {
      const set = await store.getHelpers(guildId);
      if (!set) return { kind: 'no-helpers' };
      const kept = clip(stripStoredControls(question).trim(), HANDOFF_QUESTION_MAX);
      const added = await store.addHandoff(
        { id, guildId, askerId, question: kept, createdAt: now },
        set.dailyLimit,
        dayStart(now),
      );
      if (added) return { kind: 'started', id, helpers: set };
      const earlier = await store.getHandoff(id);
      if (earlier) return earlier.threadId ? { kind: 'already', threadId: earlier.threadId } : { kind: 'already' };
      return { kind: 'limit', limit: set.dailyLimit };
    },

    async opened(id, thread, now) {
      await store.setHandoffThread(id, thread.threadId);
      await store.followThread({ ...thread, kind: 'handoff' }, now);
    },

    giveBack: (id) => store.removeHandoff(id),

    follow: (thread, now) => store.followThread(thread, now),

    async mayPost(threadId) {
      const thread = await store.getFollowedThread(threadId);
      return !thread || (thread.resolvedAt === undefined && thread.otherRepliedAt === undefined);
    },

    async personWrote(threadId, authorId, now) {
      const thread = await store.getFollowedThread(threadId);
      if (!thread || thread.askerId === authorId || thread.otherRepliedAt) return;
      await store.markOtherReplied(threadId, now);
    },

    async resolve(threadId, actor, guildId, now) {
      const thread = await store.getFollowedThread(threadId);
      if (!thread || thread.guildId !== guildId) return { kind: 'not-followed' };
      if (thread.askerId !== actor.userId && !(await isHelper(actor, guildId))) return { kind: 'not-allowed' };
      if (thread.resolvedAt) return { kind: 'already' };
      return (await store.markResolved(threadId, now)) ? { kind: 'resolved', thread } : { kind: 'already' };
    },

    async saveTarget(threadId, actor, guildId) {
      if (!(await isHelper(actor, guildId))) return { kind: 'refused', reason: HANDOFF_TEXT.saveNotAllowed };
      const handoff = await store.handoffByThread(threadId);
      if (!handoff || handoff.guildId !== guildId) return { kind: 'refused', reason: HANDOFF_TEXT.saveNotHandoff };
      return { kind: 'ok', question: handoff.question };
    },

    async saved(threadId, now) {
      await store.markHandoffSaved(threadId, now);
    },

    counts: (guildId, since) => store.loopCounts(guildId, since),
  };
}

/** The report's passage closest to the question (BM25 over its words), for the helpers to start from. */
export function closestPassage(kb: KnowledgeBase, question: string): { text: string; source: string } | undefined {
  const terms = [...new Set(kb.index.analyze(question))].map((term) => ({ term, weight: 1 }));
  const [best] = kb.index.search(terms, 1);
  return best && { text: best.passage.text, source: sourceLine(best.passage.source) };
}

/** A thread's name from the question: one line, no bidi controls, within Discord's 100 characters. */
export function threadName(question: string): string {
  const line = stripBidiControls(stripStoredControls(question)).replace(/\s+/g, ' ').trim();
  return clip(line || 'A question for a person', THREAD_NAME_MAX);
}

/**
 * The hand-off thread's first message, as a Reply: the question, the closest passage, and the
 * Resolved button. The adapter adds the one ping of the helper role beside it.
 */
export function handoffReply(question: string, passage: { text: string; source: string } | undefined): Reply {
  const shown = stripBidiControls(question).trim();
  return {
    title: 'A member asked for a person',
    text: `**Question:**\n${clip(shown, HANDOFF_QUESTION_MAX)}`,
    fields: passage
      ? [{ name: 'Closest passage in the report', value: `${passage.text}\n— ${passage.source}` }]
      : [{ name: 'Closest passage in the report', value: 'None: the report says nothing near this.' }],
    tone: 'notice',
    resolvable: true,
  };
}
