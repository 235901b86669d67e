/**
 * Which shard a guild belongs to, by Discord's own formula: the snowflake's timestamp bits
 * modulo the shard count (https://discord.com/developers/docs/events/gateway#sharding).
 * It is decided by the id alone, never by whether the guild is in a cache yet, so every
 * process agrees on the owner before any GUILD_CREATE has arrived.
 */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The shards one process runs, out of how many the whole bot runs. */
export interface ShardSet {
  ids: readonly number[];
  count: number;
}

/**
 * Whether the process running `shards` owns a guild. Direct messages (no guild) belong to shard 0,
 * where Discord delivers them. `undefined` shards means one process runs every shard: it owns all.
 * An id that is not a snowflake is owned by nobody, so a malformed one is never acted on twice.
 */
export function ownsGuild(shards: ShardSet | undefined, guildId: string | null | undefined): boolean {
  if (shards === undefined || shards.count <= 1) return true;
  if (guildId === null || guildId === undefined) return shards.ids.includes(0);
  if (!/^\d{1,20}$/.test(guildId)) return false;
  return shards.ids.includes(shardOf(guildId, shards.count));
}
