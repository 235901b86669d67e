import type { AnswerEngine } from '../answer/engine.ts';
import type { Command } from '../bot/command.ts';
import type { Services } from '../bot/context.ts';

/** What every adapter is given: the transport-free core, and nothing from another adapter. */
export interface Core {
  engine: AnswerEngine;
  commands: readonly Command[];
  /** The features' services this process could start (no daily posts without a store). */
  services: Partial<Services>;
}

/**
 * One way members reach the bot, as Hubot's adapters and Errbot's backends are: it turns what
 * arrives into a command and its options, runs it with `execute`, and renders the `Reply`.
 * The composition root (src/main.ts) starts one and stops it on shutdown.
 * A new transport is one folder under src/adapters/ that implements this.
 */
export interface Transport {
  /** Resolves once the transport is serving (Discord) or, for an interactive one, when its user quits. */
  start(): Promise<void>;
  /** Stops taking work and finishes what is in flight. */
  stop(): Promise<void>;
}
