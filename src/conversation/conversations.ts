import type { AnswerEngine } from '../answer/engine.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { Frame } from './frame.ts';
import { CONVERSATION } from './limits.ts';
import { followUpTurn, ownTurn, type Turn } from './resolve.ts';

interface Remembered extends Frame {
  /** The knowledge base the frame's passages belong to: a reload makes it stale. */
  kb: KnowledgeBase;
}

/**
 * The last answered question of each conversation, in memory and bounded: it may be lost on a
 * restart, which costs a member one retyped question.
 */
export class Conversations {
  private readonly frames = new Map<string, Remembered>();

  constructor(private readonly limits: { frameTtlMs: number; maxFrames: number } = CONVERSATION) {}

  /** Answer `text`, read against the conversation's last answer when it is a follow-up. */
  ask(engine: AnswerEngine, key: string | undefined, text: string, now = Date.now()): Turn {
    const frame = key === undefined ? undefined : this.fresh(key, engine.kb, now);
    const turn = (frame && followUpTurn(engine, frame, text)) ?? ownTurn(engine, text);
    if (key !== undefined && turn.frame) this.remember(key, { ...turn.frame, at: now, kb: engine.kb });
    return turn;
  }

  /**
   * Drops the conversation's frame: after an answer that was not the report's (a server's curated
   * answer), "and Japan?" must not be read against the report answer before it.
   */
  forget(key: string | undefined): void {
    if (key !== undefined) this.frames.delete(key);
  }

  get size(): number {
    return this.frames.size;
  }

  private fresh(key: string, kb: KnowledgeBase, now: number): Frame | undefined {
    const frame = this.frames.get(key);
    if (!frame) return undefined;
    if (now - frame.at > this.limits.frameTtlMs || frame.kb !== kb) {
      this.frames.delete(key);
      return undefined;
    }
    return frame;
  }

  private remember(key: string, frame: Remembered): void {
    // A Map keeps insertion order: re-inserting makes this the newest, so the first key is the longest idle.
    this.frames.delete(key);
    this.frames.set(key, frame);
    while (this.frames.size > this.limits.maxFrames) {
      const oldest = this.frames.keys().next().value;
      if (oldest === undefined) break;
      this.frames.delete(oldest);
    }
  }
}
