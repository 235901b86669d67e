import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerHealthProbes, askChild, type ProbedChild } from '../../src/health/ipc.ts';
import { combine, type HealthReport, healthOf, type ShardHealth } from '../../src/health/report.ts';
import { healthHandler } from '../../src/health/server.ts';

const ready = (id: number): ShardHealth => ({ id, status: 'Ready', pingMs: 40 });
const reachable = () => Promise.resolve(undefined);

describe('the /healthz report', () => {
  it('is 200 when every shard is Ready and the store answered', async () => {
    const r = await healthOf({ shards: () => [ready(0), ready(1)], store: reachable });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, shards: [ready(0), ready(1)], store: { reachable: true } });
  });

  it('is 503 while a shard is not Ready, or before any shard exists', async () => {
    const resuming = await healthOf({
      shards: () => [ready(0), { id: 1, status: 'Resuming', pingMs: null }],
      store: reachable,
    });
    expect(resuming.status).toBe(503);
    expect(resuming.body.ok).toBe(false);
    expect((await healthOf({ shards: () => [], store: reachable })).status).toBe(503);
  });

  it('is 503 when the store fails, giving its code and never its message (which may hold the URL)', async () => {
    const refused = Object.assign(new Error('connect postgres://bot:hunter2@db:5432 refused'), {
      code: 'ECONNREFUSED',
    });
    const r = await healthOf({ shards: () => [ready(0)], store: () => Promise.reject(refused) });
    expect(r.status).toBe(503);
    expect(r.body.store).toEqual({ reachable: false, error: 'ECONNREFUSED' });
    expect(JSON.stringify(r.body)).not.toContain('hunter2');
  });

  it('a process without a gateway (HTTP interactions only) is judged by its store alone', async () => {
    expect((await healthOf({ store: reachable })).status).toBe(200);
    expect((await healthOf({ store: () => Promise.reject(new Error('down')) })).status).toBe(503);
  });

  it('a shard probe that throws counts as no shard: 503', async () => {
    const r = await healthOf({
      shards: () => {
        throw new Error('client gone');
      },
      store: reachable,
    });
    expect(r.status).toBe(503);
  });

  it('is 503 when the store hangs, within the timeout', async () => {
    const started = Date.now();
    const r = await healthOf({ shards: () => [ready(0)], store: () => new Promise(() => undefined) }, 100);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(r).toMatchObject({ status: 503, body: { store: { reachable: false, error: 'timed out after 100 ms' } } });
  });

  it('the launcher’s view: a silent child is unresponsive, a missing one not started, any store down is down', () => {
    const report = (id: number, store = { reachable: true, latencyMs: 3 }): HealthReport => ({
      ok: true,
      shards: [ready(id)],
      store,
    });
    expect(
      combine(
        [0, 1],
        new Map([
          [0, report(0)],
          [1, report(1)],
        ]),
      ).status,
    ).toBe(200);
    const silent = combine(
      [0, 1],
      new Map([
        [0, report(0)],
        [1, undefined],
      ]),
    );
    expect(silent).toMatchObject({ status: 503, body: { shards: [ready(0), { id: 1, status: 'unresponsive' }] } });
    const missing = combine(
      [0, 1, 2],
      new Map([
        [0, report(0)],
        [1, report(1)],
      ]),
    );
    expect(missing.body.shards[2]).toEqual({ id: 2, status: 'not started', pingMs: null });
    const storeDown = combine(
      [0, 1],
      new Map([
        [0, report(0)],
        [1, report(1, { reachable: false } as never)],
      ]),
    );
    expect(storeDown).toMatchObject({ status: 503, body: { store: { reachable: false } } });
  });
});

describe('health over the launcher’s IPC channel', () => {
  /** Two ends of one channel, as fork() gives the launcher and a child. */
  function channel(): { parent: ProbedChild; child: EventEmitter & { send(m: unknown): void } } {
    const toChild = new EventEmitter();
    const toParent = new EventEmitter();
    const child = Object.assign(toChild, {
      send: (m: unknown) => void setImmediate(() => toParent.emit('message', m)),
    });
    const parent: ProbedChild = {
      send: (m) => Promise.resolve(void setImmediate(() => toChild.emit('message', m))),
      on: (e, l) => toParent.on(e, l),
      off: (e, l) => toParent.off(e, l),
    };
    return { parent, child };
  }

  it('a child answers the probe with its own report', async () => {
    const { parent, child } = channel();
    answerHealthProbes(child, () => healthOf({ shards: () => [ready(3)], store: reachable }));
    expect(await askChild(parent, 1_000)).toMatchObject({ ok: true, shards: [ready(3)] });
  });

  it('a child that does not answer gives undefined after the timeout', async () => {
    const { parent } = channel();
    expect(await askChild(parent, 50)).toBeUndefined();
  });
});

describe('healthHandler', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function serve(status: 200 | 503): Promise<string> {
    const handle = healthHandler(() =>
      healthOf({ shards: () => [ready(0)], store: status === 200 ? reachable : () => Promise.reject(new Error('x')) }),
    );
    server = createServer((req, res) => void handle(req, res).then((done) => done || res.writeHead(404).end()));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('answers GET /healthz with the report as JSON and its status, and leaves other paths to the host server', async () => {
    const base = await serve(503);
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ ok: false, store: { reachable: false, error: 'Error' } });
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('200 when healthy', async () => {
    const base = await serve(200);
    expect((await fetch(`${base}/healthz?verbose`)).status).toBe(200);
  });
});
