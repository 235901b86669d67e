import type { FaqStore } from '../../faq/store.ts';
import type { ForumStore } from '../../forum/store.ts';
import type { AnswerModeStore } from '../../generate/modeStore.ts';
import type { InsightsStore } from '../../insights/store.ts';
import type { AskSettingsStore } from '../../settings/store.ts';
import { openPostgresStoreAt, type StoreLogger } from './postgresStore.ts';
import { openSqliteStore } from './sqliteStore.ts';
import type { ScheduleStore } from './store.ts';

/** Every store the bot opens: daily posts, forum answers, curated answers and per-server settings. */
export type BotStore = ScheduleStore & ForumStore & InsightsStore & FaqStore & AskSettingsStore & AnswerModeStore;

/** The part of the configuration that chooses the store (config.ts). */
export interface StoreSettings {
  dataDir: string;
  /** Postgres when set, so several hosts share one database; otherwise SQLite in dataDir. */
  databaseUrl?: string;
}

/** Opens the configured store, migrated. Throws StoreOpenError naming where (never a password). */
export async function openStore(settings: StoreSettings, logger?: StoreLogger): Promise<BotStore> {
  if (settings.databaseUrl !== undefined) return openPostgresStoreAt(settings.databaseUrl, { logger });
  return openSqliteStore({ dataDir: settings.dataDir });
}

/**
 * The setting an operator should check when the store will not open. StoreOpenError already
 * shows the URL (without its password), so only DATA_DIR, which it extends to a file, is quoted.
 */
export function storeSettingHint(settings: StoreSettings): string {
  if (settings.databaseUrl !== undefined) return 'check DATABASE_URL';
  return `check DATA_DIR (now "${settings.dataDir}")`;
}
