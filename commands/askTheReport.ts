import { askDeps, askedFrom } from '../src/ask/fromContext.ts';
import { ask } from '../src/ask/service.ts';
import type { MessageCommand } from '../src/bot/command.ts';

/** Right-click a message → Apps → Ask the report: answers the question that message asks. */
const askTheReport: MessageCommand = {
  kind: 'message',
  name: 'Ask the report',
  description: 'Answer the question in a message',
  run: async ({ content }, ctx) => {
    const { reply } = await ask(askDeps(ctx), content, {
      ...askedFrom(ctx),
      // No conversation: the message is often someone else's, so it is not the invoker's next turn,
      // and a follow-up in it would be read against a question its author never asked.
      reply: { ephemeral: false },
    });
    return reply;
  },
};
export default askTheReport;
