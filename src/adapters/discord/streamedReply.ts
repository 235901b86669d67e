import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Logger } from 'pino';
import type { ReplyProgress } from '../../bot/context.ts';
import { type RenderOptions, renderReply } from './render.ts';

/** A reply Discord shows in parts: deferred at `begin`, each part an edit, one at a time, in order. */
export interface StreamedReply extends ReplyProgress {
  /** Resolves once the deferral and every edit asked for so far have been sent (or failed). */
  settled(): Promise<void>;
}

export function streamedReply(
  interaction: Pick<RepliableInteraction, 'deferReply' | 'editReply' | 'deferred' | 'replied' | 'id'>,
  hide: boolean,
  render: RenderOptions,
  logger: Pick<Logger, 'warn'>,
): StreamedReply {
  // Every call is chained, so an edit never overtakes the deferral or the edit before it.
  let chain: Promise<void> = Promise.resolve();
  const then = (step: () => Promise<unknown>) => {
    chain = chain
      .then(step)
      .then(() => undefined)
      .catch((error: unknown) =>
        // A part that could not be shown costs nothing: the final reply replaces it.
        logger.warn({ err: error, interactionId: interaction.id }, 'could not show part of a generated answer'),
      );
  };
  return {
    begin() {
      then(async () => {
        if (!interaction.deferred && !interaction.replied)
          await interaction.deferReply(hide ? { flags: MessageFlags.Ephemeral } : {});
      });
    },
    show(partial) {
      then(async () => {
        if (!interaction.deferred) return;
        const { flags: _fixedAtDeferral, ...edit } = renderReply(partial, render);
        await interaction.editReply(edit);
      });
    },
    settled: () => chain,
  };
}
