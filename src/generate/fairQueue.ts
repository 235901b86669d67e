/**
 * At most `limit` tasks at once, and waiting tasks taken round-robin across keys (Discord servers),
 * so one busy server's burst cannot hold every other server's questions behind it.
 */
export class FairQueue {
  private running = 0;
  /** Waiting tasks per key, keys in the order their turn comes. */
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    let n = 0;
    for (const q of this.waiting.values()) n += q.length;
    return n;
  }

  /**
   * Runs `task` when a slot is free. A signal aborted while waiting gives up the place and
   * rejects, so a question past its deadline never takes a slot.
   */
  run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        signal?.removeEventListener('abort', onAbort);
        this.running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.next();
          });
      };
      const onAbort = () => {
        const q = this.waiting.get(key);
        const i = q?.indexOf(start) ?? -1;
        if (q && i >= 0) q.splice(i, 1);
        if (q && q.length === 0) this.waiting.delete(key);
        reject(signal?.reason ?? new Error('aborted'));
      };
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
      if (this.running < this.limit) return start();
      signal?.addEventListener('abort', onAbort, { once: true });
      const q = this.waiting.get(key);
      if (q) q.push(start);
      else this.waiting.set(key, [start]);
    });
  }

  private next(): void {
    const first = this.waiting.entries().next();
    if (first.done) return;
    const [key, q] = first.value;
    const start = q.shift()!;
    // The key goes to the back of the line: the next slot is another server's.
    this.waiting.delete(key);
    if (q.length > 0) this.waiting.set(key, q);
    start();
  }
}
