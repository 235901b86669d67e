import type { CommandContext } from '../bot/context.ts';
import type { Reply } from '../reply/types.ts';
import type { Asked } from './service.ts';
import './service.ts';

/**
 * Records a question the bot answered or refused, for /insights, and gives an answered reply its
 * 👍/👎. Only in a server (a DM has no admins to read it), and chat the bot merely overheard is
 * recorded only when it was answered, since only then did the bot say anything. `asked` is the
 * engine's answer, or what a curated reply says of itself.
 */
export async function recordAsked(reply: Reply, asked: Asked, typed: string, ctx: CommandContext): Promise<Reply> {
  const insights = ctx.services.insights;
  if (!insights || !ctx.guildId || (ctx.overheard && !asked.answered)) return reply;
  // As typed, since admins curate what members write; a follow-up ("and Japan?") as the engine spelled it out.
  const question = reply.followingUp ? asked.question : typed;
  const record = await insights.recordQuestion(ctx.guildId, { ...asked, question }, ctx.now);
  return record && asked.answered ? { ...reply, feedback: { record } } : reply;
}
