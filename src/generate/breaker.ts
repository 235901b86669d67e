import { GENERATION } from './limits.ts';

/**
 * Stops calling a failing server: after `failuresToOpen` failures in a row it refuses every call
 * for `openMs`, then lets one through; a success closes it. Time is passed in, so tests need no clock.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;

  constructor(
    private readonly failuresToOpen: number = GENERATION.failuresToOpen,
    private readonly openMs: number = GENERATION.openMs,
  ) {}

  allows(now: number): boolean {
    return now >= this.openUntil;
  }

  succeeded(): void {
    this.failures = 0;
    this.openUntil = 0;
  }

  failed(now: number): void {
    this.failures++;
    if (this.failures >= this.failuresToOpen) {
      this.openUntil = now + this.openMs;
      // Half-open after the minute: one more failure reopens it at once.
      this.failures = this.failuresToOpen - 1;
    }
  }
}
