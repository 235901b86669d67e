import type { Answer } from '../answer/types.ts';
import { clip } from '../text/clip.ts';
import { stripBidiControls } from '../text/echo.ts';
import { sourceLine } from '../text/sourceLine.ts';
import { LIMITS } from './limits.ts';
import type { Reply, UserRef } from './types.ts';

/** The reply /ask, "Ask the report" and free-text questions all give. */
export function replyForAnswer(
  answer: Answer,
  options: { mention?: UserRef; ephemeral?: boolean; followingUp?: string } = {},
): Reply {
  const base: Reply = {
    mention: options.mention,
    ephemeral: options.ephemeral,
    followingUp:
      options.followingUp && clip(stripBidiControls(options.followingUp.replace(/\?+$/, '')), LIMITS.followingUp),
  };
  if (!answer.answered) {
    return {
      ...base,
      title: answer.kind === 'invalid' ? 'Not a question I can look up' : 'Not in the report',
      text: answer.text,
      tone: 'notice',
      answered: false,
      suggestions: answer.suggestions.slice(0, 3),
    };
  }
  const wide = answer.table && answer.table.rows.length > 1 && answer.kind !== 'timeline';
  return {
    ...base,
    // The title is the question as typed, so it must not carry the asker's bidi controls.
    title: clip(stripBidiControls(answer.question), LIMITS.title),
    text: answer.text,
    emphasis: answer.focus,
    table: wide ? { columns: answer.table!.columns, rows: answer.table!.rows } : undefined,
    source: answer.source ? sourceLine(answer.source) : undefined,
    // The source line names the answer's report; a related passage from another report names its own.
    related: answer.related.map(
      (r) => `${r.text} (${r.source.document === answer.source?.document ? r.source.section : sourceLine(r.source)})`,
    ),
    tone: 'answer',
    answered: true,
  };
}
