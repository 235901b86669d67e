import type { HealthReport, HealthResponse } from './report.ts';

/**
 * Health over the IPC channel a sharding launcher has with each child, so N shards on one host
 * report through the launcher's one HEALTH_PORT instead of fighting over it.
 */

interface Probe {
  healthProbe: number;
}
interface Answer {
  healthReport: number;
  report: HealthReport;
}

const isProbe = (m: unknown): m is Probe => typeof (m as Probe | null)?.healthProbe === 'number';
const isAnswer = (m: unknown): m is Answer => typeof (m as Answer | null)?.healthReport === 'number';

/** In a child: answer each probe with this process's own report. */
export function answerHealthProbes(
  channel: { on(event: 'message', listener: (m: unknown) => void): unknown; send?: (m: unknown) => unknown },
  check: () => Promise<HealthResponse>,
): void {
  channel.on('message', (message) => {
    if (!isProbe(message)) return;
    void check().then(({ body }) => channel.send?.({ healthReport: message.healthProbe, report: body }));
  });
}

/** The launcher's side of one child: discord.js's Shard has this shape. */
export interface ProbedChild {
  send(message: unknown): Promise<unknown>;
  on(event: 'message', listener: (m: unknown) => void): unknown;
  off(event: 'message', listener: (m: unknown) => void): unknown;
}

let nextProbe = 1;

/** The child's report, or undefined when it does not answer in time (hung, dead, or still starting). */
export function askChild(child: ProbedChild, timeoutMs: number): Promise<HealthReport | undefined> {
  const id = nextProbe++;
  return new Promise((resolve) => {
    const done = (report: HealthReport | undefined) => {
      clearTimeout(timer);
      child.off('message', listener);
      resolve(report);
    };
    const listener = (message: unknown) => {
      if (isAnswer(message) && message.healthReport === id) done(message.report);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    child.on('message', listener);
    child.send({ healthProbe: id }).catch(() => done(undefined));
  });
}
