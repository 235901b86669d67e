import type { ReloadOutcome } from './reloader.ts';

/** What /reload needs: a reload of knowledge/ now, as the folder watcher does on a change. */
export interface KnowledgeService {
  reload(): ReloadOutcome;
}

// The command framework learns of reloading only here, where the feature registers its service.
declare module '../bot/context.ts' {
  interface Services {
    knowledge: KnowledgeService;
  }
}
