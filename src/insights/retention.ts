/** FEEDBACK_RETENTION_DAYS when unset. */
export const DEFAULT_RETENTION_DAYS = 90;
export const MAX_RETENTION_DAYS = 3650;
const DAY_MS = 86_400_000;

/** Records made before this instant are past retention and purged. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** The start of an /insights period of `days` days ending now. */
export function periodStart(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

export interface PurgeTimer {
  stop(): void;
}

/**
 * Purges once at once (a bot restarted daily would otherwise never reach its first tick), then
 * every `everyMs`. A failed purge is reported and retried at the next tick; the timer never keeps
 * the process alive on its own.
 */
export function startPurgeTimer(
  purge: () => Promise<unknown>,
  onError: (error: unknown) => void,
  everyMs: number = DAY_MS,
): PurgeTimer {
  const run = () => void purge().catch(onError);
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
