import { type Client, Status } from 'discord.js';
import type { ShardHealth } from '../../health/report.ts';
import type { ShardSet } from '../../shard/ownership.ts';

/**
 * The shards a client runs, as discord.js resolved them from its options or from the SHARDS and
 * SHARD_COUNT that ShardingManager sets. Undefined when it runs every shard ('auto', or one of one).
 */
export function shardSetOf(client: Client): ShardSet | undefined {
  const { shards, shardCount } = client.options;
  if (!Array.isArray(shards) || typeof shardCount !== 'number' || shardCount <= 1) return undefined;
  return { ids: shards, count: shardCount };
}

/** Each shard's gateway state for /healthz, by discord.js's own names (Ready, Connecting, Resuming, ...). */
export function gatewayHealth(client: Client): ShardHealth[] {
  return [...client.ws.shards.values()].map((shard) => ({
    id: shard.id,
    status: Status[shard.status] ?? String(shard.status),
    pingMs: shard.ping >= 0 ? shard.ping : null,
  }));
}
