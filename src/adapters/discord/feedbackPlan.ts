import { type APIModalInteractionResponseCallbackData, ComponentType, TextInputStyle } from 'discord.js';
import { type Command, optionsOf } from '../../bot/command.ts';
import type { CommandContext } from '../../bot/context.ts';
import { findCommand, SLASH } from '../../bot/registry.ts';
import { COMMENT_MAX } from '../../insights/records.ts';
import { feedbackMessage } from '../../insights/service.ts';
import type { Reply } from '../../reply/types.ts';
import { clip } from '../../text/clip.ts';
import { decodeFeedbackId, encodeFeedbackId, isFeedbackId } from './feedbackId.ts';

/**
 * 👍/👎 under answers, the 👎 form, and /insights' "Answer" buttons with their /faq add form,
 * decided from plain data: the gateway (feedback.ts) and the HTTP endpoint (http/answer.ts) only
 * send what this returns. Votes and comments are stored here, since their acknowledgement depends
 * on what the store says.
 */

/** The form fields' custom ids. */
export const FIELDS = { comment: 'comment', question: 'question', answer: 'answer' } as const;
/** The /faq add form's limits: a question as /ask takes it, and the 1,000-character answer. */
const CURATED_QUESTION_MAX = 1000;
const CURATED_ANSWER_MAX = 1000;

export const FEEDBACK_UNAVAILABLE = 'Feedback is not available here.';
export const CURATION_UNAVAILABLE = 'Curated answers are not available here.';

/** What was pressed or submitted: a button, or a form with its text inputs (undefined: no such field). */
export type FeedbackInput =
  | { kind: 'button'; customId: string }
  | { kind: 'modal'; customId: string; field: (id: string) => string | undefined };

export type FeedbackPlan =
  /** An ephemeral reply: the acknowledgement of a vote or comment, or why not. */
  | { kind: 'reply'; reply: Reply }
  /** A form to show (callback type 9). */
  | { kind: 'modal'; modal: APIModalInteractionResponseCallbackData }
  /** `/faq add` as if typed, its options checked; it may be slow, so the sender defers when it is. Ephemeral. */
  | { kind: 'run'; command: Command; args: Record<string, unknown> };

const say = (text: string): FeedbackPlan => ({ kind: 'reply', reply: { text, tone: 'notice', ephemeral: true } });

/** What to do for a feedback or curation component, or undefined when the id is not one (a pager's, say). */
export async function planFeedback(
  input: FeedbackInput,
  ctx: CommandContext,
  commands: readonly Command[],
): Promise<FeedbackPlan | undefined> {
  if (!isFeedbackId(input.customId)) return undefined;
  const id = decodeFeedbackId(input.customId);
  const insights = ctx.services.insights;
  if (!id) return say(feedbackMessage({ kind: 'unknown' }, insights?.retentionDays ?? 0));
  if (id.kind === 'curated') return curated(input, commands);
  if (!insights || !ctx.guildId) return say(FEEDBACK_UNAVAILABLE);
  const guildId = ctx.guildId;
  const unknown = () => say(feedbackMessage({ kind: 'unknown' }, insights.retentionDays));
  if (id.kind === 'vote' && input.kind === 'button') {
    const outcome = await insights.vote(id.record, guildId, ctx.user.id, id.vote, ctx.now);
    // A 👎 is acknowledged by its form, which asks what was wrong; closing it keeps the vote.
    if (outcome.kind === 'voted' && id.vote === 'down') return { kind: 'modal', modal: commentForm(id.record) };
    return say(feedbackMessage(outcome, insights.retentionDays));
  }
  if (id.kind === 'comment' && input.kind === 'modal') {
    // The field is optional: a form submitted empty (or without it) keeps the 👎 alone.
    const comment = (input.field(FIELDS.comment) ?? '').trim();
    const outcome = comment
      ? await insights.comment(id.record, guildId, ctx.user.id, comment, ctx.now)
      : ({ kind: 'voted', vote: 'down' } as const);
    const thanks = say(feedbackMessage(outcome, insights.retentionDays));
    // After a 👎, the member may hand the question to a person, where the server has helpers.
    if (outcome.kind !== 'commented' && outcome.kind !== 'voted') return thanks;
    const helpers = await ctx.services.handoff?.helpers(guildId).catch(() => undefined);
    if (!helpers || thanks.kind !== 'reply') return thanks;
    return { kind: 'reply', reply: { ...thanks.reply, handoff: { record: id.record, asker: ctx.user.id } } };
  }
  if (id.kind === 'curate' && input.kind === 'button') {
    if (!ctx.canManageGuild) return say('Adding curated answers needs the Manage Server permission.');
    if (!findCommand(commands, 'faq', SLASH)) return say(CURATION_UNAVAILABLE);
    const record = await insights.question(id.record, guildId, ctx.now);
    if (!record) return unknown();
    return { kind: 'modal', modal: curateForm(record.question) };
  }
  return unknown();
}

/** The /faq add form submitted: its fields become `/faq add`'s options, checked as a typed command's are. */
function curated(input: FeedbackInput, commands: readonly Command[]): FeedbackPlan {
  const faq = findCommand(commands, 'faq', SLASH);
  if (!faq || input.kind !== 'modal') return say(CURATION_UNAVAILABLE);
  const specs = optionsOf(faq, 'add');
  const args: Record<string, string> = {};
  for (const name of [FIELDS.question, FIELDS.answer]) {
    const value = input.field(name);
    if (value === undefined) return say(`The form has no ${name}. Press "Answer" again.`);
    const spec = specs[name];
    const problem =
      spec === undefined
        ? `/faq add takes no ${name}.`
        : spec.maxLength !== undefined && value.length > spec.maxLength
          ? `The ${name} is ${value.length} characters; /faq add takes at most ${spec.maxLength}.`
          : spec.check?.(value);
    if (problem) return say(problem);
    args[name] = value;
  }
  return { kind: 'run', command: faq, args: { subcommand: 'add', ...args } };
}

export function commentForm(record: string): APIModalInteractionResponseCallbackData {
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

export function curateForm(question: string, answer?: string): APIModalInteractionResponseCallbackData {
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
          ...(answer?.trim() ? { value: clip(answer, CURATED_ANSWER_MAX) } : {}),
        },
      },
    ],
  };
}
