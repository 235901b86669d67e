/** Per-member cooldown for free-text questions, so one member cannot make the bot flood a channel. Keys are the caller's (server and member). */
export class Cooldown {
  private readonly until = new Map<string, number>();

  /** `ms`: the window when take() is given none (ASK_COOLDOWN_SECONDS); a server's own setting is passed to take(). */
  constructor(private readonly ms: number) {}

  /** True, and the user's window of `ms` starts, when the user may ask now. */
  take(userId: string, now: number, ms: number = this.ms): boolean {
    if (ms <= 0) return true;
    const until = this.until.get(userId) ?? 0;
    if (now < until) return false;
    this.until.set(userId, now + ms);
    if (this.until.size > 10_000) for (const [id, t] of this.until) if (t <= now) this.until.delete(id);
    return true;
  }
}
