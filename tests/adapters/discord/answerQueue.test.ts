/** The turn order and the deferral and shedding decisions of the answer queue. */
import { describe, expect, it } from 'vitest';
import {
  createAnswerQueue,
  deferLaterAfterMs,
  isTooLateToStart,
  nextTurnEstimate,
  OVERLOAD,
  wouldMissBudget,
} from '../../../src/adapters/discord/answerQueue.ts';
import { RESPONSE_WINDOW_MS } from '../../../src/adapters/discord/interactionConstants.ts';

describe('the decisions', () => {
  it('defers only what the queue ahead says would land past the budget', () => {
    expect(wouldMissBudget(0, 0, 2)).toBe(false);
    // An answer landing past the line's budget, counted from the click, is deferred at once.
    expect(wouldMissBudget(0, OVERLOAD.lineBudgetMs - 60, 50)).toBe(false);
    expect(wouldMissBudget(0, OVERLOAD.lineBudgetMs - 40, 50)).toBe(true);
    expect(wouldMissBudget(400, OVERLOAD.lineBudgetMs - 400, 50)).toBe(true);
    expect(wouldMissBudget(OVERLOAD.lineBudgetMs, 0, 1)).toBe(true);
    // Still waiting: deferred when the budget runs out, at once when it already has.
    expect(deferLaterAfterMs(0)).toBe(OVERLOAD.lineBudgetMs);
    expect(deferLaterAfterMs(OVERLOAD.lineBudgetMs - 100)).toBe(100);
    expect(deferLaterAfterMs(OVERLOAD.lineBudgetMs + 500)).toBe(0);
  });

  it('drops an interaction with nothing sent only when its window is nearly over', () => {
    expect(isTooLateToStart(0)).toBe(false);
    expect(isTooLateToStart(RESPONSE_WINDOW_MS - OVERLOAD.shedMarginMs)).toBe(false);
    expect(isTooLateToStart(RESPONSE_WINDOW_MS - OVERLOAD.shedMarginMs + 1)).toBe(true);
  });

  it('moves the turn estimate toward what was measured, a step at a time', () => {
    expect(nextTurnEstimate(2, 2)).toBe(2);
    const moved = nextTurnEstimate(2, 12);
    expect(moved).toBeGreaterThan(2);
    expect(moved).toBeLessThan(12);
  });
});

/** A job that records its start and finishes when told. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  const job = () => {
    log.push(name);
    return done;
  };
  return { job, open };
}

describe('the queue', () => {
  it('starts the oldest first, whatever order they came in', async () => {
    const queue = createAnswerQueue();
    const started: string[] = [];
    const runs = [3, 1, 2].map((t) => queue.run('fresh', t, async () => void started.push(`t${t}`)));
    await Promise.all(runs);
    expect(started).toEqual(['t1', 't2', 't3']);
  });

  it('serves interactions still in their window before deferred ones', async () => {
    const queue = createAnswerQueue();
    const started: string[] = [];
    const runs = [
      queue.run('deferred', 1, async () => void started.push('deferred')),
      queue.run('fresh', 2, async () => void started.push('fresh')),
    ];
    await Promise.all(runs);
    expect(started).toEqual(['fresh', 'deferred']);
  });

  it(`runs at most ${OVERLOAD.concurrency} at once, and the wait it predicts grows with the queue`, async () => {
    const queue = createAnswerQueue();
    const started: string[] = [];
    const gates = Array.from({ length: OVERLOAD.concurrency + 2 }, (_, i) => gate(started, `j${i}`));
    const idle = queue.expectedWaitMs();
    const runs = gates.map((g, i) => queue.run('fresh', i, g.job));
    expect(queue.expectedWaitMs()).toBeGreaterThan(idle);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toHaveLength(OVERLOAD.concurrency);
    for (const g of gates) g.open();
    await Promise.all(runs);
    expect(started).toHaveLength(gates.length);
  });

  it('passes a failing job its error, and carries on with the next', async () => {
    const queue = createAnswerQueue();
    const failed = queue.run('fresh', 1, async () => {
      throw new Error('store gone');
    });
    const next = queue.run('fresh', 2, async () => 'answered');
    await expect(failed).rejects.toThrow('store gone');
    await expect(next).resolves.toBe('answered');
  });
});
