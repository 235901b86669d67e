import { suggestQuestions } from '../src/answer/suggestions.ts';
import type { Command } from '../src/bot/command.ts';
import { defineCommand, HIDE } from '../src/bot/command.ts';

/** /help lists the commands it is given, so it cannot drift from the registry. */
export function makeHelp(commands: () => readonly Command[]) {
  return defineCommand({
    name: 'help',
    description: 'What this bot can do, with example questions',
    options: { hide: HIDE },
    examples: ['/help'],
    run: ({ hide }, ctx) => {
      const { kb } = ctx.engine;
      const titles = kb.reports.map((r) => r.title).join(', ');
      return {
        title: 'Ask me about the report',
        text:
          `I answer questions about **${titles}** with the section each answer comes from, and say so when the report doesn't cover something. ` +
          'Use the commands below, mention me with a question, or send me a direct message.',
        fields: [
          ...commands()
            .filter((c) => c.kind !== 'message' && !c.adminOnly)
            .map((c) => ({
              name: `/${c.name}`,
              value: [c.description, ...(c.kind !== 'message' ? (c.examples ?? []) : []).map((e) => `\`${e}\``)].join(
                '\n',
              ),
            })),
          {
            name: 'Ask the report',
            value: 'Right-click a message → Apps → Ask the report, to answer the question it asks.',
          },
          {
            name: 'Example questions',
            value: ['When was the KIA founded?', ...suggestQuestions(kb, undefined, 3)].map((q) => `• ${q}`).join('\n'),
          },
          {
            name: 'Server admins',
            value: '`/daily set channel:#news time:09:00 timezone:Asia/Kolkata` posts a summary every day.',
          },
        ],
        tone: 'notice',
        ephemeral: hide,
      };
    },
  });
}
