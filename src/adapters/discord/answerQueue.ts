import { RESPONSE_WINDOW_MS } from './interactionConstants.ts';
import { INTERACTION_REQUESTS_PER_SECOND } from './restPolicy.ts';

/**
 * Overload without collapse. A burst of interactions arrives faster than the bot can answer it;
 * run them all at once and every answer lands at the end, after the window of most of them has
 * closed. Run one at a time, oldest first, and between any two let the event loop send what is
 * ready, and answers stream out from the first one. Each interaction is sent a deferral only when
 * the queue ahead of it says its answer would land too late (OVERLOAD's two budgets): a deferral costs a second
 * request (the callback now, the edit later), so deferring everything spends a burst's CPU twice
 * over. One that waited so long its window is nearly over, with nothing sent,
 * is dropped: the command would run for an answer Discord will refuse.
 */
export const OVERLOAD = {
  /**
   * An interaction whose answer is estimated to land later than this after the click is deferred at
   * once, or when it is still waiting then, so that a member in a burst sees a first response soon.
   * Measured with npm run soak (fake validation off, this 2-core machine): at 2,200 ms a burst of
   * 1,000 had its first responses at p99 1.1 s; at 700 ms, 0.68 s, and 3,000 at p99 1.5 s, each
   * answer then an unthrottled edit. Counting only the wait in line, not the time since the click,
   * gave 0.9 s and 1.8 s: in a burst the gateway's delivery is much of the delay. An interaction
   * replayed a second late after a reconnect is deferred too, and answered by the edit.
   */
  lineBudgetMs: 700,
  /**
   * A command that is slow once started (a database waiting on another process's lock) is deferred
   * when its answer would land later than this after the click, if DEFER_AFTER_MS has not come first:
   * its slowness is its own, not the line's, and Discord's window is 3 s.
   */
  windowBudgetMs: 2_200,
  /**
   * An interaction with nothing sent is dropped when less than this is left of its window when its
   * turn comes: the command, the reply's trip and Discord's clock uncertainty would not fit in it.
   */
  shedMarginMs: 400,
  /** Commands started but not finished at once; they await the database, so one at a time would idle the CPU. */
  concurrency: 4,
  /**
   * What one command's turn is taken to cost until one has been measured. A burst arrives before
   * any is: too high a guess defers interactions that would have been answered in time, and each
   * deferral costs a callback now and an edit within the 50/s limit later; too low a guess lets a
   * whole burst wait past the budget, to be deferred all at once (or dropped). A memoised /ask took
   * about 1.5 ms of the bot's CPU in all (gateway, command, reply) in the soak; the first measure
   * replaces this guess.
   */
  initialTurnMs: 1.5,
  /** Weight of the newest measure in the moving average of turn lengths: high enough to learn within a burst. */
  smoothing: 0.2,
  /**
   * Turns measured together: the busy time they took over their number. One gap between two turns
   * can hold a whole batch of gateway events (the arrivals, not the queue's pace); over a few turns it
   * evens out into the rate the queue drains at.
   */
  turnsPerMeasure: 8,
  /**
   * Answers to deferred interactions computed per second at most: each is one edit of the
   * interaction's reply, sent outside the bot-wide 50-a-second limit (Discord does not apply it to
   * interaction routes, see restPolicy.ts), so the pace is the edit client's own bound. At 40 a
   * second, the pace of that limit, a burst of 3,000 had its last answers 40 s after the click.
   */
  deferredPerSecond: INTERACTION_REQUESTS_PER_SECOND,
} as const;

export type Lane = 'fresh' | 'deferred';

/** Whether an interaction, `ageMs` old on arrival, is deferred at once: its answer would land past the line's budget. */
export function wouldMissBudget(ageMs: number, waitMs: number, turnMs: number): boolean {
  return ageMs + waitMs + turnMs > OVERLOAD.lineBudgetMs;
}

/** After how long from its arrival an interaction still waiting for its turn is deferred. */
export function deferLaterAfterMs(ageMs: number): number {
  return Math.max(0, OVERLOAD.lineBudgetMs - ageMs);
}

/** Whether an interaction with nothing sent, `ageMs` old by Discord's clock, is too late to start. */
export function isTooLateToStart(ageMs: number): boolean {
  return ageMs > RESPONSE_WINDOW_MS - OVERLOAD.shedMarginMs;
}

/** The moving average of turn lengths after one more turn. */
export function nextTurnEstimate(current: number, measured: number): number {
  return current + OVERLOAD.smoothing * (measured - current);
}

interface Job {
  /** The click, for oldest-first order; any clock, as long as one queue uses one. */
  createdAt: number;
  start: () => void;
}

export interface AnswerQueue {
  /** Runs `job` in its turn: fresh interactions oldest first, then deferred ones within their pace. */
  run<T>(lane: Lane, createdAt: number, job: () => Promise<T>): Promise<T>;
  /** How long a job queued now in the fresh lane would wait before it starts, in milliseconds. */
  expectedWaitMs(): number;
  /** The current estimate of one turn, in milliseconds. */
  turnMs(): number;
}

/** Inserts keeping the lane sorted by click time; a burst arrives nearly in order, so this is mostly a push. */
function insertByAge(lane: Job[], job: Job): void {
  let at = lane.length;
  while (at > 0 && lane[at - 1]!.createdAt > job.createdAt) at--;
  lane.splice(at, 0, job);
}

export function createAnswerQueue(options: { now?: () => number } = {}): AnswerQueue {
  const now = options.now ?? Date.now;
  const lanes: Record<Lane, Job[]> = { fresh: [], deferred: [] };
  let running = 0;
  let turn: number = OVERLOAD.initialTurnMs;
  let guessed = true;
  /** Since when the queue has been busy in this measure, and how many turns finished in it. */
  let measureStart: number | undefined;
  let measured = 0;
  let pumping = false;
  let nextDeferredAt = 0;
  /** Whether a timer will pump again when the deferred lane's pace next allows. */
  let paceTimer = false;

  function finished(): void {
    running--;
    const at = now();
    measured++;
    if (measureStart !== undefined && measured >= OVERLOAD.turnsPerMeasure) {
      const measure = (at - measureStart) / measured;
      turn = guessed ? measure : nextTurnEstimate(turn, measure);
      guessed = false;
      measureStart = at;
      measured = 0;
    }
    // Idle: the time until the next job arrives is not the queue's.
    if (running === 0 && lanes.fresh.length + lanes.deferred.length === 0) {
      measureStart = undefined;
      measured = 0;
    }
    schedule();
  }

  /** The next job allowed to start now, if any. */
  function take(): Job | undefined {
    if (lanes.fresh.length > 0) return lanes.fresh.shift();
    if (lanes.deferred.length === 0) return undefined;
    const at = now();
    if (at < nextDeferredAt) {
      if (!paceTimer) {
        paceTimer = true;
        setTimeout(() => {
          paceTimer = false;
          schedule();
        }, nextDeferredAt - at);
      }
      return undefined;
    }
    nextDeferredAt = Math.max(nextDeferredAt, at - 1_000) + 1_000 / OVERLOAD.deferredPerSecond;
    return lanes.deferred.shift();
  }

  /**
   * One start per turn of the event loop (setImmediate runs after I/O): the replies of the jobs
   * before it go out before the next command takes the CPU.
   */
  function schedule(): void {
    if (pumping) return;
    pumping = true;
    setImmediate(() => {
      pumping = false;
      if (running >= OVERLOAD.concurrency) return;
      const job = take();
      if (!job) return;
      running++;
      measureStart ??= now();
      job.start();
      schedule();
    });
  }

  return {
    run(lane, createdAt, job) {
      return new Promise((resolve, reject) => {
        insertByAge(lanes[lane], {
          createdAt,
          start: () => {
            job().then(resolve, reject).finally(finished);
          },
        });
        schedule();
      });
    },
    expectedWaitMs: () => (lanes.fresh.length + running) * turn,
    turnMs: () => turn,
  };
}
