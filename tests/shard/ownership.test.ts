import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { ownsGuild, shardOf } from '../../src/shard/ownership.ts';
import { shardCountFor, spawnDelayMs } from '../../src/shard/pace.ts';

describe('shardOf: Discord’s (guild_id >> 22) % shard_count', () => {
  // Expected values worked out separately as floor(id / 2^22) mod n.
  it.each([
    ['81384788765712384', [0, 0, 1, 8, 698, 698]],
    ['41771983423143937', [0, 0, 0, 4, 934, 1934]],
    ['222078108977594368', [0, 0, 1, 2, 192, 2192]],
    ['1100000000000000001', [0, 1, 1, 1, 11, 2011]],
  ])('%s', (guildId, expected) => {
    expect([1, 2, 3, 10, 1000, 2500].map((n) => shardOf(guildId, n))).toEqual(expected);
  });

  it('is exact past 2^53, where Number arithmetic would round the id', () => {
    // Two ids one apart in the timestamp bits, both beyond Number.MAX_SAFE_INTEGER.
    const a = ((2n ** 60n) | 5n).toString();
    const b = ((2n ** 60n + (1n << 22n)) | 5n).toString();
    expect(shardOf(b, 2)).toBe((shardOf(a, 2) + 1) % 2);
  });
});

describe('ownsGuild', () => {
  const shard1of2 = { ids: [1], count: 2 };

  it('one process running every shard owns every guild and DM', () => {
    expect(ownsGuild(undefined, '81384788765712384')).toBe(true);
    expect(ownsGuild(undefined, null)).toBe(true);
    expect(ownsGuild({ ids: [0], count: 1 }, '1100000000000000001')).toBe(true);
  });

  it('a shard owns exactly the guilds the formula gives it', () => {
    expect(ownsGuild(shard1of2, '1100000000000000001')).toBe(true);
    expect(ownsGuild(shard1of2, '81384788765712384')).toBe(false);
    expect(ownsGuild({ ids: [0, 1], count: 2 }, '81384788765712384')).toBe(true);
  });

  it('DMs (no guild) belong to shard 0, where Discord sends them', () => {
    expect(ownsGuild({ ids: [0], count: 2 }, null)).toBe(true);
    expect(ownsGuild(shard1of2, undefined)).toBe(false);
  });

  it('an id that is not a snowflake is nobody’s, rather than a crash', () => {
    expect(ownsGuild(shard1of2, 'abc')).toBe(false);
    expect(ownsGuild({ ids: [0], count: 2 }, '12; DROP')).toBe(false);
  });
});

describe('starting shards', () => {
  it('waits only when two shards share an IDENTIFY bucket (i % max_concurrency)', () => {
    expect(spawnDelayMs(2, 2)).toBe(0);
    expect(spawnDelayMs(2, 1)).toBe(5_500);
    // 32 shards at 16 at once: shards i and i+16 start 16 × 344 ms = 5.5 s apart.
    expect(spawnDelayMs(32, 16) * 16).toBeGreaterThanOrEqual(5_000);
    expect(spawnDelayMs(4, 0)).toBe(5_500);
  });

  it('SHARD_COUNT=auto takes Discord’s recommendation; a number is taken as given', () => {
    expect(shardCountFor('auto', 3)).toBe(3);
    expect(shardCountFor('auto', 0)).toBe(1);
    expect(shardCountFor(4, 1)).toBe(4);
  });
});

describe('SHARD_COUNT, SHARDS and HEALTH_PORT', () => {
  const problemsOf = (env: NodeJS.ProcessEnv) => {
    const r = readConfig(env);
    return r.ok ? [] : r.problems;
  };

  it('defaults to auto, no health port, and one process owning everything', () => {
    const r = readConfig({});
    expect(r.ok && r.config.shardCount).toBe('auto');
    expect(r.ok && r.config.healthPort).toBeUndefined();
    expect(r.ok && r.config.shards).toBeUndefined();
  });

  it('reads a number of shards, AUTO in any case, a port, and the SHARDS a ShardingManager child gets', () => {
    const r = readConfig({ SHARD_COUNT: '4', HEALTH_PORT: '8080', SHARDS: '3' });
    expect(r.ok && r.config).toMatchObject({ shardCount: 4, healthPort: 8080, shards: { ids: [3], count: 4 } });
    expect(readConfig({ SHARD_COUNT: 'AUTO' })).toMatchObject({ ok: true, config: { shardCount: 'auto' } });
    expect(readConfig({ SHARD_COUNT: '2', SHARDS: '[0,1]' })).toMatchObject({ config: { shards: { ids: [0, 1] } } });
  });

  it.each(['abc', '0', '-1', '2.5', '1e3', '99999'])('refuses SHARD_COUNT=%s, naming it', (value) => {
    expect(problemsOf({ SHARD_COUNT: value })).toEqual([
      `SHARD_COUNT must be "auto" or a whole number of shards from 1 to 4096, got "${value}".`,
    ]);
  });

  it.each(['http', '0', '65536', '80.5'])('refuses HEALTH_PORT=%s', (value) => {
    expect(problemsOf({ HEALTH_PORT: value })).toEqual([
      `HEALTH_PORT must be a port number from 1 to 65535, got "${value}".`,
    ]);
  });

  it('refuses SHARDS outside SHARD_COUNT, or with SHARD_COUNT=auto', () => {
    expect(problemsOf({ SHARD_COUNT: '2', SHARDS: '2' })).toEqual([
      'SHARDS must be a shard id from 0 to 1 (or a JSON array of them), got "2".',
    ]);
    expect(problemsOf({ SHARD_COUNT: '2', SHARDS: 'one' })).toHaveLength(1);
    expect(problemsOf({ SHARDS: '0' })).toEqual([
      'SHARDS is set, so SHARD_COUNT must be the whole number of shards the bot runs, not "auto".',
    ]);
  });
});
