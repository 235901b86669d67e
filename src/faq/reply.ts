import type { CommandContext } from '../bot/context.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { LIMITS } from '../reply/limits.ts';
import type { Reply, UserRef } from '../reply/types.ts';
import { clip } from '../text/clip.ts';
import { stripBidiControls } from '../text/echo.ts';
import type { CuratedMatch } from './match.ts';
import type { FaqService } from './service.ts';

/** The source line of every curated answer, where a report answer names its section. */
export const CURATED_SOURCE = "Curated by this server's admins";
/** The kind /insights records a curated answer as, beside the engine's 'passage', 'cell', … */
export const CURATED_KIND = 'curated';

/** What /insights records of a curated answer (src/insights/recordAsked.ts): answered, by the admins. */
export function curatedAsked(question: string) {
  return { question, answered: true, kind: CURATED_KIND, source: CURATED_SOURCE };
}

/**
 * A curated answer as a reply. It is rendered like any answer: in an embed, where nothing
 * pings, under allowed mentions that name at most the member it is addressed to. The admins'
 * Markdown is kept; bidi controls are not, so an answer cannot reorder the text around it.
 */
export function replyForCurated(
  question: string,
  match: CuratedMatch,
  options: { mention?: UserRef; ephemeral?: boolean } = {},
): Reply {
  return {
    title: clip(stripBidiControls(question).replace(/\s+/g, ' ').trim(), LIMITS.title),
    text: stripBidiControls(match.record.answer),
    source: CURATED_SOURCE,
    mention: options.mention,
    ephemeral: options.ephemeral,
    tone: 'answer',
    answered: true,
  };
}

/**
 * The guild's curated answer to `question`, as a reply, when one matches closely. A store that
 * cannot be read must not cost members their answer: it is undefined then, and the report answers.
 */
export async function curatedAnswer(
  faq: FaqService,
  guildId: string,
  question: string,
  kb: KnowledgeBase,
  options: { mention?: UserRef; ephemeral?: boolean } = {},
): Promise<Reply | undefined> {
  const match = await faq.answerFor(guildId, question, kb).catch(() => undefined);
  return match && replyForCurated(question, match, options);
}

/** The server's curated answer to `question`, as a reply, when one matches closely; otherwise the report answers. */
export async function curatedReply(
  question: string,
  ctx: CommandContext,
  options: { mention?: UserRef; ephemeral?: boolean } = {},
): Promise<Reply | undefined> {
  const faq = ctx.services.faq;
  if (!faq || !ctx.guildId) return undefined;
  return curatedAnswer(faq, ctx.guildId, question, ctx.engine.kb, options);
}
