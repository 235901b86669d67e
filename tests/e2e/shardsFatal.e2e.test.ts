import { afterEach, expect, it } from 'vitest';
import type { Child } from './child.ts';
import { childEnv, parseLogLine, startChild, tempDir } from './child.ts';
import { FakeDiscord, snowflakeOnShard } from './fake/index.ts';
import { makeToken } from './harness.ts';

/** npm run start:shards when a shard cannot go on: the launcher stops instead of restarting it forever. */

const LAUNCHER = [process.execPath, ['--import', 'tsx', 'src/shards.ts']] as const;

let fake: FakeDiscord | undefined;
let launcher: Child | undefined;
let dataDir: ReturnType<typeof tempDir> | undefined;

afterEach(async () => {
  await launcher?.kill();
  await fake?.close();
  dataDir?.remove();
});

it('a token reset under running shards ends the launcher with status 1 after 3 exits, and no token in the logs', async () => {
  const token = makeToken();
  const guilds = [0, 1].map((shard) => ({ id: snowflakeOnShard(shard, 2) }));
  fake = await FakeDiscord.start({ token, guilds, recommendedShards: 2, maxConcurrency: 2 });
  dataDir = tempDir();
  launcher = startChild(
    LAUNCHER[0],
    [...LAUNCHER[1]],
    childEnv({ DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir.path, SHARD_COUNT: '2' }),
  );
  await launcher.waitForLine((line) => parseLogLine(line)?.msg === 'all shards ready', 30_000);

  // The token is reset in the developer portal: Discord ends the sessions and refuses the old token.
  fake.options.token = makeToken();
  fake.closeGateway(4004, 'Authentication failed.');
  const code = await Promise.race([launcher.exited, new Promise((r) => setTimeout(() => r('still running'), 30_000))]);

  expect(code).toBe(1);
  const logs = launcher
    .stderr()
    .split('\n')
    .flatMap((line) => parseLogLine(line) ?? []);
  expect(logs.filter((l) => l.msg === 'shard exited; starting it again').length).toBeGreaterThanOrEqual(2);
  expect(logs).toContainEqual(
    expect.objectContaining({ level: 60, msg: expect.stringMatching(/^shard \d exited 3 times within 60 s/) }),
  );
  // Each shard said why in its own words.
  expect(logs).toContainEqual(expect.objectContaining({ level: 60, msg: expect.stringContaining('close code 4004') }));
  expect(launcher.stdout() + launcher.stderr()).not.toContain(token);
}, 45_000);
