import { defineCommand, HIDE } from '../src/bot/command.ts';
import { summaryReply } from '../src/summary/summaryReply.ts';

export default defineCommand({
  name: 'summary',
  description: 'The report in brief: headline, key findings, key numbers and timeline',
  options: { hide: HIDE },
  examples: ['/summary'],
  run: ({ hide }, ctx) => ({ ...summaryReply(ctx.engine.kb), ephemeral: hide }),
});
