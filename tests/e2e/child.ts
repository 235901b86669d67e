import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The project's own scripts run as real processes, as an operator would run them. */

export const ROOT = resolve(import.meta.dirname, '../..');

/**
 * `node --import tsx <script> [args]`, for startChild, as the npm scripts run it: the script is then
 * the process itself, so a signal sent to it reaches it (tsx's own CLI runs the script in a child
 * of its own, which killing the wrapper leaves running).
 */
export function nodeTsx(script: string, ...args: string[]): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', script, ...args]];
}

/**
 * An environment that cannot pick up the developer's settings: dotenv never overrides a
 * variable that is set, so every setting the app reads is set here, empty when unused.
 */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const blank = [
    'DISCORD_TOKEN',
    'DISCORD_API_URL',
    'DISCORD_CLIENT_ID',
    'GUILD_ID',
    'ASK_CHANNEL_IDS',
    'ASK_COOLDOWN_SECONDS',
    'DAILY_CHANNEL_ID',
    'DAILY_TIME',
    'DAILY_TIMEZONE',
    // A developer's own database must never receive a test's schedules.
    'DATABASE_URL',
    'INTERACTIONS_PORT',
    'DISCORD_PUBLIC_KEY',
    // A developer's sharding and health settings would change what a test starts.
    'SHARD_COUNT',
    'HEALTH_PORT',
    // The tests read the JSON logs; a developer's LOG_FORMAT=pretty would hide them.
    'LOG_FORMAT',
  ];
  return {
    ...process.env,
    ...Object.fromEntries(blank.map((name) => [name, ''])),
    LOG_LEVEL: 'info',
    NO_COLOR: '1',
    ...overrides,
  };
}

/**
 * childEnv for the bot: Discord (the fake, or a proxy in front of it) at `apiUrl`, its files in
 * `dataDir`, and a gateway session only when given a token.
 */
export function botEnv(
  bot: { token?: string; apiUrl: string; dataDir: string },
  more: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return childEnv({
    ...(bot.token === undefined ? {} : { DISCORD_TOKEN: bot.token }),
    DISCORD_API_URL: bot.apiUrl,
    DATA_DIR: bot.dataDir,
    ...more,
  });
}

export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'report-bot-e2e-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface Child {
  readonly process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first output line (stdout or stderr) matching, including earlier ones. */
  waitForLine(predicate: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** waitForLine for the first log line whose msg is `msg` (or matches it). */
  waitForLog(msg: string | RegExp, timeoutMs: number): Promise<string>;
  /** Every log line on stderr so far. */
  logs(): LogRecord[];
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** The exit code, or 'still running' if it has not exited within `timeoutMs`. */
  exitedWithin(timeoutMs: number): Promise<number | string>;
  /** Kills it if it is still running; for cleanup after a failed assertion. */
  kill(): Promise<void>;
}

/**
 * Starts `command` in a process group of its own (detached), so that ending it ends everything it
 * started too: a wrapper's child, a launcher's shards. kill() signals the whole group.
 */
export function startChild(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out = { stdout: '', stderr: '' };
  const lines: string[] = [];
  const waiters = new Set<{ predicate: (line: string) => boolean; resolve: (line: string) => void }>();
  const collect = (stream: 'stdout' | 'stderr') => {
    let partial = '';
    child[stream]?.setEncoding('utf8').on('data', (chunk: string) => {
      out[stream] += chunk;
      partial += chunk;
      const complete = partial.split('\n');
      partial = complete.pop() ?? '';
      for (const line of complete) {
        lines.push(line);
        for (const waiter of waiters) {
          if (!waiter.predicate(line)) continue;
          waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    });
  };
  collect('stdout');
  collect('stderr');
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? -1)),
  );
  let running = true;
  void exited.then(() => (running = false));

  const self: Child = {
    process: child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exited,
    waitForLog: (msg, timeoutMs) => self.waitForLine((line) => logMsgMatches(line, msg), timeoutMs),
    logs: () => logRecords(out.stderr),
    async exitedWithin(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<string>((resolveLate) => {
        timer = setTimeout(() => resolveLate('still running'), timeoutMs);
      });
      try {
        return await Promise.race([exited, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    waitForLine(predicate, timeoutMs) {
      const existing = lines.find(predicate);
      if (existing !== undefined) return Promise.resolve(existing);
      return new Promise((resolveLine, reject) => {
        const waiter = {
          predicate,
          resolve: (line: string) => {
            clearTimeout(timer);
            resolveLine(line);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `Timed out after ${timeoutMs} ms waiting for a line.\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
        // A process that dies first will never print it.
        void exited.then((code) => {
          if (!waiters.delete(waiter)) return;
          clearTimeout(timer);
          reject(
            new Error(`Exited (${code}) before printing the line.\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`),
          );
        });
      });
    },
    async kill() {
      // Even after the leader has exited, what it started may still run in its group.
      killGroup(child.pid);
      if (running) await exited;
    },
  };
  return self;
}

/** SIGKILL to every process in the group `pid` leads; a group already gone is fine. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Runs to completion; fails the wait (not the process) after `timeoutMs`. */
export async function runChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 20_000,
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = startChild(command, args, env);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${command} ${args.join(' ')} did not finish in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    const code = await Promise.race([child.exited, timeout]);
    return { code, stdout: child.stdout(), stderr: child.stderr() };
  } finally {
    clearTimeout(timer);
    await child.kill();
  }
}

/** One pino log line, parsed. */
export type LogRecord = { level: number; msg?: string; [key: string]: unknown };

/** One pino JSON line from the app's stderr, or undefined for anything else. */
export function parseLogLine(line: string): LogRecord | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as LogRecord;
  } catch {
    return undefined;
  }
}

/** Every pino line of a process's output, in order; other lines are left out. */
export function logRecords(output: string): LogRecord[] {
  return output.split('\n').flatMap((line) => parseLogLine(line) ?? []);
}

function logMsgMatches(line: string, msg: string | RegExp): boolean {
  const logged = parseLogLine(line)?.msg;
  if (logged === undefined) return false;
  return typeof msg === 'string' ? logged === msg : msg.test(logged);
}

/** Polls `probe` every 100 ms until it gives a value (not undefined); fails after `timeoutMs`, naming `what`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
