import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This process's name on its claims: host, pid, and a random tag, since a container restarted
 * in place comes back on the same host name with the same pid (often 1).
 */
export function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Whether `owner` (another claim's processOwner()) is known to have stopped: it ran on this
 * host and its pid is not running, or its pid is ours but it is not us (an earlier life of this
 * container). Anything else, another host above all, is presumed alive until its lease ends.
 */
export function ownerGone(owner: string, self: string): boolean {
  if (owner === self) return false;
  const [host, pidText] = owner.split(':');
  const [selfHost] = self.split(':');
  const pid = Number(pidText);
  if (host !== selfHost || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: a live process we may not signal.
    return (error as { code?: string }).code === 'ESRCH';
  }
}
