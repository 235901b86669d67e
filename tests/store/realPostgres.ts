/**
 * A throwaway PostgreSQL server for tests: initdb into a temp folder, started with pg_ctl on
 * 127.0.0.1 at a free port, fsync off, stopped and deleted afterwards. Tests that need it skip
 * (with `skipReason`) where the binaries are not installed; nothing is installed for them.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../freePort.ts';

const run = promisify(execFile);

/** Where Debian's postgresql-15 package puts the server binaries; PG_BIN overrides it. */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** initdb refuses to run as root, so as root the server runs as this user. */
const SERVER_USER = 'postgres';
const START_TIMEOUT_S = 20;
const PORT_ATTEMPTS = 3;

export interface RealPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres, trust authentication. */
  url: string;
  port: number;
  /** How long initdb and the start took. */
  startMs: number;
  stop(): Promise<void>;
}

/** Why a real server cannot be started here, or undefined when it can. */
export const skipReason: string | undefined = findSkipReason();

function findSkipReason(): string | undefined {
  const missing = ['initdb', 'pg_ctl', 'postgres'].filter((b) => !existsSync(path.join(PG_BIN, b)));
  if (missing.length > 0) {
    return `no PostgreSQL server binaries (${missing.join(', ')}) in ${PG_BIN} (set PG_BIN, or install the postgresql package); real-server tests skipped`;
  }
  if (process.getuid?.() === 0 && serverUser() === undefined) {
    return `running as root, and there is no "${SERVER_USER}" user to run initdb as; real-server tests skipped`;
  }
  return undefined;
}

function serverUser(): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${SERVER_USER}:`));
    const [, , uid, gid] = line?.split(':') ?? [];
    return uid === undefined || gid === undefined ? undefined : { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

/** `command` run as the server user when we are root, else as ourselves. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', SERVER_USER, '--', command, ...args]] : [command, args];
}

export async function startPostgres(): Promise<RealPostgres> {
  if (skipReason !== undefined) throw new Error(skipReason);
  const started = Date.now();
  const base = mkdtempSync(path.join(tmpdir(), 'daily-pg-'));
  const data = path.join(base, 'data');
  const log = path.join(base, 'server.log');
  const user = process.getuid?.() === 0 ? serverUser() : undefined;
  if (user !== undefined) chownSync(base, user.uid, user.gid);
  const pgCtl = path.join(PG_BIN, 'pg_ctl');
  try {
    await run(
      ...asServerUser(path.join(PG_BIN, 'initdb'), [
        '-D',
        data,
        '-U',
        'postgres',
        '--auth=trust',
        '--encoding=UTF8',
        '--no-sync',
        '--no-instructions',
      ]),
    );
    // The port is free when chosen but could be taken before the server binds it: try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = `-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c listen_addresses=127.0.0.1 -p ${port} -k ${base}`;
      try {
        await run(
          ...asServerUser(pgCtl, ['start', '-D', data, '-l', log, '-w', '-t', String(START_TIMEOUT_S), '-o', options]),
        );
      } catch (error) {
        if (attempt < PORT_ATTEMPTS) continue;
        throw new Error(`${(error as Error).message}\n${readLog(log)}`);
      }
      const stop = async () => {
        try {
          await run(...asServerUser(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w']));
        } finally {
          rmSync(base, { recursive: true, force: true });
        }
      };
      return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, startMs: Date.now() - started, stop };
    }
  } catch (error) {
    try {
      execFileSync(...asServerUser(pgCtl, ['stop', '-D', data, '-m', 'immediate']), { stdio: 'ignore' });
    } catch {
      // It never started.
    }
    rmSync(base, { recursive: true, force: true });
    throw error;
  }
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '(no server log)';
  }
}
