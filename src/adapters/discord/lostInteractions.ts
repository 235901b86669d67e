import type { Logger } from 'pino';

/**
 * Interactions the bot could not answer in Discord's window. In an overload they come by the
 * thousand, and a line (with a stack) for each is more work at the worst moment and buries the
 * log: one warn line says how many, at most once per LOST_LOG_INTERVAL_MS.
 */
export const LOST_LOG_INTERVAL_MS = 10_000;

/** Why an interaction went unanswered. */
export type LostReason =
  /** Discord answered 10062 Unknown interaction: the window had closed when the response arrived. */
  | 'expired'
  /** Its turn came with too little of the window left to run the command: it was not run. */
  | 'shed';

export type LostCounter = (reason: LostReason) => void;

export function createLostCounter(logger: Logger, now: () => number = Date.now): LostCounter {
  const total: Record<LostReason, number> = { expired: 0, shed: 0 };
  let pending: Record<LostReason, number> = { expired: 0, shed: 0 };
  let lastLine = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;

  function flush(): void {
    timer = undefined;
    if (pending.expired + pending.shed === 0) return;
    lastLine = now();
    logger.warn(
      { lost: pending, lostInAll: total },
      `${pending.expired + pending.shed} interactions not answered in Discord's 3 s window (${pending.expired} refused as expired, 10062; ${pending.shed} not started, too late by their turn): the bot is overloaded or its clock is off`,
    );
    pending = { expired: 0, shed: 0 };
  }

  return (reason) => {
    total[reason]++;
    pending[reason]++;
    const wait = lastLine + LOST_LOG_INTERVAL_MS - now();
    if (wait <= 0) flush();
    else if (!timer) {
      timer = setTimeout(flush, wait);
      // A count still to be told never keeps the process alive.
      timer.unref();
    }
  };
}

const counters = new WeakMap<Logger, LostCounter>();

/** One counter per logger, so every path that shares a log shares its count. */
export function lostCounterFor(logger: Logger): LostCounter {
  let counter = counters.get(logger);
  if (!counter) {
    counter = createLostCounter(logger);
    counters.set(logger, counter);
  }
  return counter;
}
