import { type APIModalInteractionResponseCallbackData, escapeMarkdown } from 'discord.js';
import type { CommandContext } from '../../bot/context.ts';
import { findCommand, SLASH } from '../../bot/registry.ts';
import {
  type Actor,
  closestPassage,
  HANDOFF_TEXT,
  type HandoffService,
  handoffReply,
  threadName,
} from '../../handoff/service.ts';
import type { Reply } from '../../reply/types.ts';
import type { ContextTarget, InteractionRequest, Responder } from './dispatch.ts';
import { curateForm, FIELDS } from './feedbackPlan.ts';
import { decodeHandoffId } from './handoffId.ts';
import type { Invoker, PlanDeps } from './interactionPlan.ts';
import { compactId } from './nonce.ts';
import { type RenderedMessage, renderReply } from './render.ts';
import { solvedTags, type ThreadOps, threadProblem } from './threads.ts';

/**
 * The hand-off loop on Discord: "Ask a person" opens a thread for the helpers, "✅ Resolved"
 * closes one, and "Save as FAQ answer" turns a helper's reply into a curated answer. The rules are
 * the hand-off service's (src/handoff/service.ts); this file asks Discord for threads and answers.
 */

/** The form "Save as FAQ answer" opens; its submit stores the curated answer. */
export const SAVE_FORM_ID = 'faqs';

export interface HandoffDeps extends PlanDeps {
  /** Discord's threads over REST; absent where this process has no bot token. */
  threads?: ThreadOps;
}

const notice = (text: string): Reply => ({ text, tone: 'notice', ephemeral: true });
const say = (responder: Responder, text: string) => responder.reply(renderReply(notice(text)));
const edit = (responder: Responder, reply: Reply): Promise<void> => {
  const { flags: _deferredAlready, ...message } = renderReply({ ...reply, ephemeral: true });
  return responder.editOriginal(message);
};

function actorOf(invoker: Invoker): Actor {
  return { userId: invoker.user.id, roles: invoker.roles ?? [], canManageGuild: invoker.canManageGuild };
}

/** "Ask a person" or "✅ Resolved", pressed. */
export async function handoffButton(
  request: Extract<InteractionRequest, { kind: 'button' }>,
  responder: Responder,
  deps: HandoffDeps,
  ctx: CommandContext,
): Promise<void> {
  const id = decodeHandoffId(request.customId);
  if (!id) return say(responder, 'This button is not one I made, or it has expired. Ask your question again.');
  const handoff = deps.services?.handoff;
  const { guildId } = request.invoker;
  if (!handoff || !deps.threads || !guildId) return say(responder, 'Asking a person is not available here.');
  if (id.kind === 'resolved') return resolve(request, responder, handoff, deps.threads, guildId, ctx);
  if (request.invoker.user.id !== id.asker) return say(responder, HANDOFF_TEXT.onlyAsker);
  // Reading the store and opening a thread can take longer than Discord waits for a first response.
  await responder.defer(true);
  const insights = deps.services?.insights;
  const record = insights && (await insights.question(id.record, guildId, ctx.now));
  if (!record) return edit(responder, notice(HANDOFF_TEXT.unknownQuestion));
  return askPerson(request, responder, {
    handoff,
    threads: deps.threads,
    guildId,
    question: record.question,
    recordId: id.record,
    ctx,
  });
}

async function askPerson(
  request: Extract<InteractionRequest, { kind: 'button' }>,
  responder: Responder,
  on: {
    handoff: HandoffService;
    threads: ThreadOps;
    guildId: string;
    question: string;
    recordId: string;
    ctx: CommandContext;
  },
): Promise<void> {
  const { handoff, threads, guildId, question, recordId, ctx } = on;
  const asker = request.invoker.user.id;
  const helpers = await handoff.helpers(guildId);
  if (!helpers) return edit(responder, notice(HANDOFF_TEXT.noHelpers));
  if (!(await threads.roleExists(guildId, helpers.roleId))) return edit(responder, notice(HANDOFF_TEXT.roleGone));
  const started = await handoff.start(recordId, guildId, asker, question, ctx.now);
  if (started.kind === 'no-helpers') return edit(responder, notice(HANDOFF_TEXT.noHelpers));
  if (started.kind === 'limit') return edit(responder, notice(HANDOFF_TEXT.limit(started.limit)));
  if (started.kind === 'already')
    return edit(responder, notice(HANDOFF_TEXT.already(started.threadId && `<#${started.threadId}>`)));

  // In the helpers' channel; without one, from the answer (an ephemeral one has no message to start from).
  const channelId = started.helpers.channelId ?? request.invoker.channelId ?? '';
  const fromMessage =
    started.helpers.channelId || !request.message || request.message.ephemeral ? undefined : request.message.id;
  let threadId: string;
  try {
    threadId = await threads.openThread(channelId, threadName(question), fromMessage);
  } catch (error) {
    await handoff.giveBack(started.id);
    const problem = threadProblem(error);
    const text =
      problem === 'unknown-channel' && started.helpers.channelId
        ? HANDOFF_TEXT.channelGone
        : problem === 'no-permission'
          ? HANDOFF_TEXT.noThreadPermission(`<#${channelId}>`)
          : HANDOFF_TEXT.threadFailed;
    return edit(responder, notice(text));
  }
  try {
    await handoff.opened(started.id, { threadId, guildId, askerId: asker }, ctx.now);
  } catch (error) {
    await handoff.giveBack(started.id).catch(() => undefined);
    throw error;
  }
  const passage = closestPassage(ctx.engine.kb, question);
  const rendered = renderReply(handoffReply(escapeMarkdown(question), passage));
  const { flags: _never, ...body } = rendered;
  // The one role mention the bot ever makes; the member is named, not pinged.
  const content = `<@&${helpers.roleId}> <@${asker}> would like a person to answer this.`;
  await threads.post(threadId, { ...body, content }, `h${compactId(threadId)}`, helpers.roleId);
  return edit(responder, { text: HANDOFF_TEXT.opened(`<#${threadId}>`), tone: 'answer' });
}

async function resolve(
  request: Extract<InteractionRequest, { kind: 'button' }>,
  responder: Responder,
  handoff: HandoffService,
  threads: ThreadOps,
  guildId: string,
  ctx: CommandContext,
): Promise<void> {
  const threadId = request.invoker.channelId;
  if (!threadId) return say(responder, HANDOFF_TEXT.resolveNotFollowed);
  const outcome = await handoff.resolve(threadId, actorOf(request.invoker), guildId, ctx.now);
  if (outcome.kind === 'not-allowed') return say(responder, HANDOFF_TEXT.resolveNotAllowed);
  if (outcome.kind === 'not-followed') return say(responder, HANDOFF_TEXT.resolveNotFollowed);
  if (outcome.kind === 'already') return say(responder, HANDOFF_TEXT.alreadyResolved);
  // Answered before archiving: the answer is private, so the resolved thread gets no new post.
  await responder.defer(true);
  try {
    const info = await threads.threadInfo(threadId);
    const tags = info.inForum ? solvedTags(info) : undefined;
    await threads.close(threadId, tags);
    const tagged = tags ? ' and tagged it solved' : '';
    return edit(responder, {
      text: `✅ Marked resolved. I archived the thread${tagged}, and I won't post in it again.`,
      tone: 'answer',
    });
  } catch (error) {
    const why =
      threadProblem(error) === 'no-permission' ? ' (I need the Manage Threads permission there)' : ' just now';
    return edit(
      responder,
      notice(`✅ Marked resolved, and I won't post in it again, but I could not archive the thread${why}.`),
    );
  }
}

/** "Save as FAQ answer" on a message: the /faq add form with the member's question and that reply. */
export async function saveAsFaq(
  target: ContextTarget | undefined,
  invoker: Invoker,
  responder: Responder,
  deps: HandoffDeps,
): Promise<void> {
  const handoff = deps.services?.handoff;
  const { guildId, channelId } = invoker;
  if (!handoff || !deps.services?.faq || !guildId || !channelId)
    return say(responder, 'Curated answers are not available here.');
  if (!target?.content.trim()) return say(responder, 'That message has no text to save.');
  if (target.author.bot) return say(responder, HANDOFF_TEXT.saveOwnMessage);
  const found = await handoff.saveTarget(channelId, actorOf(invoker), guildId);
  if (found.kind === 'refused') return say(responder, found.reason);
  return responder.modal(saveForm(found.question, target.content));
}

export function saveForm(question: string, answer: string): APIModalInteractionResponseCallbackData {
  return { ...curateForm(question, answer), custom_id: SAVE_FORM_ID, title: 'Save as FAQ answer' };
}

/** The "Save as FAQ answer" form, submitted: stored as the server's curated answer, and counted. */
export async function savedForm(
  field: (id: string) => string | undefined,
  invoker: Invoker,
  deps: HandoffDeps,
  ctx: CommandContext,
): Promise<RenderedMessage> {
  const reply = await saveReply(field, invoker, deps, ctx);
  return renderReply({ ...reply, ephemeral: true });
}

async function saveReply(
  field: (id: string) => string | undefined,
  invoker: Invoker,
  deps: HandoffDeps,
  ctx: CommandContext,
): Promise<Reply> {
  const { handoff, faq } = deps.services ?? {};
  const { guildId, channelId } = invoker;
  if (!handoff || !faq || !guildId || !channelId || !findCommand(deps.commands, 'faq', SLASH))
    return notice('Curated answers are not available here.');
  // Checked again: a form can be submitted by someone who was never shown it.
  const found = await handoff.saveTarget(channelId, actorOf(invoker), guildId);
  if (found.kind === 'refused') return notice(found.reason);
  const question = field(FIELDS.question);
  const answer = field(FIELDS.answer);
  if (question === undefined || answer === undefined)
    return notice('The form is missing the question or the answer. Use Save as FAQ answer again.');
  const reply = await faq.add(guildId, question, answer, ctx.engine.kb);
  if (reply.tone === 'answer') await handoff.saved(channelId, ctx.now);
  return reply;
}
