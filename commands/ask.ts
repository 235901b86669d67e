import type { Answer } from '../src/answer/types.ts';
import { MAX_QUESTION_LENGTH } from '../src/answer/validate.ts';
import { askDeps, askedFrom } from '../src/ask/fromContext.ts';
import { ask } from '../src/ask/service.ts';
import { defineCommand, HIDE, MENTION } from '../src/bot/command.ts';
import { maybeGenerate } from '../src/generate/maybeGenerate.ts';

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
    // The engine's answer, unless this server chose generated answers and every generated sentence checks out.
    const generate = (answer: Answer) => maybeGenerate(answer, ctx);
    const { reply } = await ask({ ...askDeps(ctx), generate }, question, {
      ...askedFrom(ctx),
      // Slash commands and chat keep conversations where the transport names one.
      conversation: ctx.conversation,
      reply: { mention, ephemeral: hide },
    });
    return reply;
  },
});
