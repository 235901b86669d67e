import { afterEach } from 'vitest';
import { type Child, startChild, tempDir } from './child.ts';
import { FakeDiscord, type FakeDiscordOptions } from './fake/index.ts';

type TempDir = ReturnType<typeof tempDir>;

export interface ProcessTest {
  /** startChild, killed after the test if still running. */
  start(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Child;
  /** A fake Discord, closed after the test. */
  fake(options: FakeDiscordOptions): Promise<FakeDiscord>;
  /** A temporary folder, removed after the test. */
  tempDir(): TempDir;
  /** `thing`, ended by `close` after the test. */
  own<T>(thing: T, close: (thing: T) => unknown): T;
}

/**
 * What each test of real processes starts, ended after it: the processes first (killed if still
 * running, as after a failed assertion), then the rest newest first (a proxy before its fake).
 */
export function useProcesses(): ProcessTest {
  const children: Child[] = [];
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) await child.kill();
    for (const close of closers.splice(0).reverse()) await close();
  });
  const own = <T>(thing: T, close: (thing: T) => unknown): T => {
    closers.push(() => close(thing));
    return thing;
  };
  return {
    start(command, args, env) {
      const child = startChild(command, [...args], env);
      children.push(child);
      return child;
    },
    fake: async (options) => own(await FakeDiscord.start(options), (fake) => fake.close()),
    tempDir: () => own(tempDir(), (dir) => dir.remove()),
    own,
  };
}
