import { afterEach, describe, expect, it } from 'vitest';
import { fatalCloseMessage } from '../../src/adapters/discord/bot.ts';
import type { Child } from './child.ts';
import { childEnv, parseLogLine, startChild, TSX, tempDir } from './child.ts';
import { FakeDiscord } from './fake/index.ts';
import { makeToken } from './harness.ts';

/** `npm start` when Discord ends a live session for good: one clear line, and a non-zero exit a supervisor sees. */

const STARTUP_MS = 20_000;

let fake: FakeDiscord | undefined;
let child: Child | undefined;
let dataDir: ReturnType<typeof tempDir> | undefined;

afterEach(async () => {
  await child?.kill();
  await fake?.close();
  dataDir?.remove();
  child = fake = dataDir = undefined;
});

describe('npm start, then a fatal gateway close', () => {
  it('4004 mid-session logs one fatal line naming the developer portal and exits 1', async () => {
    const token = makeToken();
    fake = await FakeDiscord.start({ token });
    dataDir = tempDir();
    child = startChild(
      TSX,
      ['src/main.ts'],
      childEnv({ DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir.path }),
    );
    await child.waitForLine((line) => parseLogLine(line)?.msg === 'connected to Discord', STARTUP_MS);

    fake.closeGateway(4004, 'Authentication failed.');
    const code = await child.exited;

    expect(code).toBe(1);
    const logs = child
      .stderr()
      .split('\n')
      .flatMap((line) => parseLogLine(line) ?? []);
    expect(logs.filter((l) => l.level >= 40)).toEqual([
      expect.objectContaining({ level: 60, msg: fatalCloseMessage(4004) }),
    ]);
    expect(child.stderr() + child.stdout()).not.toContain(token);
  }, 30_000);
});
