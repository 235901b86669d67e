import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ownerGone, processOwner } from '../../../src/daily/runtime/owner.ts';

describe('claim owners', () => {
  const self = processOwner();

  it('name the host and pid, and differ between two lives of one pid', () => {
    expect(self).toMatch(new RegExp(`^${hostname()}:${process.pid}:[0-9a-f]{8}$`));
    expect(processOwner()).not.toBe(self);
  });

  it('a process on this host that has exited is gone', () => {
    const exited = spawnSync(process.execPath, ['-e', '']).pid;
    expect(ownerGone(`${hostname()}:${exited}:00000000`, self)).toBe(true);
  });

  it('an earlier life with our pid (a container restarted in place) is gone', () => {
    expect(ownerGone(`${hostname()}:${process.pid}:deadbeef`, self)).toBe(true);
  });

  it('we, a live process here, another host, or a name we cannot read are presumed alive', () => {
    expect(ownerGone(self, self)).toBe(false);
    // Another scheduler in this same process.
    expect(ownerGone(processOwner(), self)).toBe(false);
    expect(ownerGone(`${hostname()}:${process.ppid}:00000000`, self)).toBe(false);
    expect(ownerGone(`some-other-host:${process.pid}:00000000`, self)).toBe(false);
    expect(ownerGone('console', self)).toBe(false);
  });

  it("an older version's claim ('host:pid', sent without a nonce) is never taken for gone early", () => {
    const exited = spawnSync(process.execPath, ['-e', '']).pid;
    expect(ownerGone(`${hostname()}:${exited}`, self)).toBe(false);
  });
});
