import type { AskDeps, AskOptions } from './service.ts';
import '../conversation/service.ts';
import '../faq/service.ts';
import '../insights/service.ts';
import '../handoff/service.ts';
import type { CommandContext } from '../bot/context.ts';

/** What a command's context offers the ask service: the engine, and whichever services the transport supplied. */
export function askDeps(ctx: CommandContext): AskDeps {
  const { faq, conversations, insights, handoff } = ctx.services;
  return {
    engine: ctx.engine,
    ...(handoff ? { handoff } : {}),
    ...(faq ? { faq } : {}),
    ...(conversations ? { conversations } : {}),
    ...(insights ? { insights } : {}),
  };
}

/** The ask options a command's context decides: where it was asked, when, and whether it was overheard. */
export function askedFrom(ctx: CommandContext): Pick<AskOptions, 'guildId' | 'now' | 'overheard' | 'record' | 'asker'> {
  return {
    ...(ctx.user.id ? { asker: ctx.user.id } : {}),
    ...(ctx.guildId ? { guildId: ctx.guildId } : {}),
    now: ctx.now,
    ...(ctx.overheard ? { overheard: true } : {}),
    // Recorded wherever a server is named; the service itself skips a DM.
    record: true,
  };
}
