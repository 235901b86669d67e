import type { Logger } from 'pino';
import type { ReplyProgress } from '../../bot/context.ts';
import type { Responder } from './dispatch.ts';
import { type RenderOptions, renderReply } from './render.ts';

/** A reply Discord shows in parts: deferred at `begin`, each part an edit, one at a time, in order. */
export interface StreamedReply extends ReplyProgress {
  /** Whether `begin` was called: the interaction's response is then the deferral. */
  begun(): boolean;
  /** Resolves once the deferral and every edit asked for so far have been sent (or failed). */
  settled(): Promise<void>;
}

/** Over the dispatcher's Responder, so the gateway and the HTTP endpoint stream alike. */
export function streamedReply(
  responder: Pick<Responder, 'defer' | 'editOriginal'>,
  hide: boolean,
  render: RenderOptions,
  logger: Pick<Logger, 'warn'>,
  interactionId: string,
): StreamedReply {
  let begun = false;
  // Every call is chained, so an edit never overtakes the deferral or the edit before it.
  let chain: Promise<void> = Promise.resolve();
  const then = (step: () => Promise<unknown>) => {
    chain = chain
      .then(step)
      .then(() => undefined)
      .catch((error: unknown) =>
        // A part that could not be shown costs nothing: the final reply replaces it.
        logger.warn({ err: error, interactionId }, 'could not show part of a generated answer'),
      );
  };
  return {
    begin() {
      if (begun) return;
      begun = true;
      then(() => responder.defer(hide));
    },
    show(partial) {
      if (!begun) return;
      then(async () => {
        const { flags: _fixedAtDeferral, ...edit } = renderReply(partial, render);
        await responder.editOriginal(edit);
      });
    },
    begun: () => begun,
    settled: () => chain,
  };
}
