import {
  type APIModalInteractionResponseCallbackData,
  type ButtonInteraction,
  ComponentType,
  type ModalSubmitInteraction,
  TextInputStyle,
} from 'discord.js';
import { type Command, optionsOf } from '../../bot/command.ts';
import type { CommandContext } from '../../bot/context.ts';
import { execute } from '../../bot/execute.ts';
import { findCommand, SLASH } from '../../bot/registry.ts';
import { COMMENT_MAX } from '../../insights/records.ts';
import { feedbackMessage } from '../../insights/service.ts';
import type { Reply } from '../../reply/types.ts';
import { clip } from '../../text/clip.ts';
import { decodeFeedbackId, encodeFeedbackId, isFeedbackId } from './feedbackId.ts';
import { renderReply } from './render.ts';

/** The form fields' custom ids. */
const FIELDS = { comment: 'comment', question: 'question', answer: 'answer' } as const;
/** The /faq add form's limits: a question as /ask takes it, and the 1,000-character answer. */
const CURATED_QUESTION_MAX = 1000;
const CURATED_ANSWER_MAX = 1000;

export const FEEDBACK_UNAVAILABLE = 'Feedback is not available here.';
export const CURATION_UNAVAILABLE = 'Curated answers are not available here.';

export interface FeedbackDeps {
  commands: readonly Command[];
  /** The command context of the member who pressed or submitted (interactions.ts builds it). */
  context: () => CommandContext;
}

/**
 * 👍/👎 under answers, the 👎 form, and /insights' "Answer" buttons with their /faq add form.
 * Returns false for an interaction that is not one of these, so interactions.ts carries on.
 */
export async function handleFeedback(
  interaction: ButtonInteraction | ModalSubmitInteraction,
  deps: FeedbackDeps,
): Promise<boolean> {
  if (!isFeedbackId(interaction.customId)) return false;
  const id = decodeFeedbackId(interaction.customId);
  const ctx = deps.context();
  const insights = ctx.services.insights;
  const say = (text: string) => interaction.reply(renderReply({ text, tone: 'notice', ephemeral: true }));
  if (!id) {
    await say(feedbackMessage({ kind: 'unknown' }, insights?.retentionDays ?? 0));
    return true;
  }
  if (id.kind === 'curated') {
    await interaction.reply(renderReply({ ...(await curated(interaction, deps, ctx)), ephemeral: true }));
    return true;
  }
  if (!insights || !ctx.guildId) {
    await say(FEEDBACK_UNAVAILABLE);
    return true;
  }
  const guildId = ctx.guildId;
  if (id.kind === 'vote' && interaction.isButton()) {
    const outcome = await insights.vote(id.record, guildId, ctx.user.id, id.vote, ctx.now);
    // A 👎 is acknowledged by its form, which asks what was wrong; closing it keeps the vote.
    if (outcome.kind === 'voted' && id.vote === 'down') await interaction.showModal(commentForm(id.record));
    else await say(feedbackMessage(outcome, insights.retentionDays));
    return true;
  }
  if (id.kind === 'comment' && interaction.isModalSubmit()) {
    const comment = interaction.fields.getTextInputValue(FIELDS.comment).trim();
    if (!comment) {
      await say(feedbackMessage({ kind: 'voted', vote: 'down' }, insights.retentionDays));
      return true;
    }
    const outcome = await insights.comment(id.record, guildId, ctx.user.id, comment, ctx.now);
    await say(feedbackMessage(outcome, insights.retentionDays));
    return true;
  }
  if (id.kind === 'curate' && interaction.isButton()) {
    if (!ctx.canManageGuild) return say('Adding curated answers needs the Manage Server permission.').then(() => true);
    if (!findCommand(deps.commands, 'faq', SLASH)) return say(CURATION_UNAVAILABLE).then(() => true);
    const record = await insights.question(id.record, guildId, ctx.now);
    if (!record) return say(feedbackMessage({ kind: 'unknown' }, insights.retentionDays)).then(() => true);
    await interaction.showModal(curateForm(record.question));
    return true;
  }
  await say(feedbackMessage({ kind: 'unknown' }, insights.retentionDays));
  return true;
}

function commentForm(record: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: encodeFeedbackId({ kind: 'comment', record }),
    title: 'Thanks for the 👎',
    components: [
      {
        type: ComponentType.Label,
        label: 'What was wrong?',
        description: `Optional, at most ${COMMENT_MAX} characters. The server's admins see it.`,
        component: {
          type: ComponentType.TextInput,
          custom_id: FIELDS.comment,
          style: TextInputStyle.Paragraph,
          required: false,
          max_length: COMMENT_MAX,
        },
      },
    ],
  };
}

function curateForm(question: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: encodeFeedbackId({ kind: 'curated' }),
    title: 'Add a curated answer',
    components: [
      {
        type: ComponentType.Label,
        label: 'Question',
        description: 'Alternative phrasings may follow, separated by |',
        component: {
          type: ComponentType.TextInput,
          custom_id: FIELDS.question,
          style: TextInputStyle.Paragraph,
          required: true,
          max_length: CURATED_QUESTION_MAX,
          value: clip(question, CURATED_QUESTION_MAX),
        },
      },
      {
        type: ComponentType.Label,
        label: 'Answer',
        description: "Shown as curated by this server's admins",
        component: {
          type: ComponentType.TextInput,
          custom_id: FIELDS.answer,
          style: TextInputStyle.Paragraph,
          required: true,
          max_length: CURATED_ANSWER_MAX,
        },
      },
    ],
  };
}

/** The /faq add form submitted: run `/faq add` as if typed, with its option checks. */
async function curated(
  interaction: ButtonInteraction | ModalSubmitInteraction,
  deps: FeedbackDeps,
  ctx: CommandContext,
): Promise<Reply> {
  const faq = findCommand(deps.commands, 'faq', SLASH);
  if (!faq || !interaction.isModalSubmit()) return { text: CURATION_UNAVAILABLE, tone: 'notice' };
  const args: Record<string, string> = {
    question: interaction.fields.getTextInputValue(FIELDS.question),
    answer: interaction.fields.getTextInputValue(FIELDS.answer),
  };
  const specs = optionsOf(faq, 'add');
  for (const [name, value] of Object.entries(args)) {
    const spec = specs[name];
    const problem =
      spec === undefined
        ? `/faq add takes no ${name}.`
        : spec.maxLength !== undefined && value.length > spec.maxLength
          ? `The ${name} is ${value.length} characters; /faq add takes at most ${spec.maxLength}.`
          : spec.check?.(value);
    if (problem) return { text: problem, tone: 'notice' };
  }
  return execute(faq, { subcommand: 'add', ...args }, ctx);
}
