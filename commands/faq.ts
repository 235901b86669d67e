import { defineGroup, HIDE } from '../src/bot/command.ts';
import '../src/faq/service.ts';
import { MAX_ANSWER_LENGTH, MAX_PHRASINGS } from '../src/faq/record.ts';
import type { Reply } from '../src/reply/types.ts';

/** The question option's limit: MAX_PHRASINGS phrasings of MAX_PHRASING_LENGTH, with their separators. */
const QUESTION_MAX = 1000;

const QUESTION = {
  type: 'string',
  description: `How members ask it; up to ${MAX_PHRASINGS} phrasings separated by |`,
  maxLength: QUESTION_MAX,
} as const;
const ANSWER = {
  type: 'string',
  description: `The answer members get, at most ${MAX_ANSWER_LENGTH.toLocaleString('en-US')} characters`,
  maxLength: MAX_ANSWER_LENGTH,
} as const;
const id = { type: 'integer', description: 'The number /faq list shows', required: true } as const;

/**
 * This server's curated answers: when a member's question matches one closely, it answers
 * instead of the report. Manage Server only, and per server.
 */
export default defineGroup({
  name: 'faq',
  description: "This server's curated answers, given instead of the report's (Manage Server)",
  adminOnly: true,
  examples: [
    '/faq add question:Where are the rules? | What are the server rules? answer:Read #rules before posting.',
    '/faq list',
    '/faq edit id:1 answer:Read #rules and #faq before posting.',
    '/faq remove id:1',
  ],
  subcommands: {
    add: {
      description: 'Curate an answer to a question members ask',
      options: { question: { ...QUESTION, required: true }, answer: { ...ANSWER, required: true }, hide: HIDE },
    },
    list: {
      description: "This server's curated answers",
      options: { page: { type: 'integer', description: 'Which page of the list' }, hide: HIDE },
    },
    edit: {
      description: 'Change the phrasings or the answer of a curated answer',
      options: { id, question: QUESTION, answer: ANSWER, hide: HIDE },
    },
    remove: { description: 'Remove a curated answer; the report answers again', options: { id, hide: HIDE } },
  },
  run: async (args, ctx): Promise<Reply> => {
    const faq = ctx.services.faq;
    if (!faq) return { text: 'Curated answers are not available here.', tone: 'notice', ephemeral: true };
    const guildId = ctx.guildId!;
    switch (args.subcommand) {
      case 'add':
        return faq.add(guildId, args.question, args.answer, ctx.engine.kb);
      case 'list':
        return faq.list(guildId, args.page);
      case 'edit':
        return faq.edit(guildId, args.id, { question: args.question, answer: args.answer }, ctx.engine.kb);
      case 'remove':
        return faq.remove(guildId, args.id);
    }
  },
});
