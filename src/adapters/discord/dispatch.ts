import { type APIModalInteractionResponseCallbackData, MessageFlags, SnowflakeUtil } from 'discord.js';
import type { CommandContext } from '../../bot/context.ts';
import { execute } from '../../bot/execute.ts';
import { SAVE_AS_FAQ } from '../../handoff/service.ts';
import type { Reply, UserRef } from '../../reply/types.ts';
import { NOTHING_SAVED, StoreWriteError } from '../../store/writeError.ts';
import { type AnswerQueue, deferLaterAfterMs, isTooLateToStart, OVERLOAD, wouldMissBudget } from './answerQueue.ts';
import { type FeedbackPlan, planFeedback } from './feedbackPlan.ts';
import { type HandoffDeps, handoffButton, SAVE_FORM_ID, saveAsFaq, savedForm } from './handoffFlow.ts';
import { isHandoffId } from './handoffId.ts';
import { DEFER_AFTER_MS, EXPIRED_COMPONENT, SORRY, UNKNOWN_INTERACTION } from './interactionConstants.ts';
import {
  autocompleteChoices,
  type CommandPlan,
  commandContext,
  type Invoker,
  pagerFor,
  planButton,
  planContextMenu,
  planSlashCommand,
  replyOrSlow,
} from './interactionPlan.ts';
import { type LostCounter, lostCounterFor } from './lostInteractions.ts';
import type { OptionSource } from './options.ts';
import { type RenderedMessage, renderReply } from './render.ts';
import { tryOnce } from './restPolicy.ts';
import { type StreamedReply, streamedReply } from './streamedReply.ts';

/**
 * An interaction as plain data, whichever transport received it: what kind it is and what the
 * plans need to read from it. Each transport turns its own object (discord.js's, or the raw
 * payload) into one of these.
 */
export type InteractionRequest = { id: string; invoker: Invoker } & (
  | { kind: 'autocomplete'; command: string; focused: () => { name: string; value: unknown } }
  | { kind: 'slash'; command: string; options: OptionSource }
  | { kind: 'context-menu'; command: string; target: ContextTarget | undefined }
  /** A command type this bot does not define (a user context menu). */
  | { kind: 'other-command' }
  | { kind: 'button'; customId: string; message?: PressedMessage }
  | { kind: 'modal'; customId: string; field: (id: string) => string | undefined }
  /** A select menu, or any interaction kind this bot never asks for. */
  | { kind: 'other' }
);

/** The message a context menu was used on. */
export interface ContextTarget {
  content: string;
  author: UserRef & { bot?: boolean };
  id?: string;
}

/** The message whose button was pressed: a thread may start from it unless it is ephemeral. */
export interface PressedMessage {
  id: string;
  ephemeral: boolean;
}

/** A message to edit or update: its ephemerality is the deferral's, or the message's, and cannot change. */
export type MessageEdit = Omit<RenderedMessage, 'flags'>;

/**
 * How one transport answers: all that differs between the gateway and the HTTP endpoint. The first
 * of reply, update, choices, modal or defer is the interaction's response; editOriginal,
 * deleteOriginal and followUp come after it.
 */
export interface Responder {
  /** Whether the first response may carry files; the HTTP response is JSON only, so a file waits for the edit. */
  readonly filesInFirstResponse: boolean;
  reply(message: RenderedMessage): Promise<void>;
  /** Updates the message whose component was pressed. */
  update(message: MessageEdit): Promise<void>;
  choices(choices: Array<{ name: string; value: string }>): Promise<void>;
  modal(modal: APIModalInteractionResponseCallbackData): Promise<void>;
  defer(ephemeral: boolean): Promise<void>;
  editOriginal(message: MessageEdit): Promise<void>;
  deleteOriginal(): Promise<void>;
  followUp(message: RenderedMessage): Promise<void>;
}

export interface DispatchDeps extends HandoffDeps {
  /** A command still running after this long is deferred, well inside Discord's 3 s. */
  deferAfterMs?: number;
  /**
   * Whether a failure can still be apologised for. The gateway says no for a rate limit: waiting
   * would outlast the interaction, and an apology is one more request into the same limit.
   */
  canApologise?: (error: unknown, interactionId: string) => boolean;
  /** Discord's clock as its responses tell it (undefined until one has); the response window is on that clock. */
  discordNow?: () => number | undefined;
  /**
   * Commands run in turn, oldest first, deferred only when they would miss the window (answerQueue.ts).
   * Without one, each command runs as it arrives and is deferred once it takes deferAfterMs.
   */
  answerQueue?: AnswerQueue;
  /** Where unanswerable interactions are counted; by default one counter per logger. */
  lost?: LostCounter;
}

/** What was sent so far, so a failure is apologised for in the one way Discord still accepts. */
type Sent = 'nothing' | 'deferred' | 'replied';

/**
 * The one walk from an interaction to its answer, for both transports: the plan decides what the
 * interaction asks for (interactionPlan.ts, feedbackPlan.ts), and `responder` sends it. A command
 * that fails gets the ephemeral apology; an autocomplete that fails gets no choices.
 */
export async function dispatchInteraction(
  request: InteractionRequest,
  responder: Responder,
  deps: DispatchDeps,
): Promise<void> {
  let sent: Sent = 'nothing';
  const marking =
    <A extends unknown[]>(send: (...args: A) => Promise<void>, state: Sent) =>
    async (...args: A) => {
      await send(...args);
      sent = state;
    };
  // One deferral at most: the overload queue, a streamed reply and a slow command may each ask for it.
  let deferral: Promise<void> | undefined;
  const tracked: Responder = {
    filesInFirstResponse: responder.filesInFirstResponse,
    reply: marking(responder.reply, 'replied'),
    update: marking(responder.update, 'replied'),
    choices: marking(responder.choices, 'replied'),
    modal: marking(responder.modal, 'replied'),
    defer: (hide) => {
      deferral ??= marking(responder.defer, 'deferred')(hide);
      return deferral;
    },
    editOriginal: marking(responder.editOriginal, 'replied'),
    deleteOriginal: responder.deleteOriginal,
    followUp: responder.followUp,
  };
  try {
    await answer(request, tracked, deps);
  } catch (error) {
    if ((error as { code?: unknown }).code === UNKNOWN_INTERACTION) {
      // Too late by Discord's clock: an apology would meet the same answer. Counted, not logged one by one.
      (deps.lost ?? lostCounterFor(deps.logger))('expired');
      return;
    }
    if (deps.canApologise && !deps.canApologise(error, request.id)) return;
    if (error instanceof StoreWriteError) {
      // The operator's line names the cause (a full disk, a read-only database); the member learns that nothing changed.
      deps.logger.error({ err: error, interactionId: request.id, code: error.code }, error.message);
    } else {
      deps.logger.error({ err: error, interactionId: request.id }, 'interaction handler failed');
    }
    await tryOnce(() => apologise(request, responder, sent, apologyFor(error))).catch((apologyError: unknown) =>
      deps.logger.warn({ err: apologyError, interactionId: request.id }, 'could not send the apology either'),
    );
  }
}

async function answer(request: InteractionRequest, responder: Responder, deps: DispatchDeps): Promise<void> {
  const context = () => commandContext(request.invoker, deps);
  switch (request.kind) {
    case 'autocomplete':
      return responder.choices(
        autocompleteChoices(request.command, request.focused, request.invoker, { ...deps, interactionId: request.id }),
      );
    case 'slash':
      return runPlan(planSlashCommand(deps.commands, request.command, request.options), request, responder, deps);
    case 'context-menu':
      if (request.command === SAVE_AS_FAQ) return saveAsFaq(request.target, request.invoker, responder, deps);
      return runPlan(planContextMenu(deps.commands, request.command, request.target), request, responder, deps);
    case 'other-command':
      return responder.reply(renderReply(notice("I don't know that command.")));
    case 'button': {
      const ctx = context();
      if (isHandoffId(request.customId)) return handoffButton(request, responder, deps, ctx);
      const feedback = await planFeedback({ kind: 'button', customId: request.customId }, ctx, deps.commands);
      if (feedback) return sendFeedback(feedback, ctx, request, responder, deps);
      const plan = planButton(request.customId, request.invoker, deps);
      if (plan.kind === 'expired') return responder.reply(renderReply(notice(EXPIRED_COMPONENT)));
      if (plan.kind === 'notice') return responder.reply(renderReply(plan.reply));
      const { flags: _ephemeralCannotChange, ...update } = renderReply(plan.reply, plan.render);
      return responder.update(update);
    }
    case 'modal': {
      // A submitted form: the 👎 form's comment, or /faq add from /insights' "Answer".
      const ctx = context();
      if (request.customId === SAVE_FORM_ID)
        return responder.reply(await savedForm(request.field, request.invoker, deps, ctx));
      const input = { kind: 'modal' as const, customId: request.customId, field: request.field };
      const plan = await planFeedback(input, ctx, deps.commands);
      // No form of this bot opens another (Discord refuses a modal in answer to a modal), so neither can be answered.
      if (!plan || plan.kind === 'modal') return responder.reply(renderReply(notice(EXPIRED_COMPONENT)));
      return sendFeedback(plan, ctx, request, responder, deps);
    }
    case 'other':
      // A select menu or any component of a message this bot no longer knows: say so rather than leave it spinning.
      return responder.reply(renderReply(notice(EXPIRED_COMPONENT)));
  }
}

const notice = (text: string): Reply => ({ text, tone: 'notice', ephemeral: true });

function runPlan(
  plan: CommandPlan,
  request: InteractionRequest,
  responder: Responder,
  deps: DispatchDeps,
): Promise<void> {
  if (plan.kind === 'notice') return responder.reply(renderReply(plan.reply));
  // A generated answer defers at once and shows its checked sentences as they come (src/generate/).
  const parts = streamedReply(responder, plan.hide, pagerFor(request.invoker.user.id, deps), deps.logger, request.id);
  const run = () => execute(plan.command, plan.args, { ...commandContext(request.invoker, deps), progress: parts });
  return respond(run, plan.hide, request, responder, deps, parts);
}

function sendFeedback(
  plan: FeedbackPlan,
  ctx: CommandContext,
  request: InteractionRequest,
  responder: Responder,
  deps: DispatchDeps,
): Promise<void> {
  switch (plan.kind) {
    case 'reply':
      return responder.reply(renderReply(plan.reply));
    case 'modal':
      return responder.modal(plan.modal);
    case 'run': {
      // /faq add from a form: ephemeral, as everything feedback says.
      const run = async (): Promise<Reply> => ({ ...(await execute(plan.command, plan.args, ctx)), ephemeral: true });
      return respond(run, true, request, responder, deps);
    }
  }
}

/**
 * Reply straight away when the command is quick; otherwise defer first, so Discord's 3-second
 * window never closes on a slow command (a database or network call), then edit the deferral.
 * With a queue, the command waits its turn, and is deferred at once only when the queue ahead of
 * it says its answer would land past the budget (answerQueue.ts).
 */
async function respond(
  run: () => Promise<Reply>,
  hide: boolean,
  request: InteractionRequest,
  responder: Responder,
  deps: DispatchDeps,
  parts?: StreamedReply,
): Promise<void> {
  const deferAfterMs = deps.deferAfterMs ?? DEFER_AFTER_MS;
  const queue = deps.answerQueue;
  if (!queue) {
    const work = run();
    return send(work, await replyOrSlow(work, deferAfterMs), false, hide, request, responder, deps, parts);
  }
  const arrival = Date.now();
  const discordNow = deps.discordNow?.();
  // By Discord's clock; with that unknown, the interaction is taken as just made, and nothing is dropped.
  const ageOnArrival = discordNow === undefined ? 0 : Math.max(0, discordNow - SnowflakeUtil.timestampFrom(request.id));
  const age = () => ageOnArrival + Date.now() - arrival;
  const tooLate = () => discordNow !== undefined && isTooLateToStart(age());
  const lost = () => (deps.lost ?? lostCounterFor(deps.logger))('shed');
  // Not even a deferral: it would land after the window, or just inside it to be edited late.
  if (tooLate()) return lost();
  const early = wouldMissBudget(ageOnArrival, queue.expectedWaitMs(), queue.turnMs());
  if (early) await responder.defer(hide);
  // The estimate can be wrong (other work took the CPU): one still waiting at the budget is deferred then.
  const waiting: { started: boolean; deferral?: Promise<void> } = { started: false };
  const timer = early
    ? undefined
    : setTimeout(() => {
        if (waiting.started) return;
        waiting.deferral = responder.defer(hide);
        // Read when its turn comes; until then, a refusal must not be an unhandled rejection.
        waiting.deferral.catch(() => undefined);
      }, deferLaterAfterMs(ageOnArrival));
  const turn = await queue.run(early ? 'deferred' : 'fresh', arrival - ageOnArrival, async () => {
    waiting.started = true;
    clearTimeout(timer);
    const deferred = early || waiting.deferral !== undefined;
    if (waiting.deferral) await waiting.deferral;
    if (!deferred && tooLate()) return undefined;
    const work = run();
    // Keeps the rejection handled while the turn ends; send() reads it.
    work.catch(() => undefined);
    if (deferred) return { work, first: await work, deferred };
    // A turn that came after the line's budget (a busy loop holds the timer up) is deferred at once,
    // while the command runs; a command slow on its own has until the window's budget.
    const budgetLeft = age() > OVERLOAD.lineBudgetMs ? 0 : Math.max(0, OVERLOAD.windowBudgetMs - age());
    return { work, first: await replyOrSlow(work, Math.min(deferAfterMs, budgetLeft)), deferred };
  });
  if (!turn) return lost();
  return send(turn.work, turn.first, turn.deferred, hide, request, responder, deps, parts);
}

/** Sends the command's reply: as the first response, or as the edit of a deferral (made now, if need be). */
async function send(
  work: Promise<Reply>,
  first: Reply | 'slow',
  deferred: boolean,
  hide: boolean,
  request: InteractionRequest,
  responder: Responder,
  deps: DispatchDeps,
  parts?: StreamedReply,
): Promise<void> {
  const owner = pagerFor(request.invoker.user.id, deps);
  // A command that began showing parts has deferred already, at `hide`.
  await parts?.settled();
  const begun = parts?.begun() ?? false;
  if (!deferred && !begun && first !== 'slow' && (responder.filesInFirstResponse || !hasFiles(first))) {
    await responder.reply(renderReply(first, owner));
    return;
  }
  const privately = deferred || begun || first === 'slow' ? hide : first.ephemeral === true || hide;
  if (!deferred && !begun) {
    // Keeps the rejection handled while the deferral is on its way; the await below reads it.
    work.catch(() => undefined);
    await responder.defer(privately);
  }
  const done = await work;
  await parts?.settled();
  const { flags, ...edit } = renderReply(done, owner);
  if (flags && !privately) {
    // The deferral was public, and an edit cannot make it private: replace it with a private follow-up.
    await responder.deleteOriginal();
    await responder.followUp({ ...edit, flags });
    return;
  }
  await responder.editOriginal(edit);
}

/** A change the store refused is worth saying so: the member should not believe it was saved, nor try a different one. */
function apologyFor(error: unknown): string {
  return error instanceof StoreWriteError ? NOTHING_SAVED : SORRY;
}

/** One try: during an outage the apology fails like the request before it, and retrying only delays the next user. */
async function apologise(request: InteractionRequest, responder: Responder, sent: Sent, text: string): Promise<void> {
  if (request.kind === 'autocomplete') {
    if (sent === 'nothing') await responder.choices([]);
    return;
  }
  const body: MessageEdit = {
    content: text,
    embeds: [],
    components: [],
    allowedMentions: { parse: [], repliedUser: false },
  };
  // The deferred "thinking…" message is the reply: replace it, or it spins until Discord gives up on it.
  if (sent === 'deferred') await responder.editOriginal(body);
  else if (sent === 'replied') await responder.followUp({ ...body, flags: MessageFlags.Ephemeral });
  else await responder.reply({ ...body, flags: MessageFlags.Ephemeral });
}

/** Whether the reply uploads a file: the HTTP transport's first response cannot carry one. */
function hasFiles(reply: Reply): boolean {
  return reply.attachment !== undefined || reply.image !== undefined;
}
