import type { ScheduleStore } from '../daily/store.ts';
import type { FaqStore } from '../faq/store.ts';
import type { ForumStore } from '../forum/store.ts';
import type { AnswerModeStore } from '../generate/modeStore.ts';
import type { HandoffStore } from '../handoff/store.ts';
import type { InsightsStore } from '../insights/store.ts';
import type { AskSettingsStore } from '../settings/store.ts';

/**
 * Every feature's store over one opened database: daily posts, forum answers, insights, curated
 * answers and per-server settings. A dialect builds it from one module per feature; the
 * composition root hands each feature this object typed as that feature's own interface.
 */
export type BotStore = ScheduleStore &
  ForumStore &
  InsightsStore &
  FaqStore &
  AskSettingsStore &
  AnswerModeStore &
  HandoffStore &
  StoreHealthProbe;

/** What /healthz asks of the database beyond answering a read. */
export interface StoreHealthProbe {
  /**
   * Resolves once a write committed on the database the bot opened; throws StoreWriteError naming
   * why not (a full disk, a read-only database, a deleted DATA_DIR, a lock held too long).
   */
  probeWrites(): Promise<void>;
}
