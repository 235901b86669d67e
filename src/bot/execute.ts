import type { Reply } from '../reply/types.ts';
import type { Command } from './command.ts';
import type { CommandContext } from './context.ts';

/** Run a parsed command; admin and owner commands are checked here so every adapter enforces them alike. */
export async function execute(command: Command, args: Record<string, unknown>, ctx: CommandContext): Promise<Reply> {
  if (command.kind === 'message') {
    return command.run(args as { content: string; author: CommandContext['user'] }, ctx);
  }
  if (command.ownerOnly && !ctx.isOwner) {
    return { text: `/${command.name} is for the bot's owner only.`, tone: 'notice', ephemeral: true };
  }
  if (command.adminOnly) {
    if (!ctx.guildId) return { text: `/${command.name} only works in a server.`, tone: 'notice', ephemeral: true };
    if (!ctx.canManageGuild)
      return { text: `/${command.name} needs the Manage Server permission.`, tone: 'notice', ephemeral: true };
  }
  return (command.run as (a: Record<string, unknown>, c: CommandContext) => Reply | Promise<Reply>)(args, ctx);
}
