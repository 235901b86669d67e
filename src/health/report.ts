/**
 * What /healthz answers, built from probes so any transport can serve it: the gateway process,
 * the sharding launcher (from its children's reports) and an HTTP interactions server alike.
 */

export interface ShardHealth {
  id: number;
  /** discord.js's name for the gateway state: Ready, Connecting, Resuming, ...; or 'unresponsive', 'not started'. */
  status: string;
  /** The last heartbeat round trip; null before the first one. */
  pingMs: number | null;
}

export interface StoreHealth {
  reachable: boolean;
  latencyMs?: number;
  /** A short cause (an error code or 'timed out'), never a message that might hold a connection string. */
  error?: string;
}

export interface HealthReport {
  ok: boolean;
  shards: ShardHealth[];
  store: StoreHealth;
}

export interface HealthResponse {
  status: 200 | 503;
  body: HealthReport;
}

export interface HealthProbes {
  /** Each shard this process runs, as its gateway client reports it. Absent in a process without a gateway (HTTP interactions only). */
  shards?(): readonly ShardHealth[];
  /** Resolves when one cheap query through the store succeeds. */
  store(): Promise<unknown>;
}

export const READY = 'Ready';
/** An orchestrator's probe usually gives up after a few seconds; answer well before. */
export const STORE_PROBE_TIMEOUT_MS = 2_000;

/**
 * Healthy only when every shard is Ready and the store answered: an orchestrator should not route to
 * less. `undefined` shards: a process without a gateway, judged by its store alone.
 */
export function verdict(shards: readonly ShardHealth[] | undefined, store: StoreHealth): HealthResponse {
  const gatewayOk = shards === undefined || (shards.length > 0 && shards.every((s) => s.status === READY));
  const ok = gatewayOk && store.reachable;
  return { status: ok ? 200 : 503, body: { ok, shards: [...(shards ?? [])], store } };
}

export async function probeStore(
  probe: () => Promise<unknown>,
  timeoutMs = STORE_PROBE_TIMEOUT_MS,
  now: () => number = Date.now,
): Promise<StoreHealth> {
  const started = now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([probe().then(() => 'ok' as const), timeout]);
    if (outcome === 'timeout') return { reachable: false, error: `timed out after ${timeoutMs} ms` };
    return { reachable: true, latencyMs: now() - started };
  } catch (error) {
    return { reachable: false, error: causeOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Driver errors carry a code (ECONNREFUSED, 57P01, SQLITE_BUSY); their messages may quote the URL. */
function causeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[\w.-]{1,40}$/.test(code)) return code;
  return error instanceof Error ? error.name : 'error';
}

export async function healthOf(probes: HealthProbes, timeoutMs = STORE_PROBE_TIMEOUT_MS): Promise<HealthResponse> {
  let shards: readonly ShardHealth[] | undefined;
  try {
    shards = probes.shards?.();
  } catch {
    shards = [];
  }
  return verdict(shards, await probeStore(probes.store, timeoutMs));
}

/**
 * The launcher's view: every shard it should run, from its children's reports. A child that did
 * not answer shows its shards as unresponsive; the store is reachable only if every child reached it.
 */
export function combine(
  expectedIds: readonly number[],
  reports: ReadonlyMap<number, HealthReport | undefined>,
): HealthResponse {
  const shards: ShardHealth[] = [];
  const stores: StoreHealth[] = [];
  for (const id of expectedIds) {
    const report = reports.get(id);
    if (!reports.has(id)) {
      shards.push({ id, status: 'not started', pingMs: null });
      continue;
    }
    if (report === undefined) {
      shards.push({ id, status: 'unresponsive', pingMs: null });
      continue;
    }
    shards.push(...report.shards.filter((s) => s.id === id));
    if (!report.shards.some((s) => s.id === id)) shards.push({ id, status: 'not started', pingMs: null });
    stores.push(report.store);
  }
  const down = stores.find((s) => !s.reachable);
  const store: StoreHealth =
    stores.length === 0
      ? { reachable: false, error: 'no shard answered' }
      : (down ?? { reachable: true, latencyMs: Math.max(...stores.map((s) => s.latencyMs ?? 0)) });
  return verdict(shards, store);
}
