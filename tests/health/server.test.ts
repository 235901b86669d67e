import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type HealthServer, startHealthServer } from '../../src/health/server.ts';

const servers: HealthServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** Sends a request's header one byte a second; resolves with how long the server kept the connection open. */
function trickle(port: number, giveUpMs: number): Promise<number> {
  const header = `GET /healthz HTTP/1.1\r\nHost: probe\r\nX-Slow: ${'a'.repeat(200)}`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let sent = 0;
    const timer = setInterval(() => {
      if (socket.writable) socket.write(header[sent++ % header.length] ?? 'a');
    }, 1_000);
    const end = () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve(Date.now() - started);
    };
    const giveUp = setTimeout(() => {
      socket.destroy();
      end();
    }, giveUpMs);
    socket.on('data', () => {});
    socket.once('close', end);
    socket.once('error', reject);
  });
}

describe('the health port', () => {
  it('closes a connection that trickles its header a byte a second within seconds, not a minute', async () => {
    const server = await startHealthServer(0, async () => ({
      status: 200,
      body: { ok: true, shards: [], store: { reachable: true } },
    }));
    servers.push(server);

    const openMs = await trickle(server.port, 15_000);

    expect(openMs).toBeLessThan(10_000); // 5 s of header timeout, checked every second, with room for a loaded machine.
    const probe = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(probe.status).toBe(200);
  }, 20_000);
});
