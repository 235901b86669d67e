import type { LiveEngine } from '../answer/liveEngine.ts';
import { droppedNotes } from '../knowledge/droppedNotes.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { compareKnowledge, describeChanges, type KnowledgeChanges, nothingChanged } from './changes.ts';
import { type FolderWatch, watchFolder } from './watch.ts';

/** The part of a pino logger the reloader uses. */
export interface ReloadLogger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export type ReloadOutcome =
  | { ok: true; changes: KnowledgeChanges; summary: string; ms: number }
  | { ok: false; error: string; ms: number };

export const RELOAD = {
  /** Quiet time after the last change in the folder before a reload. */
  debounceMs: 300,
} as const;

/**
 * Rebuilds the knowledge base off to the side and swaps it in only when the build succeeds;
 * a broken file leaves the bot serving the knowledge it had, with one line naming the file.
 */
export class KnowledgeReloader {
  private watching: FolderWatch | undefined;

  constructor(
    private readonly options: {
      dir: string;
      engine: LiveEngine;
      load: () => KnowledgeBase;
      logger: ReloadLogger;
      debounceMs?: number;
      clock?: () => number;
    },
  ) {}

  reload(): ReloadOutcome {
    const now = this.options.clock ?? (() => performance.now());
    const started = now();
    let next: KnowledgeBase;
    try {
      next = this.options.load();
    } catch (error) {
      const message = (error as Error).message;
      this.options.logger.error(
        { dir: this.options.dir },
        `knowledge not reloaded, still serving the previous reports: ${message}`,
      );
      return { ok: false, error: message, ms: now() - started };
    }
    const changes = compareKnowledge(this.options.engine.kb, next);
    // A copy of a report dropped in beside it was loaded once and named by the loader's warning.
    const summary = describeChanges(changes);
    // Swapping an identical knowledge base would only cost members their follow-up frames.
    if (!nothingChanged(changes)) this.options.engine.replace(next);
    const ms = now() - started;
    this.options.logger.info({ ...changes, ms: Math.round(ms) }, `knowledge reloaded: ${summary}`);
    for (const note of droppedNotes(next, [...changes.added, ...changes.changed]))
      this.options.logger.info(note.fields, note.message);
    return { ok: true, changes, summary, ms };
  }

  /** Reload whenever the folder changes, until `close()`. */
  watch(): void {
    this.watching ??= watchFolder(this.options.dir, () => this.reload(), {
      debounceMs: this.options.debounceMs ?? RELOAD.debounceMs,
      onError: (error) =>
        this.options.logger.error(
          { dir: this.options.dir, err: error },
          `stopped watching ${this.options.dir} for changes`,
        ),
    });
  }

  close(): void {
    this.watching?.close();
    this.watching = undefined;
  }
}
