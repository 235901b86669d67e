import { suggestQuestions } from '../src/answer/suggestions.ts';
import type { Command } from '../src/bot/command.ts';
import { defineCommand, HIDE } from '../src/bot/command.ts';
import type { CommandContext } from '../src/bot/context.ts';
import type { ReplyField } from '../src/reply/types.ts';

type Listed = Exclude<Command, { kind: 'message' }>;

/** A command as /help lists it: what it does, and how it is typed. */
function commandField(c: Listed): ReplyField {
  return { name: `/${c.name}`, value: [c.description, ...(c.examples ?? []).map((e) => `\`${e}\``)].join('\n') };
}

/**
 * The commands for server admins and the bot's owner: listed in full to those who may use them
 * (admin commands only in a server, where they work), and named in one line to everyone else,
 * so a member knows whom to ask for a curated answer or an ask-channel.
 */
function adminFields(listed: readonly Listed[], ctx: CommandContext): ReplyField[] {
  const admin = listed.filter((c) => c.adminOnly);
  const owner = listed.filter((c) => c.ownerOnly);
  const mayAdmin = ctx.canManageGuild && ctx.guildId !== undefined;
  const fields: ReplyField[] = [];
  if (mayAdmin && admin.length > 0) {
    fields.push(
      { name: 'For server admins', value: 'You have Manage Server here, so these are yours too:' },
      ...admin.map(commandField),
    );
  } else if (admin.length > 0) {
    fields.push({
      name: 'Server admins',
      value: `Members with the Manage Server permission also have ${inWords(admin.map((c) => `/${c.name}`))}, in a server.`,
    });
  }
  if (ctx.isOwner && owner.length > 0) {
    fields.push({ name: "For the bot's owner", value: 'You own this bot, so these are yours too:' });
    fields.push(...owner.map(commandField));
  }
  return fields;
}

/** "a, b and c". */
function inWords(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

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
      const listed = commands().filter((c): c is Listed => c.kind !== 'message');
      return {
        title: 'Ask me about the report',
        text:
          `I answer questions about **${titles}** with the section each answer comes from, and say so when the report doesn't cover something. ` +
          'Use the commands below, mention me with a question, or send me a direct message.',
        fields: [
          ...listed.filter((c) => !c.adminOnly && !c.ownerOnly).map(commandField),
          {
            name: 'Ask the report',
            value: 'Right-click a message → Apps → Ask the report, to answer the question it asks.',
          },
          {
            name: 'Example questions',
            value: ['When was the KIA founded?', ...suggestQuestions(kb, undefined, 3)].map((q) => `• ${q}`).join('\n'),
          },
          ...adminFields(listed, ctx),
        ],
        tone: 'notice',
        ephemeral: hide,
      };
    },
  });
}
