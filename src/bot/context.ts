import type { AnswerEngine } from '../answer/engine.ts';
import type { Reply, UserRef } from '../reply/types.ts';

/**
 * Services a feature makes available to its commands. The framework knows none of them:
 * each feature adds its own entry by module augmentation, as Sapphire's container does, e.g.
 * `declare module '../../bot/context.ts' { interface Services { daily: DailyService } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the features' declarations
export interface Services {}

/** What a command may know about where it runs; nothing here is tied to a transport. */
export interface CommandContext {
  engine: AnswerEngine;
  user: UserRef;
  guildId?: string;
  /** Whether the caller may manage the server, as the transport reports it. */
  canManageGuild: boolean;
  /** Whether the caller owns the bot's application (the console's user does), as the transport reports it. */
  isOwner?: boolean;
  /**
   * The conversation a question belongs to, so a follow-up is read against the last answer in it:
   * the member and channel in chat, the member for slash commands. None: every question stands alone.
   */
  conversation?: string;
  /** Chat the bot overheard rather than was asked (no mention, not a DM): what it does not answer is not recorded. */
  overheard?: boolean;
  now: Date;
  /** Where the transport can show a reply while it is being made (Discord edits its deferred reply); none elsewhere. */
  progress?: ReplyProgress;
  /** Whatever the running adapter could supply: a console without a store has no daily posts. */
  services: Partial<Services>;
}

/** A reply shown in parts: `begin` when the command knows it will be slow, `show` for each part ready to be seen. */
export interface ReplyProgress {
  begin(): void;
  show(partial: Reply): void;
}
