import type { BotStore } from './botStore.ts';
import { openPostgresStoreAt, type StoreLogger } from './postgres/open.ts';
import { openSqliteStore } from './sqlite/open.ts';

/** The part of the configuration that chooses the store (config.ts). */
export interface StoreSettings {
  dataDir: string;
  /** Postgres when set, so several hosts share one database; otherwise SQLite in dataDir. */
  databaseUrl?: string;
}

/**
 * The one place that opens a backend: the configured dialect, migrated, with every feature's
 * store over it. Throws StoreOpenError naming where (never a password).
 */
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
