import { canListProcesses, leftoverProcesses } from './e2e/leftovers.ts';

/**
 * Vitest global setup: after the whole run, no process a test started may still be running
 * (a bot left listening with its DATA_DIR deleted). Those found are killed, and the run fails
 * naming them.
 */
export function setup(): void {}

export async function teardown(): Promise<void> {
  if (!canListProcesses()) {
    console.warn('Leftover-process check skipped: /proc is not available here.');
    return;
  }
  // A group just sent SIGKILL needs a moment to be reaped.
  const deadline = Date.now() + 5_000;
  let left = leftoverProcesses();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    left = leftoverProcesses();
  }
  if (left.length === 0) return;
  for (const { pid } of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  // Vitest reports an error thrown here but still exits 0: the exit code is set so the run fails.
  process.exitCode = 1;
  throw new Error(
    `${left.length} process(es) started by the tests outlived them (now killed):\n${left.map((p) => `  ${p.pid} ${p.command}`).join('\n')}`,
  );
}
