import { type AskDefaults, type AskSettings, effectiveAskSettings } from './effective.ts';
import type { AskSettingsStore } from './store.ts';

/**
 * How long chat serves a server's settings from memory. A change made through this process
 * invalidates at once; another process's change is seen within this time.
 */
export const ASK_SETTINGS_TTL_MS = 30_000;

export interface AskSettingsReader {
  get(guildId: string): Promise<AskSettings>;
  invalidate(guildId: string): void;
}

/** Chat reads settings per message, so they are cached per guild for a short time. */
export function createAskSettingsReader(
  store: Pick<AskSettingsStore, 'getAskSettings'>,
  defaults: AskDefaults,
  options: { ttlMs?: number; now?: () => number } = {},
): AskSettingsReader {
  const ttl = options.ttlMs ?? ASK_SETTINGS_TTL_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { settings: AskSettings; at: number }>();
  return {
    async get(guildId) {
      const hit = cache.get(guildId);
      if (hit && now() - hit.at < ttl) return hit.settings;
      const settings = effectiveAskSettings(await store.getAskSettings(guildId), defaults);
      if (cache.size >= 10_000) cache.clear();
      cache.set(guildId, { settings, at: now() });
      return settings;
    },
    invalidate: (guildId) => void cache.delete(guildId),
  };
}
