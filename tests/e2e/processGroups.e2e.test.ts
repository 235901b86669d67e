import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../freePort.ts';
import { botEnv, type Child, childEnv, ROOT, until } from './child.ts';
import { embedOf, makeToken, replyOf } from './harness.ts';
import { canListProcesses, leftoverProcesses } from './leftovers.ts';
import { useProcesses } from './useProcesses.ts';

/** Processes end with what started them: in tests (process groups) and under `npm start` (signals). */

const STARTUP_MS = 20_000;

/**
 * Sends `signal` to npm's own process, then waits for npm to exit, for every process with `dataDir`
 * in its environment to be gone, and for the script's `shutdownLine`: a clean stop, not a kill.
 */
async function signalAndWait(npm: Child, signal: NodeJS.Signals, dataDir: string, shutdownLine: string): Promise<void> {
  npm.process.kill(signal);
  // npm ends itself with the signal it passed on, once its script has exited.
  expect(await npm.exitedWithin(10_000)).not.toBe('still running');
  await until(
    'every process npm started to exit',
    () => (leftoverProcesses(dataDir).length === 0 ? true : undefined),
    10_000,
  );
  // npm can exit before the last of its script's output has been read here.
  const logged = () => (npm.logs().some((l) => l.msg === shutdownLine) ? true : undefined);
  await until(`the line "${shutdownLine}"`, logged, 5_000);
}
const started = useProcesses();

describe.skipIf(!canListProcesses())('process hygiene', () => {
  it("ending a started process ends its whole group, a wrapper's child included", async () => {
    const dir = started.tempDir();
    const idle = join(dir.path, 'idle.ts');
    writeFileSync(idle, 'setInterval(() => {}, 1_000);\n');
    // tsx's CLI runs the script in a child of its own: the case that used to outlive the tests.
    const wrapper = started.start(join(ROOT, 'node_modules/.bin/tsx'), [idle], childEnv({ DATA_DIR: dir.path }));
    await until(
      'the wrapper and its child',
      () => (leftoverProcesses(dir.path).length >= 2 ? true : undefined),
      10_000,
    );

    await wrapper.kill();

    await until('the group to be gone', () => (leftoverProcesses(dir.path).length === 0 ? true : undefined), 3_000);
  }, 20_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    "npm start: %s to npm's process shuts the bot down cleanly and leaves no process behind",
    async (signal) => {
      const token = makeToken();
      const fake = await started.fake({ token });
      const dataDir = started.tempDir();
      const npm = started.start('npm', ['start'], botEnv({ token, apiUrl: fake.apiUrl, dataDir: dataDir.path }));
      await npm.waitForLog('connected to Discord', STARTUP_MS);
      expect(
        embedOf(await replyOf(fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' })))
          .description,
      ).toContain('1961');
      expect(leftoverProcesses(dataDir.path).length).toBeGreaterThan(0);

      await signalAndWait(npm, signal, dataDir.path, 'shutting down');
      expect(npm.logs().filter((l) => l.level >= 50)).toEqual([]);
      expect(fake.gatewayEvents.some((e) => e.kind === 'close' && e.by === 'client')).toBe(true);
    },
    40_000,
  );

  it("npm run proxy: SIGTERM to npm's process stops the proxy and leaves no process behind", async () => {
    const dir = started.tempDir();
    const proxy = started.start(
      'npm',
      ['run', 'proxy'],
      childEnv({
        PROXY_PORT: String(await freePort()),
        PROXY_UPSTREAM_URL: 'http://127.0.0.1:9/api',
        DATA_DIR: dir.path,
      }),
    );
    await proxy.waitForLog('REST proxy listening', STARTUP_MS);

    await signalAndWait(proxy, 'SIGTERM', dir.path, 'REST proxy shutting down');
  }, 40_000);
});
