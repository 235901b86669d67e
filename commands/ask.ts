import { MAX_QUESTION_LENGTH } from '../src/answer/validate.ts';
import { defineCommand, HIDE, MENTION } from '../src/bot/command.ts';
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
  run: ({ question, hide, mention }, ctx) => replyForAnswer(ctx.engine.answer(question), { mention, ephemeral: hide }),
});
