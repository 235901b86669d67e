import type { MessageCommand } from '../src/bot/command.ts';
import { replyForAnswer } from '../src/reply/fromAnswer.ts';

/** Right-click a message → Apps → Ask the report: answers the question that message asks. */
const askTheReport: MessageCommand = {
  kind: 'message',
  name: 'Ask the report',
  description: 'Answer the question in a message',
  run: ({ content }, ctx) => replyForAnswer(ctx.engine.answer(content), { ephemeral: false }),
};
export default askTheReport;
