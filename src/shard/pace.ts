/**
 * How fast a launcher may start shards. Discord lets one IDENTIFY per rate-limit key start every
 * 5 s, and shard i has key i % max_concurrency (GET /gateway/bot's session_start_limit). Spawned
 * one after another `delay` apart, shards i and i + max_concurrency start max_concurrency × delay
 * apart, so that product must pass 5 s; with no two shards sharing a key there is nothing to wait for.
 */
export const IDENTIFY_WINDOW_MS = 5_000;
/** discord.js's own spawn delay is 5.5 s: the window plus room for a slow login. */
const MARGIN_MS = 500;

export function spawnDelayMs(shardCount: number, maxConcurrency: number): number {
  const concurrency = Math.max(1, Math.floor(maxConcurrency));
  if (shardCount <= concurrency) return 0;
  return Math.ceil((IDENTIFY_WINDOW_MS + MARGIN_MS) / concurrency);
}

/** SHARD_COUNT=auto: Discord's recommendation, which it already sizes at about 1,000 servers a shard. */
export function shardCountFor(setting: number | 'auto', recommended: number): number {
  return setting === 'auto' ? Math.max(1, recommended) : setting;
}
