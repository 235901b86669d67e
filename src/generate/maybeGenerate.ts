import type { Answer } from '../answer/types.ts';
import type { CommandContext } from '../bot/context.ts';
import type { Asked } from '../insights/service.ts';
import type { Reply } from '../reply/types.ts';
import { clip } from '../text/clip.ts';
import { sourceLine } from '../text/sourceLine.ts';
import type { Outcome } from './generator.ts';
import { GENERATED_KINDS } from './kinds.ts';
import { throttledParts } from './progress.ts';

/** A generated answer: the checked text, and the sources its sentences cite as "[n] Document › Section". */
export interface GeneratedAnswer extends Answer {
  generated: { sourceLines: string[]; ms: number };
}

/** The longest generated text a reply shows; three short sentences fit. */
const GENERATED_MAX = 700;

/**
 * The one call /ask makes: the engine's answer, or, where this server asked for generated answers
 * and a server is configured, a generated one whose every sentence was checked. Anything else
 * (off-topic, a refusal, a rejected sentence, a slow or failing server) returns `answer` as it is.
 */
export async function maybeGenerate(
  answer: Answer,
  ctx: Pick<CommandContext, 'guildId' | 'services' | 'progress'>,
  onChecked?: (shown: string) => void,
): Promise<Answer | GeneratedAnswer | StandInAnswer> {
  const generation = ctx.services.generation;
  if (!generation?.available || ctx.guildId === undefined || !wantsGeneration(answer)) return answer;
  if ((await generation.modeOf(ctx.guildId)) !== 'generated') return answer;
  // The model takes seconds: the transport may say so now and show checked sentences as they come.
  ctx.progress?.begin();
  const shownSoFar =
    onChecked ?? (ctx.progress ? throttledParts(ctx.progress, (text) => partialReply(answer, text)) : undefined);
  const outcome = await generation.generate(answer.question, answer.evidence!, ctx.guildId, shownSoFar);
  generation.record({ guildId: ctx.guildId, question: answer.question, outcome });
  if (outcome.kind === 'shown') return generatedAnswer(answer, outcome);
  return { ...answer, generationFailed: outcome.kind };
}

/** The extractive answer sent in place of a generated one, marked so /insights can count why. */
export interface StandInAnswer extends Answer {
  generationFailed: 'rejected' | 'fallback';
}

/** Answers, and "doesn't say; the closest it comes", have evidence; off-topic and invalid questions never reach a model. */
export function wantsGeneration(answer: Answer): boolean {
  if (!answer.evidence || answer.evidence.length === 0) return false;
  return answer.answered || (answer.kind === 'not-covered' && answer.related.length > 0);
}

export function generatedAnswer(answer: Answer, outcome: Extract<Outcome, { kind: 'shown' }>): GeneratedAnswer {
  const cited = [...new Set(outcome.sentences.flatMap((s) => s.cites))].sort((a, b) => a - b);
  const first = outcome.sources[cited[0]! - 1]!;
  return {
    ...answer,
    text: clip(outcome.text, GENERATED_MAX),
    source: first.source,
    kind: 'passage',
    related: [],
    suggestions: [],
    table: undefined,
    focus: undefined,
    generated: {
      sourceLines: cited.map((n) => `[${n}] ${sourceLine(outcome.sources[n - 1]!.source)}`),
      ms: outcome.ms,
    },
  };
}

export function isGenerated(answer: Answer): answer is GeneratedAnswer {
  return 'generated' in answer;
}

/** A generated reply names every source its sentences cite, one "[n] Document › Section" line each. */
export function withGeneratedSources(reply: Reply, answer: Answer): Reply {
  return isGenerated(answer) ? { ...reply, source: answer.generated.sourceLines.join('\n') } : reply;
}

/** Recorded for /insights with a generated kind, so its 👍/👎 say which mode they judged, and rejections and fallbacks are counted. */
export function askedOf(answer: Answer): Answer | Asked {
  const kind = isGenerated(answer)
    ? GENERATED_KINDS.shown
    : 'generationFailed' in answer
      ? GENERATED_KINDS[(answer as StandInAnswer).generationFailed]
      : undefined;
  return kind ? { question: answer.question, answered: answer.answered, kind, source: answer.source } : answer;
}

/** What a member sees while the answer is written: only sentences already checked. */
export function partialReply(answer: Answer, shown: string): Reply {
  return { title: clip(answer.question, 256), text: `${clip(shown, GENERATED_MAX)} …`, tone: 'answer' };
}
