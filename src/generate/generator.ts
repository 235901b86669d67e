import type { Related } from '../answer/types.ts';
import { CircuitBreaker } from './breaker.ts';
import { checkSentence, type Rejection } from './check.ts';
import { type CompletionClient, type FailureKind, failureKind } from './client.ts';
import { FairQueue } from './fairQueue.ts';
import { numberedSources, promptFor } from './prompt.ts';
import { type CitedSentence, splitSentences } from './sentences.ts';

export type Outcome =
  | { kind: 'shown'; text: string; sentences: CitedSentence[]; sources: Related[]; ms: number }
  | { kind: 'rejected'; sentence: string; reason: Rejection; detail?: string; accepted: number; ms: number }
  | { kind: 'fallback'; reason: FailureKind | 'circuit-open' | 'empty'; ms: number };

export interface GeneratorOptions {
  timeoutMs: number;
  concurrency: number;
  now?: () => number;
  breaker?: CircuitBreaker;
}

/**
 * Asks the server for an answer from the engine's evidence and checks each sentence as it
 * completes. The member sees only checked sentences (`onChecked`); one unsupported sentence ends
 * the stream and rejects the whole answer. Every failure is an outcome, never a throw, so the
 * caller always has the extractive answer to send.
 */
export class Generator {
  private readonly queue: FairQueue;
  private readonly breaker: CircuitBreaker;
  private readonly now: () => number;

  constructor(
    private readonly client: CompletionClient,
    private readonly options: GeneratorOptions,
  ) {
    this.queue = new FairQueue(options.concurrency);
    this.breaker = options.breaker ?? new CircuitBreaker();
    this.now = options.now ?? Date.now;
  }

  async generate(
    question: string,
    evidence: readonly Related[],
    key: string,
    onChecked?: (shown: string) => void,
  ): Promise<Outcome> {
    const started = this.now();
    const ms = () => this.now() - started;
    if (!this.breaker.allows(started)) return { kind: 'fallback', reason: 'circuit-open', ms: 0 };
    const sources = numberedSources(evidence);
    if (sources.length === 0) return { kind: 'fallback', reason: 'empty', ms: 0 };
    const texts = sources.map((s) => s.text);
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort(new Error('generation timed out'));
    }, this.options.timeoutMs);
    let called = false;
    try {
      return await this.queue
        .run(
          key,
          async (): Promise<Outcome> => {
            called = true;
            let buffer = '';
            const accepted: CitedSentence[] = [];
            const shownText = () => accepted.map((s) => s.text).join(' ');
            /** Checks sentences that have ended; the last one may still be growing unless `final`. */
            const checkUpTo = (final: boolean): Outcome | undefined => {
              const pieces = splitSentences(buffer);
              let complete = final ? pieces.length : pieces.length - 1;
              // "… 1961. [2" : the citation after the full stop is still arriving.
              if (!final && complete > 0 && !/\p{L}/u.test(pieces[pieces.length - 1]!.claim)) complete--;
              for (let i = accepted.length; i < complete; i++) {
                const verdict = checkSentence(pieces[i]!, texts);
                if (!verdict.supported)
                  return {
                    kind: 'rejected',
                    sentence: pieces[i]!.text,
                    reason: verdict.reason!,
                    ...(verdict.detail ? { detail: verdict.detail } : {}),
                    accepted: accepted.length,
                    ms: ms(),
                  };
                accepted.push(pieces[i]!);
                onChecked?.(shownText());
              }
              return undefined;
            };
            for await (const delta of this.client.stream(promptFor(question, sources), abort.signal)) {
              buffer += delta;
              const rejected = checkUpTo(false);
              if (rejected) {
                abort.abort(new Error('rejected'));
                return rejected;
              }
            }
            const rejected = checkUpTo(true);
            if (rejected) return rejected;
            if (accepted.length === 0) return { kind: 'fallback', reason: 'empty', ms: ms() };
            return { kind: 'shown', text: shownText(), sentences: accepted, sources, ms: ms() };
          },
          abort.signal,
        )
        .then((outcome) => {
          this.breaker.succeeded();
          return outcome;
        });
    } catch (error) {
      const reason = failureKind(error, timedOut);
      // A question that timed out in the queue says nothing of the server's health.
      if (called) this.breaker.failed(this.now());
      return { kind: 'fallback', reason, ms: ms() };
    } finally {
      clearTimeout(timer);
    }
  }
}
