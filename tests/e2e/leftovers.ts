import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { ROOT } from './child.ts';

/**
 * Processes the tests of this checkout started and left behind: their working directory is this
 * checkout and their DATA_DIR (or arguments) a test folder (report-bot-e2e-…). Other checkouts'
 * tests, and a bot a developer runs here by hand, are not theirs and are not listed.
 */

export const TEST_DIR_MARK = 'report-bot-e2e-';

export interface Leftover {
  pid: number;
  command: string;
}

/** Whether this system lists processes under /proc (Linux); elsewhere the check is skipped. */
export function canListProcesses(): boolean {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined; // Gone meanwhile, or another user's.
  }
}

/** The test processes still running, optionally only those whose environment or arguments hold `mark`. */
export function leftoverProcesses(mark = TEST_DIR_MARK, root = ROOT): Leftover[] {
  const found: Leftover[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      continue;
    }
    if (cwd !== root) continue;
    const args = read(`/proc/${pid}/cmdline`)?.split('\0').join(' ').trim() ?? '';
    const environ = read(`/proc/${pid}/environ`) ?? '';
    if (args === '' || !(args.includes(mark) || environ.includes(mark))) continue;
    found.push({ pid, command: args });
  }
  return found;
}
