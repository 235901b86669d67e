import { describe, expect, it } from 'vitest';
import { fatalCloseMessage } from '../../src/adapters/discord/bot.ts';
import { botEnv, nodeTsx } from './child.ts';
import { makeToken } from './harness.ts';
import { useProcesses } from './useProcesses.ts';

/** `npm start` when Discord ends a live session for good: one clear line, and a non-zero exit a supervisor sees. */

const STARTUP_MS = 20_000;
const started = useProcesses();

describe('npm start, then a fatal gateway close', () => {
  it('4004 mid-session logs one fatal line naming the developer portal and exits 1', async () => {
    const token = makeToken();
    const fake = await started.fake({ token });
    const dataDir = started.tempDir();
    const child = started.start(
      ...nodeTsx('src/main.ts'),
      botEnv({ token, apiUrl: fake.apiUrl, dataDir: dataDir.path }),
    );
    await child.waitForLog('connected to Discord', STARTUP_MS);

    fake.closeGateway(4004, 'Authentication failed.');
    const code = await child.exited;

    expect(code).toBe(1);
    expect(child.logs().filter((l) => l.level >= 40)).toEqual([
      expect.objectContaining({ level: 60, msg: fatalCloseMessage(4004) }),
    ]);
    expect(child.stderr() + child.stdout()).not.toContain(token);
  }, 30_000);
});
