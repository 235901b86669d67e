import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { Reply, ReplyField } from '../reply/types.ts';
import type { WordVectors } from '../semantic/wordVectors.ts';
import { clip } from '../text/clip.ts';
import { echo } from '../text/echo.ts';
import { type CuratedMatch, CuratedMatcher, type MatchSettings } from './match.ts';
import { type CuratedAnswer, MAX_CURATED_PER_GUILD } from './record.ts';
import type { FaqStore } from './store.ts';
import { parseAnswer, parsePhrasings, sameWording } from './validate.ts';

/** /faq and curated answers to members' questions; supplied by the composition root. */
export interface FaqService {
  add(guildId: string, question: string, answer: string, kb: KnowledgeBase): Promise<Reply>;
  list(guildId: string, page?: number): Promise<Reply>;
  remove(guildId: string, id: number): Promise<Reply>;
  edit(guildId: string, id: number, change: { question?: string; answer?: string }, kb: KnowledgeBase): Promise<Reply>;
  /** The guild's curated answer to a member's question, when one matches closely. */
  answerFor(guildId: string, question: string, kb: KnowledgeBase): Promise<CuratedMatch | undefined>;
}

// The command framework learns of curated answers only here, where the feature registers its service.
declare module '../bot/context.ts' {
  interface Services {
    faq: FaqService;
  }
}

export interface FaqServiceOptions {
  store: FaqStore;
  /** The measured match settings (model/faq-match.json). */
  settings: MatchSettings;
  vectors?: WordVectors;
  now: () => Date;
  /**
   * How long a guild's curated answers are served from memory before the store is read again.
   * Changes made through this process are seen at once; another process's within this time.
   */
  cacheMs?: number;
}

/** Long enough that a busy ask-channel does not read the store per message; short enough that another process's /faq add shows soon. */
export const FAQ_CACHE_MS = 15_000;
export const LIST_PAGE_SIZE = 10;

interface Cached {
  records: CuratedAnswer[];
  /** Which versions of which records these are: an unchanged guild keeps its matchers across reloads. */
  version: string;
  loadedAt: number;
  /** One matcher per knowledge base: a reload rebuilds it on the next question. */
  matchers: WeakMap<KnowledgeBase, CuratedMatcher>;
}

export function createFaqService(deps: FaqServiceOptions): FaqService {
  const cacheMs = deps.cacheMs ?? FAQ_CACHE_MS;
  const cache = new Map<string, Cached>();
  /** Per guild, the /faq add or edit in progress: the next one waits for it, so it checks against what it stored. */
  const changing = new Map<string, Promise<unknown>>();

  function oneAtATime<T>(guildId: string, change: () => Promise<T>): Promise<T> {
    const done = (changing.get(guildId) ?? Promise.resolve()).then(change);
    const settled = done.catch(() => undefined);
    changing.set(guildId, settled);
    void settled.then(() => {
      if (changing.get(guildId) === settled) changing.delete(guildId);
    });
    return done;
  }

  /** The guild's records: from the cache, or `fromStore` read afresh (an unchanged guild keeps its matchers). */
  async function records(guildId: string, fromStore = false): Promise<Cached> {
    const now = deps.now().getTime();
    const hit = cache.get(guildId);
    if (hit && !fromStore && now - hit.loadedAt < cacheMs) return hit;
    const list = await deps.store.listCurated(guildId);
    const version = list.map((r) => `${r.id}@${r.updatedAt.getTime()}`).join(',');
    // Building a matcher reads every phrasing (about 0.4 s for the most a guild may keep): only a change pays it again.
    const matchers = hit?.version === version ? hit.matchers : new WeakMap<KnowledgeBase, CuratedMatcher>();
    const fresh: Cached = { records: list, version, loadedAt: now, matchers };
    if (cache.size >= 10_000) cache.clear();
    cache.set(guildId, fresh);
    return fresh;
  }

  function matcherOf(cached: Cached, kb: KnowledgeBase, except?: number): CuratedMatcher {
    if (except !== undefined) {
      return new CuratedMatcher(
        kb,
        cached.records.filter((r) => r.id !== except),
        deps.vectors,
      );
    }
    let matcher = cached.matchers.get(kb);
    if (!matcher) {
      matcher = new CuratedMatcher(kb, cached.records, deps.vectors);
      cached.matchers.set(kb, matcher);
    }
    return matcher;
  }

  /** Why these phrasings would clash with another curated answer of the guild, if they would. */
  function clash(cached: Cached, phrasings: readonly string[], kb: KnowledgeBase, except?: number): string | undefined {
    const others = cached.records.filter((r) => r.id !== except);
    for (const p of phrasings) {
      const same = others.find((r) => r.phrasings.some((o) => sameWording(o) === sameWording(p)));
      if (same)
        return `“${echo(p, 60)}” is already curated as #${same.id}. Change that one with /faq edit id:${same.id}.`;
    }
    const matcher = matcherOf(cached, kb, except);
    for (const p of phrasings) {
      const near = matcher.match(p, deps.settings);
      if (near) {
        return `“${echo(p, 60)}” would already be answered by #${near.record.id} (“${echo(near.phrasing, 60)}”). Change that one with /faq edit id:${near.record.id}, or word this differently.`;
      }
    }
    return undefined;
  }

  const notice = (text: string): Reply => ({ text, tone: 'notice', ephemeral: true });
  const unknown = (id: number) => notice(`This server has no curated answer #${id}. /faq list shows them.`);

  return {
    async add(guildId, question, answer, kb) {
      const phrasings = parsePhrasings(question);
      if (!phrasings.ok) return notice(phrasings.problem);
      const text = parseAnswer(answer);
      if (!text.ok) return notice(text.problem);
      return oneAtATime(guildId, async () => {
        // Checked against the store, not the cache: another process may have curated it moments ago.
        const cached = await records(guildId, true);
        if (cached.records.length >= MAX_CURATED_PER_GUILD) {
          return notice(
            `This server has ${MAX_CURATED_PER_GUILD} curated answers, the most it can keep. Remove one first.`,
          );
        }
        const problem = clash(cached, phrasings.value, kb);
        if (problem) return notice(problem);
        const record = await deps.store.addCurated(guildId, phrasings.value, text.value, deps.now());
        cache.delete(guildId);
        return {
          title: `Curated answer #${record.id} added`,
          fields: describe(record),
          tone: 'answer',
          ephemeral: true,
        };
      });
    },

    async list(guildId, page = 1) {
      const { records: all } = await records(guildId);
      if (all.length === 0) {
        return notice('This server has no curated answers yet. Add one with /faq add question:… answer:…');
      }
      const pages = Math.ceil(all.length / LIST_PAGE_SIZE);
      const at = Math.min(Math.max(1, Math.floor(page)), pages);
      const shown = all.slice((at - 1) * LIST_PAGE_SIZE, at * LIST_PAGE_SIZE);
      return {
        title: `Curated answers (${all.length})`,
        text: pages > 1 ? `Page ${at} of ${pages}: /faq list page:${at < pages ? at + 1 : 1} for more.` : undefined,
        fields: shown.map((r) => ({
          name: `#${r.id} · ${clip(r.phrasings[0] ?? '', 90)}`,
          value: summary(r),
          inline: false,
        })),
        tone: 'answer',
        ephemeral: true,
      };
    },

    async remove(guildId, id) {
      if (!storable(id) || !(await deps.store.removeCurated(guildId, id))) return unknown(id);
      cache.delete(guildId);
      return {
        text: `Curated answer #${id} removed; the report answers those questions again.`,
        tone: 'answer',
        ephemeral: true,
      };
    },

    async edit(guildId, id, change, kb) {
      if (change.question === undefined && change.answer === undefined) {
        return notice('Give a new question, a new answer, or both: /faq edit id:3 answer:…');
      }
      if (!storable(id)) return unknown(id);
      return oneAtATime(guildId, async () => {
        const cached = await records(guildId, true);
        const current = cached.records.find((r) => r.id === id);
        if (!current) return unknown(id);
        const phrasings =
          change.question === undefined
            ? { ok: true as const, value: current.phrasings }
            : parsePhrasings(change.question);
        if (!phrasings.ok) return notice(phrasings.problem);
        const text =
          change.answer === undefined ? { ok: true as const, value: current.answer } : parseAnswer(change.answer);
        if (!text.ok) return notice(text.problem);
        const problem = clash(cached, phrasings.value, kb, id);
        if (problem) return notice(problem);
        const updated = await deps.store.updateCurated(
          guildId,
          id,
          { phrasings: phrasings.value, answer: text.value },
          deps.now(),
        );
        cache.delete(guildId);
        if (!updated) return unknown(id);
        return { title: `Curated answer #${id} changed`, fields: describe(updated), tone: 'answer', ephemeral: true };
      });
    },

    async answerFor(guildId, question, kb) {
      const cached = await records(guildId);
      if (cached.records.length === 0) return undefined;
      return matcherOf(cached, kb).match(question, deps.settings);
    },
  };
}

/** Ids are Postgres INTEGERs: a larger number typed into id: names no record, and must not reach the database. */
function storable(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= 2_147_483_647;
}

function describe(record: CuratedAnswer): ReplyField[] {
  return [
    { name: 'Asked as', value: record.phrasings.map((p) => `• ${p}`).join('\n'), inline: false },
    { name: 'Answer', value: record.answer, inline: false },
  ];
}

function summary(record: CuratedAnswer): string {
  const also = record.phrasings.slice(1);
  const lines = also.length ? [`Also: ${clip(also.join(' | '), 300)}`] : [];
  lines.push(`→ ${clip(record.answer.replace(/\s+/g, ' '), 200)}`);
  return lines.join('\n');
}
