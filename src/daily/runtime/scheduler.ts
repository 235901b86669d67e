import type { DueWork, OwnerGone, Policy } from '../domain/plan.ts';
import { candidateDates, DEFAULT_POLICY, dueWork, nextPostAt, retryAt } from '../domain/plan.ts';
import type { ErrorRecord, PostRecord, Schedule } from '../domain/schedule.ts';
import { slotFor } from '../domain/slots.ts';
import { formatLocal, localDate } from '../domain/time.ts';
import type { ScheduleStore } from '../store.ts';
import type { SendResult } from './sendResult.ts';

export interface Clock {
  now(): Date;
}

/** The part of a pino logger the scheduler uses. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Posts the summary for `localDate` to the schedule's channel. Should settle, not hang; once
 * `signal` aborts (shutdown, or the policy's send timeout) it should give up at once.
 */
export type SendPost = (schedule: Schedule, localDate: string, signal: AbortSignal) => Promise<SendResult>;

export interface DailySchedulerOptions {
  clock: Clock;
  store: ScheduleStore;
  /** This process's id, recorded on each claim. */
  owner: string;
  /** Sharding: only guilds this process holds are posted by it. Defaults to all. */
  ownsGuild?: (guildId: string) => boolean;
  send: SendPost;
  /** Lets a claim whose owner is known to be dead be resent before its lease runs out. */
  ownerGone?: OwnerGone;
  logger: Logger;
  policy?: Partial<Policy>;
  /** The timer re-reads the database at least this often, to see others' changes. */
  maxTimerDelayMs?: number;
}

/** What one attempt to post came to. */
export type AttemptOutcome =
  | { kind: 'sent'; messageId: string }
  /** Shutdown aborted the send; the claim is released for the next process to resend. */
  | { kind: 'abandoned' }
  | { kind: 'failed'; permanent: boolean; reason: string; paused: boolean; retryAt?: Date };

export interface TickEvent {
  guildId: string;
  /** Absent for an 'error' that is not about one day. */
  localDate?: string;
  /** 'paused': a failure that paused the schedule. */
  kind: 'sent' | 'failed' | 'paused' | 'skipped' | 'gave-up' | 'interrupted' | 'abandoned' | 'error';
  detail?: string;
}

export type PostNowResult =
  | { kind: 'no-schedule' }
  /** Posted; it is today's post. `stillPaused`: the schedule stays paused until /daily set. */
  | { kind: 'sent'; localDate: string; messageId: string; stillPaused: boolean }
  /** Today's post is already sent, or being sent right now (`post.status` says which). */
  | { kind: 'already-posted'; localDate: string; post: PostRecord }
  | { kind: 'failed'; localDate: string; reason: string; permanent: boolean; paused: boolean; retryAt?: Date };

export interface DailyStatus {
  schedule: Schedule | undefined;
  /** When the next post is expected; null when paused or not set up. */
  nextPostAt: Date | null;
  lastPost: PostRecord | undefined;
  lastError: ErrorRecord | undefined;
}

const MIN_TIMER_DELAY_MS = 1_000;

/** Said when an attempt was abandoned at shutdown, in logs and to a /daily now caller. */
export const ABANDONED_AT_SHUTDOWN = 'the bot is shutting down; the next start sends it';

interface ActiveSchedules {
  ready: { schedule: Schedule; posts: Map<string, PostRecord> }[];
  /** Schedules whose candidate days cannot even be worked out. */
  broken: { schedule: Schedule; error: unknown }[];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Posts each guild's daily summary once per local day. tick() does whatever is due at the
 * clock's current time, reading all state from the store; the timer of start() only decides
 * when to tick, so restarts, several processes and a fake clock all behave the same.
 */
export class DailyScheduler {
  private readonly clock: Clock;
  private readonly store: ScheduleStore;
  private readonly owner: string;
  private readonly ownsGuild: (guildId: string) => boolean;
  private readonly send: SendPost;
  private readonly ownerGone: OwnerGone;
  private readonly log: Logger;
  private readonly policy: Policy;
  private readonly maxTimerDelayMs: number;
  private ticking: Promise<TickEvent[]> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private waking: Promise<void> | undefined;
  private running = false;
  /** Aborted by stop(): sends in flight give up and no new work starts. */
  private stopping = new AbortController();

  constructor(options: DailySchedulerOptions) {
    this.clock = options.clock;
    this.store = options.store;
    this.owner = options.owner;
    this.ownsGuild = options.ownsGuild ?? (() => true);
    this.send = options.send;
    this.ownerGone = options.ownerGone ?? (() => false);
    this.log = options.logger;
    this.policy = { ...DEFAULT_POLICY, ...options.policy };
    if (this.policy.claimLeaseMs <= this.policy.sendTimeoutMs) {
      // Else a slow send could be resent by another process while it is still going.
      throw new Error('daily policy: claimLeaseMs must be longer than sendTimeoutMs');
    }
    this.maxTimerDelayMs = options.maxTimerDelayMs ?? 60_000;
  }

  /** Does all work due now. Never throws: failures are logged and recorded per guild. */
  tick(): Promise<TickEvent[]> {
    // One tick at a time per scheduler; a caller arriving mid-tick shares it.
    this.ticking ??= this.runTick().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async runTick(): Promise<TickEvent[]> {
    const now = this.clock.now();
    let active: ActiveSchedules;
    try {
      active = await this.loadActive(now);
    } catch (error) {
      this.log.error({ err: error }, 'daily: cannot read schedules');
      return [];
    }
    const events: TickEvent[] = [];
    const fail = async (guildId: string, error: unknown) => {
      const message = `daily post check failed: ${errorText(error)}`;
      this.log.error({ guildId, err: error }, message);
      events.push({ guildId, kind: 'error', detail: message });
      await this.recordErrorQuietly(guildId, message);
    };
    for (const { schedule, error } of active.broken) await fail(schedule.guildId, error);
    for (const { schedule, posts } of active.ready) {
      if (this.stopping.signal.aborted) break;
      try {
        for (const work of dueWork(schedule, now, posts, this.policy, this.ownerGone)) {
          if (this.stopping.signal.aborted) break;
          const event = await this.doWork(schedule, work);
          if (event === undefined) continue;
          events.push(event);
          // The schedule is no longer active.
          if (event.kind === 'paused') break;
        }
      } catch (error) {
        await fail(schedule.guildId, error);
      }
    }
    return events;
  }

  private holds(guildId: string): boolean {
    try {
      return this.ownsGuild(guildId);
    } catch (error) {
      this.log.error({ guildId, err: error }, 'daily: ownsGuild threw; not posting for this guild');
      return false;
    }
  }

  /**
   * The unpaused schedules this process holds, each with its posts around `now`, read in one
   * query for all guilds rather than one per guild.
   */
  private async loadActive(now: Date): Promise<ActiveSchedules> {
    const schedules = (await this.store.listSchedules()).filter((s) => !s.paused && this.holds(s.guildId));
    const broken: ActiveSchedules['broken'] = [];
    const withDates: { schedule: Schedule; dates: readonly string[] }[] = [];
    for (const schedule of schedules) {
      try {
        withDates.push({ schedule, dates: candidateDates(schedule, now) });
      } catch (error) {
        // e.g. a time zone this runtime does not know
        broken.push({ schedule, error });
      }
    }
    const allDates = withDates.flatMap((w) => w.dates).sort();
    const first = allDates[0];
    const last = allDates.at(-1);
    const byGuild = new Map<string, Map<string, PostRecord>>();
    if (first !== undefined && last !== undefined) {
      for (const post of await this.store.listPostsBetween(first, last)) {
        let posts = byGuild.get(post.guildId);
        if (posts === undefined) {
          posts = new Map();
          byGuild.set(post.guildId, posts);
        }
        posts.set(post.localDate, post);
      }
    }
    const ready = withDates.map(({ schedule, dates }) => {
      const all = byGuild.get(schedule.guildId);
      const posts = new Map<string, PostRecord>();
      for (const date of dates) {
        const post = all?.get(date);
        if (post !== undefined) posts.set(date, post);
      }
      return { schedule, posts };
    });
    return { ready, broken };
  }

  private async postsAround(schedule: Schedule, now: Date): Promise<Map<string, PostRecord>> {
    const posts = await this.store.getPosts(schedule.guildId, candidateDates(schedule, now));
    return new Map(posts.map((p) => [p.localDate, p]));
  }

  private leaseFrom(at: Date): Date {
    return new Date(at.getTime() + this.policy.claimLeaseMs);
  }

  private async doWork(schedule: Schedule, work: DueWork): Promise<TickEvent | undefined> {
    const { guildId } = schedule;
    const { localDate } = work;
    const at = this.clock.now();
    switch (work.kind) {
      case 'post':
      case 'retry': {
        // Losing the claim means another scheduler (or process) has this day: nothing to do.
        if (!(await this.store.claimPost(guildId, localDate, this.owner, at, 'scheduled', this.leaseFrom(at))))
          return undefined;
        return this.attemptEvent(schedule, localDate, await this.attempt(schedule, localDate, work.slot));
      }
      case 'resend': {
        const { owner, claimedAt } = work.post;
        const seen = { owner, claimedAt };
        if (!(await this.store.takeOverClaim(guildId, localDate, seen, this.owner, at, this.leaseFrom(at))))
          return undefined;
        // The same nonce as the unconfirmed attempt: Discord returns that message if it exists.
        this.log.warn(
          { guildId, localDate, previousOwner: owner, claimedAt: claimedAt.toISOString() },
          'daily post: resending an attempt that was never confirmed',
        );
        return this.attemptEvent(schedule, localDate, await this.attempt(schedule, localDate, work.slot));
      }
      case 'skip': {
        if (!(await this.store.claimPost(guildId, localDate, this.owner, at, 'scheduled', this.leaseFrom(at))))
          return undefined;
        const error =
          `missed: the bot was not running from ${formatLocal(work.slot, schedule.timezone)} ` +
          `until more than ${Math.round(this.policy.catchUpMs / 3_600_000)} h later`;
        await this.store.finishPost(guildId, localDate, { status: 'skipped', owner: this.owner, at, error });
        this.log.warn({ guildId, localDate, slot: work.slot.toISOString() }, `daily post skipped: ${error}`);
        return { guildId, localDate, kind: 'skipped', detail: error };
      }
      case 'give-up': {
        await this.store.cancelRetry(guildId, localDate, at);
        this.log.warn(
          { guildId, localDate, attempts: work.post.attempts },
          'daily post: retry window passed, giving up',
        );
        return { guildId, localDate, kind: 'gave-up' };
      }
      case 'interrupted': {
        const error = `may be missing: the attempt was never confirmed and is not resent, as ${work.reason}`;
        const owner = work.post.owner;
        if (!(await this.store.finishPost(guildId, localDate, { status: 'unconfirmed', owner, at, error })))
          return undefined;
        await this.recordErrorQuietly(guildId, `daily post for ${localDate} ${error}`);
        this.log.warn({ guildId, localDate, owner }, `daily post ${error}`);
        return { guildId, localDate, kind: 'interrupted', detail: error };
      }
    }
  }

  private attemptEvent(schedule: Schedule, localDate: string, outcome: AttemptOutcome): TickEvent {
    const { guildId } = schedule;
    switch (outcome.kind) {
      case 'sent':
        return { guildId, localDate, kind: 'sent', detail: outcome.messageId };
      case 'abandoned':
        return { guildId, localDate, kind: 'abandoned', detail: ABANDONED_AT_SHUTDOWN };
      case 'failed':
        return { guildId, localDate, kind: outcome.paused ? 'paused' : 'failed', detail: outcome.reason };
    }
  }

  /**
   * One attempt's signal: aborted by stop() or at the send timeout. Not AbortSignal.any(), which
   * in Node 20 keeps every signal it made alive as long as the long-lived stop signal.
   */
  private attemptSignal(): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    const stopping = this.stopping.signal;
    const onStop = () => controller.abort(stopping.reason);
    if (stopping.aborted) onStop();
    else stopping.addEventListener('abort', onStop, { once: true });
    const timer = setTimeout(
      () => controller.abort(new Error(`no answer within ${this.policy.sendTimeoutMs / 1000} s`)),
      this.policy.sendTimeoutMs,
    );
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      stopping.removeEventListener('abort', onStop);
    };
    return { signal: controller.signal, done };
  }

  /** Sends for a claimed day and records the outcome. The caller must hold the claim. */
  private async attempt(schedule: Schedule, date: string, slot: Date | null): Promise<AttemptOutcome> {
    const { guildId } = schedule;
    const attemptNo = (await this.store.getPost(guildId, date))?.attempts ?? 1;
    const { signal, done } = this.attemptSignal();
    let result: SendResult;
    try {
      result = await this.send(schedule, date, signal);
    } catch (error) {
      result = { ok: false, kind: 'transient', reason: errorText(error) };
    } finally {
      done();
    }
    const at = this.clock.now();
    const owner = this.owner;
    const context = { guildId, localDate: date, channelId: schedule.channelId, attempt: attemptNo };

    // Whether Discord got it is unknown; the next process resends under the same nonce.
    if (!result.ok && this.stopping.signal.aborted) {
      await this.store.releaseClaim(guildId, date, owner, at);
      this.log.warn(context, `daily post abandoned: ${ABANDONED_AT_SHUTDOWN}`);
      return { kind: 'abandoned' };
    }

    if (result.ok) {
      if (!(await this.store.finishPost(guildId, date, { status: 'sent', owner, at, messageId: result.messageId }))) {
        this.log.warn(context, 'daily post sent, but its claim had been taken over; not recorded as sent');
      }
      this.log.info({ ...context, messageId: result.messageId }, 'daily post sent');
      return { kind: 'sent', messageId: result.messageId };
    }

    if (result.kind === 'permanent') {
      const { reason: error, pauseReason } = result;
      await this.store.finishPost(guildId, date, { status: 'failed', owner, at, error });
      if (pauseReason !== undefined) await this.store.pause(guildId, pauseReason, at);
      await this.recordErrorQuietly(guildId, error);
      this.log.error({ ...context, paused: pauseReason !== undefined }, `daily post failed: ${error}`);
      return { kind: 'failed', permanent: true, reason: pauseReason ?? error, paused: pauseReason !== undefined };
    }

    const nextAttemptAt = retryAt(attemptNo, slot, at, this.policy);
    const error = `${result.reason}${nextAttemptAt === undefined ? ' (no retries left)' : ''}`;
    await this.store.finishPost(guildId, date, {
      status: 'failed',
      owner,
      at,
      error,
      ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }),
    });
    await this.recordErrorQuietly(guildId, `daily post failed: ${error}`);
    this.log.warn({ ...context, retryAt: nextAttemptAt?.toISOString() }, `daily post failed: ${error}`);
    return {
      kind: 'failed',
      permanent: false,
      reason: error,
      paused: false,
      ...(nextAttemptAt === undefined ? {} : { retryAt: nextAttemptAt }),
    };
  }

  private async recordErrorQuietly(guildId: string, message: string): Promise<void> {
    try {
      await this.store.recordError(guildId, message, this.clock.now());
    } catch (error) {
      this.log.error({ guildId, err: error }, 'daily: cannot record an error');
    }
  }

  /**
   * /daily now: posts at once, as today's post (today in the schedule's zone), so the slot later
   * today will not post again. If today's post is already sent or in flight, nothing is sent.
   * A failed or skipped day may be posted this way. Works on a paused schedule without resuming it.
   */
  async postNow(guildId: string): Promise<PostNowResult> {
    const schedule = await this.store.getSchedule(guildId);
    if (schedule === undefined) return { kind: 'no-schedule' };
    const now = this.clock.now();
    const today = localDate(now, schedule.timezone);
    if (!(await this.store.claimPost(guildId, today, this.owner, now, 'manual', this.leaseFrom(now)))) {
      const post = await this.store.getPost(guildId, today);
      if (post !== undefined) return { kind: 'already-posted', localDate: today, post };
      throw new Error(`could not claim ${today} for guild ${guildId}, yet it has no post record`);
    }
    const outcome = await this.attempt(schedule, today, slotFor(schedule, today));
    if (outcome.kind === 'sent') {
      return { kind: 'sent', localDate: today, messageId: outcome.messageId, stillPaused: schedule.paused };
    }
    if (outcome.kind === 'abandoned') {
      return { kind: 'failed', localDate: today, reason: ABANDONED_AT_SHUTDOWN, permanent: false, paused: false };
    }
    return { ...outcome, localDate: today };
  }

  async status(guildId: string): Promise<DailyStatus> {
    const [schedule, lastPost, lastError] = await Promise.all([
      this.store.getSchedule(guildId),
      this.store.getLastPost(guildId),
      this.store.lastError(guildId),
    ]);
    let next: Date | null = null;
    if (schedule !== undefined) {
      const now = this.clock.now();
      next = nextPostAt(schedule, now, await this.postsAround(schedule, now), this.policy, this.ownerGone);
    }
    return { schedule, nextPostAt: next, lastPost, lastError };
  }

  /** The earliest moment any schedule this process holds has a post due (now, if overdue). */
  async nextWakeAt(): Promise<Date | null> {
    const now = this.clock.now();
    let best: Date | null = null;
    for (const { schedule, posts } of (await this.loadActive(now)).ready) {
      try {
        const at = nextPostAt(schedule, now, posts, this.policy, this.ownerGone);
        if (at !== null && (best === null || at < best)) best = at;
      } catch (error) {
        this.log.error({ guildId: schedule.guildId, err: error }, 'daily: cannot work out the next post');
      }
    }
    return best;
  }

  /** Ticks now, then again at each next slot (re-read every maxTimerDelayMs at most). */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.log.info({ owner: this.owner }, 'daily scheduler started');
    this.arm(0);
  }

  /**
   * Stops the timer, aborts any send in flight (its claim is released, so the next start resends
   * it) and waits for the tick to wind up, so the store can be closed after.
   */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.stopping.abort();
    await this.waking;
    await this.ticking;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.waking = this.wake().finally(() => {
        this.waking = undefined;
      });
    }, delayMs);
    // The timer alone must not keep the process alive.
    this.timer.unref();
  }

  private async wake(): Promise<void> {
    this.timer = undefined;
    await this.tick();
    if (!this.running) return;
    let delay = this.maxTimerDelayMs;
    try {
      const next = await this.nextWakeAt();
      if (next !== null) delay = next.getTime() - this.clock.now().getTime();
    } catch (error) {
      this.log.error({ err: error }, 'daily: cannot work out the next wake-up');
    }
    if (this.running) this.arm(Math.min(this.maxTimerDelayMs, Math.max(MIN_TIMER_DELAY_MS, delay)));
  }
}
