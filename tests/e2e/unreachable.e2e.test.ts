import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { childEnv, nodeTsx, parseLogLine, runChild, tempDir } from './child.ts';
import { makeToken } from './harness.ts';

/** `npm start` with a DISCORD_API_URL that never answers, or refuses: one line naming the setting, well within 15 s. */

/** Accepts connections on loopback and never says a word, like a firewall that swallows packets after the handshake. */
async function silentServer(): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, port, close };
}

async function runAgainst(apiUrl: string, env: Record<string, string> = {}) {
  const dataDir = tempDir();
  const token = makeToken();
  try {
    const run = await runChild(
      ...nodeTsx('src/main.ts'),
      childEnv({ DISCORD_TOKEN: token, DISCORD_API_URL: apiUrl, DATA_DIR: dataDir.path, ...env }),
      // Past this the wait fails the test: the 62 s of silence this replaced would.
      30_000,
    );
    const fatal = run.stderr
      .split('\n')
      .flatMap((line) => parseLogLine(line) ?? [])
      .filter((l) => l.level >= 50);
    return { ...run, fatal, token };
  } finally {
    dataDir.remove();
  }
}

describe.concurrent('an unreachable DISCORD_API_URL', () => {
  it('a host that accepts and never answers: exit 1 with one line naming DISCORD_API_URL and the address', async () => {
    const silent = await silentServer();
    const apiUrl = `http://127.0.0.1:${silent.port}/api`;
    try {
      // The budget is settable, so the test waits 2 s for silence rather than the default 10.
      const startedAt = Date.now();
      const run = await runAgainst(apiUrl, { DISCORD_REQUEST_TIMEOUT_SECONDS: '2' });

      expect(run.code).toBe(1);
      expect(run.fatal).toEqual([
        expect.objectContaining({ level: 60, msg: expect.stringContaining(`${apiUrl} (DISCORD_API_URL)`) }),
      ]);
      expect(run.fatal[0]?.msg).toMatch(/did not answer within 2 s/);
      expect(Date.now() - startedAt).toBeLessThan(10_000);
      expect(run.stderr + run.stdout).not.toContain(run.token);
    } finally {
      await silent.close();
    }
  }, 30_000);

  it('a refused connection: exit 1 with one line saying so', async () => {
    const closed = await silentServer();
    await closed.close(); // Nothing listens on this port any more.
    const apiUrl = `http://127.0.0.1:${closed.port}/api`;

    const run = await runAgainst(apiUrl);

    expect(run.code).toBe(1);
    expect(run.fatal).toEqual([
      expect.objectContaining({
        level: 60,
        msg: `Could not connect to Discord: Discord's API at ${apiUrl} (DISCORD_API_URL) is unreachable: the connection was refused; check the address.`,
      }),
    ]);
  }, 30_000);
});
