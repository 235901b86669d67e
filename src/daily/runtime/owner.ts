import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Names this process has handed out: several schedulers may share one process. */
const minted = new Set<string>();

/**
 * This process's name on its claims: host, pid, and a random tag, since a container restarted
 * in place comes back on the same host name with the same pid (often 1).
 */
export function processOwner(): string {
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  minted.add(owner);
  return owner;
}

/**
 * Whether `owner` (another claim's processOwner()) is known to have stopped: it ran on this
 * host and its pid is not running, or its pid is ours but this process never used the name (an
 * earlier life of this container). Anything else, another host above all, is presumed alive
 * until its lease ends.
 */
export function ownerGone(owner: string, self: string): boolean {
  if (owner === self) return false;
  const [host, pidText, tag] = owner.split(':');
  const [selfHost] = self.split(':');
  const pid = Number(pidText);
  // 'host:pid' is an older version's claim, made without a nonce: it waits out its lease.
  if (tag === undefined || host !== selfHost || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return !minted.has(owner);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: a live process we may not signal.
    return (error as { code?: string }).code === 'ESRCH';
  }
}
