import type { AnswerEngine } from '../answer/engine.ts';
import type { Answer } from '../answer/types.ts';
import { withTableChart } from '../charts/replyChart.ts';
import type { Conversations } from '../conversation/conversations.ts';
import { curatedAnswer, curatedAsked } from '../faq/reply.ts';
import type { FaqService } from '../faq/service.ts';
import { askedOf, withGeneratedSources } from '../generate/maybeGenerate.ts';
import type { HandoffService } from '../handoff/service.ts';
import type { Asked, InsightsService } from '../insights/service.ts';
import { replyForAnswer } from '../reply/fromAnswer.ts';
import type { Reply, UserRef } from '../reply/types.ts';
import { memoised } from './answerMemo.ts';

/**
 * What answering a question may use. Each part but the engine is optional: a transport without a
 * store has no curated answers and records nothing, and one that keeps no conversations reads
 * every question on its own.
 */
export interface AskDeps {
  engine: AnswerEngine;
  faq?: FaqService;
  conversations?: Conversations;
  insights?: InsightsService;
  /**
   * Where the server chose generated answers (src/generate/): the engine's answer rewritten by the
   * model, every sentence checked, or the engine's answer as it is. Without it, the engine's.
   */
  generate?: (answer: Answer) => Promise<Answer>;
  /** The hand-off loop: a question the report does not cover gets "Ask a person" where the server has helpers. */
  handoff?: Pick<HandoffService, 'helpers'>;
}

/**
 * How one path asks. Each option says what that path leaves out, and its caller says why.
 */
export interface AskOptions {
  /** The server asked in; without one (a DM, the CLI) there are no curated answers and nothing is recorded. */
  guildId?: string;
  /**
   * The conversation the question belongs to, so a follow-up ("and Japan?") is read against the
   * last answer in it. Omitted, the question stands on its own.
   */
  conversation?: string;
  /** Other wordings tried for a curated answer when the question matches none (a forum post's title). */
  curatedAlso?: readonly string[];
  /** Recorded for /insights, which also gives an answered reply its 👍/👎. */
  record: boolean;
  /** Chat the bot overheard: recorded only when answered, since only then did the bot say anything. */
  overheard?: boolean;
  now: Date;
  /** Who asked: the only member who may hand the question to a person. */
  asker?: string;
  /** How the reply is addressed and shown. */
  reply?: { mention?: UserRef; ephemeral?: boolean };
}

export interface AskOutcome {
  reply: Reply;
  /** The engine's answer; undefined when the server's curated answer replied. */
  answer?: Answer;
  curated: boolean;
}

/**
 * The one way a question is answered, whatever the transport: the server's curated answer when one
 * matches closely, else a follow-up read against the conversation, else the engine; then the
 * question is recorded for /insights. /ask, Ask the report, chat, forum posts and `npm run ask`
 * all come here.
 */
export async function ask(deps: AskDeps, question: string, options: AskOptions): Promise<AskOutcome> {
  const curated = await curatedFor(deps, question, options);
  if (curated) {
    // The next question is not read against the report answer before this one: it stands alone.
    deps.conversations?.forget(options.conversation);
    const reply = await record(deps, curated, curatedAsked(question), question, options);
    return { reply, curated: true };
  }
  // The engine's answers are memoised per knowledge base; the curated answer above never is.
  const engine = memoised(deps.engine);
  const turn =
    deps.conversations && options.conversation !== undefined
      ? deps.conversations.ask(engine, options.conversation, question, options.now.getTime())
      : { answer: engine.answer(question), followingUp: undefined };
  const answer = deps.generate ? await deps.generate(turn.answer) : turn.answer;
  const drafted = withTableChart(
    withGeneratedSources(replyForAnswer(answer, { ...options.reply, followingUp: turn.followingUp }), answer),
    answer.table?.title,
    deps.engine.kb,
  );
  const reply = await record(deps, drafted, askedOf(answer), question, options);
  return { reply, answer, curated: false };
}

/**
 * The guild's curated answer to the question, else to each other wording in turn. A store that
 * cannot be read costs nobody an answer: it is undefined then, and the report answers.
 */
async function curatedFor(deps: AskDeps, question: string, options: AskOptions): Promise<Reply | undefined> {
  const { faq } = deps;
  const { guildId } = options;
  if (!faq || !guildId) return undefined;
  const others = (options.curatedAlso ?? []).filter((wording) => wording !== '' && wording !== question);
  for (const wording of [question, ...others]) {
    const reply = await curatedAnswer(faq, guildId, wording, deps.engine.kb, options.reply);
    if (reply) return reply;
  }
  return undefined;
}

/**
 * Records a question the bot answered or refused, for /insights, and gives an answered reply its
 * 👍/👎. Only in a server (a DM has no admins to read it), and chat the bot merely overheard is
 * recorded only when it was answered. A follow-up ("and Japan?") is recorded as the engine spelled
 * it out; anything else as typed, since admins curate what members write.
 */
async function record(
  deps: AskDeps,
  reply: Reply,
  asked: Asked | Answer,
  typed: string,
  options: AskOptions,
): Promise<Reply> {
  const { insights } = deps;
  if (!options.record || !insights || !options.guildId || (options.overheard && !asked.answered)) return reply;
  const question = reply.followingUp ? asked.question : typed;
  const id = await insights.recordQuestion(options.guildId, { ...asked, question }, options.now);
  if (id && asked.answered) return { ...reply, feedback: { record: id } };
  if (id && options.asker && (await helpersIn(deps, options.guildId))) {
    return { ...reply, handoff: { record: id, asker: options.asker } };
  }
  return reply;
}

/** Whether the server has helpers; a store that cannot be read leaves the button out, never the answer. */
async function helpersIn(deps: AskDeps, guildId: string): Promise<boolean> {
  try {
    return (await deps.handoff?.helpers(guildId)) !== undefined;
  } catch {
    return false;
  }
}
