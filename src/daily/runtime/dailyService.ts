import type { AutocompleteChoice } from '../../bot/command.ts';
import type { Reply } from '../../reply/types.ts';

/** What /daily needs from the scheduler and the transport; supplied by the running adapter. */
export interface DailyService {
  set(guildId: string, input: { channelId: string; time: string; timezone?: string }): Promise<Reply>;
  off(guildId: string): Promise<Reply>;
  status(guildId: string): Promise<Reply>;
  preview(guildId: string | undefined): Promise<Reply>;
  now(guildId: string): Promise<Reply>;
  timezones(typed: string): AutocompleteChoice[];
}

// The command framework learns of daily posts only here, where the feature registers its service.
declare module '../../bot/context.ts' {
  interface Services {
    daily: DailyService;
  }
}
