import { expect, it } from 'vitest';
import { botEnv, nodeTsx } from './child.ts';
import { snowflakeOnShard } from './fake/index.ts';
import { makeToken } from './harness.ts';
import { useProcesses } from './useProcesses.ts';

/** npm run start:shards when a shard cannot go on: the launcher stops instead of restarting it forever. */

const LAUNCHER = nodeTsx('src/shards.ts');
const started = useProcesses();

it('a token reset under running shards ends the launcher with status 1 after 3 exits, and no token in the logs', async () => {
  const token = makeToken();
  const guilds = [0, 1].map((shard) => ({ id: snowflakeOnShard(shard, 2) }));
  const fake = await started.fake({ token, guilds, recommendedShards: 2, maxConcurrency: 2 });
  const dataDir = started.tempDir();
  const launcher = started.start(
    ...LAUNCHER,
    botEnv({ token, apiUrl: fake.apiUrl, dataDir: dataDir.path }, { SHARD_COUNT: '2' }),
  );
  await launcher.waitForLog('all shards ready', 30_000);

  // The token is reset in the developer portal: Discord ends the sessions and refuses the old token.
  fake.options.token = makeToken();
  fake.closeGateway(4004, 'Authentication failed.');
  const code = await launcher.exitedWithin(30_000);

  expect(code).toBe(1);
  const logs = launcher.logs();
  expect(logs.filter((l) => l.msg === 'shard exited; starting it again').length).toBeGreaterThanOrEqual(2);
  expect(logs).toContainEqual(
    expect.objectContaining({ level: 60, msg: expect.stringMatching(/^shard \d exited 3 times within 60 s/) }),
  );
  // Each shard said why in its own words.
  expect(logs).toContainEqual(expect.objectContaining({ level: 60, msg: expect.stringContaining('close code 4004') }));
  expect(launcher.stdout() + launcher.stderr()).not.toContain(token);
}, 45_000);
