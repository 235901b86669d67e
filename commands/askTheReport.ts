import type { MessageCommand } from '../src/bot/command.ts';
import { curatedAsked, curatedReply } from '../src/faq/reply.ts';
import { recordAsked } from '../src/insights/recordAsked.ts';
import { replyForAnswer } from '../src/reply/fromAnswer.ts';

/** Right-click a message → Apps → Ask the report: answers the question that message asks. */
const askTheReport: MessageCommand = {
  kind: 'message',
  name: 'Ask the report',
  description: 'Answer the question in a message',
  run: async ({ content }, ctx) => {
    // A server's curated answer, when one matches closely, wins over the report.
    const curated = await curatedReply(content, ctx, { ephemeral: false });
    if (curated) return recordAsked(curated, curatedAsked(content), content, ctx);
    const answer = ctx.engine.answer(content);
    return recordAsked(replyForAnswer(answer, { ephemeral: false }), answer, content, ctx);
  },
};
export default askTheReport;
