import { MAX_QUESTION_LENGTH } from '../src/answer/validate.ts';
import { defineCommand, HIDE, MENTION } from '../src/bot/command.ts';
import type { CommandContext } from '../src/bot/context.ts';
import type { Turn } from '../src/conversation/resolve.ts';
import '../src/conversation/service.ts';
import { curatedAsked, curatedReply } from '../src/faq/reply.ts';
import { askedOf, maybeGenerate, withGeneratedSources } from '../src/generate/maybeGenerate.ts';
import { recordAsked } from '../src/insights/recordAsked.ts';
import { replyForAnswer } from '../src/reply/fromAnswer.ts';

export default defineCommand({
  name: 'ask',
  description: 'Ask a question about the report',
  options: {
    question: {
      type: 'string',
      description: 'Your question, e.g. "When was the KIA founded?"',
      required: true,
      maxLength: MAX_QUESTION_LENGTH,
    },
    hide: HIDE,
    mention: MENTION,
  },
  examples: [
    '/ask question:When was the KIA founded?',
    '/ask question:Which countries have advanced processing capability?',
  ],
  run: async ({ question, hide, mention }, ctx) => {
    // A server's curated answer, when one matches closely, wins over the report.
    const curated = await curatedReply(question, ctx, { mention, ephemeral: hide });
    if (curated) {
      // The next question is not read against the report answer before this one: it stands alone.
      ctx.services.conversations?.forget(ctx.conversation);
      return recordAsked(curated, curatedAsked(question), question, ctx);
    }
    const turn = ask(question, ctx);
    // The engine's answer, unless this server chose generated answers and every generated sentence checks out.
    const answer = await maybeGenerate(turn.answer, ctx);
    const options = { mention, ephemeral: hide, followingUp: turn.followingUp };
    const reply = withGeneratedSources(replyForAnswer(answer, options), answer);
    return recordAsked(reply, askedOf(answer), question, ctx);
  },
});

/** Read against the conversation's last answer when the transport keeps conversations. */
function ask(question: string, ctx: CommandContext): Pick<Turn, 'answer' | 'followingUp'> {
  const conversations = ctx.services.conversations;
  if (!conversations) return { answer: ctx.engine.answer(question) };
  return conversations.ask(ctx.engine, ctx.conversation, question, ctx.now.getTime());
}
