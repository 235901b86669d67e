import { type ButtonInteraction, MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import type { Command } from '../../bot/command.ts';
import type { CommandContext } from '../../bot/context.ts';
import { execute } from '../../bot/execute.ts';
import type { Reply } from '../../reply/types.ts';
import { type FeedbackInput, planFeedback } from './feedbackPlan.ts';
import { replyOrSlow } from './interactionPlan.ts';
import { renderReply } from './render.ts';

export interface FeedbackDeps {
  commands: readonly Command[];
  /** The command context of the member who pressed or submitted (interactions.ts builds it). */
  context: () => CommandContext;
  /** A /faq add still running after this long is deferred (ephemerally), well inside Discord's 3 s. */
  deferAfterMs: number;
}

/**
 * The gateway's sender for feedbackPlan.ts: 👍/👎, the 👎 form, and /insights' "Answer" buttons with
 * their /faq add form. Returns false for an interaction that is not one of these, so
 * interactions.ts carries on.
 */
export async function handleFeedback(
  interaction: ButtonInteraction | ModalSubmitInteraction,
  deps: FeedbackDeps,
): Promise<boolean> {
  const input: FeedbackInput = interaction.isModalSubmit()
    ? { kind: 'modal', customId: interaction.customId, field: (id) => textInput(interaction, id) }
    : { kind: 'button', customId: interaction.customId };
  const ctx = deps.context();
  const plan = await planFeedback(input, ctx, deps.commands);
  if (!plan) return false;
  if (plan.kind === 'reply') await interaction.reply(renderReply(plan.reply));
  // Only a button's plan opens a form: Discord does not let a submitted form open another.
  else if (plan.kind === 'modal') await (interaction as ButtonInteraction).showModal(plan.modal);
  else await replyPrivately(interaction, execute(plan.command, plan.args, ctx), deps.deferAfterMs);
  return true;
}

/** A text input's value, or undefined when the form has none by that id (a forged submit). */
function textInput(interaction: ModalSubmitInteraction, id: string): string | undefined {
  try {
    return interaction.fields.getTextInputValue(id);
  } catch {
    return undefined;
  }
}

/** An ephemeral reply straight away when quick; otherwise an ephemeral deferral first, then the edit. */
async function replyPrivately(
  interaction: ButtonInteraction | ModalSubmitInteraction,
  work: Promise<Reply>,
  deferAfterMs: number,
): Promise<void> {
  const first = await replyOrSlow(work, deferAfterMs);
  if (first !== 'slow') {
    await interaction.reply(renderReply({ ...first, ephemeral: true }));
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { flags: _setByTheDeferral, ...edit } = renderReply({ ...(await work), ephemeral: true });
  await interaction.editReply(edit);
}
