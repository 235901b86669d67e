import type { Conversations } from './conversations.ts';

// The command framework learns of follow-ups only here, where the feature registers its service.
declare module '../bot/context.ts' {
  interface Services {
    conversations: Conversations;
  }
}
