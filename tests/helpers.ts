import { commandNamed, commands } from '../commands/index.ts';
import { createAnswerEngine } from '../src/answer/engine.ts';
import type { CommandContext } from '../src/bot/context.ts';
import { execute } from '../src/bot/execute.ts';
import type { Reply } from '../src/reply/types.ts';

/** One engine for every unit test: it is immutable, and building it per test would only slow the suite. */
export const engine = createAnswerEngine();

export function context(extra: Partial<CommandContext> = {}): CommandContext {
  return {
    engine,
    user: { id: '1000', name: 'tester' },
    guildId: '2000',
    canManageGuild: false,
    now: new Date('2026-11-24T12:00:00Z'),
    services: {},
    ...extra,
  };
}

export async function run(
  name: string,
  args: Record<string, unknown> = {},
  ctx: CommandContext = context(),
): Promise<Reply> {
  const command = commandNamed(name);
  if (!command) throw new Error(`no command ${name}`);
  return execute(command, args, ctx);
}

export { commands };
