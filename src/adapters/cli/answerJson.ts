import type { Answer } from '../../answer/types.ts';

/**
 * The stable JSON shape scripts rely on; `answer` is the answer's text. `source` and `table`
 * are always present, `null` when there is none, so a script can read them without first
 * asking whether the key exists. `focus` appears only on answers that have one.
 */
export function answerJson(answer: Answer): string {
  const { question, answered, text, focus, source, confidence, kind, related, suggestions, table } = answer;
  return JSON.stringify({
    question,
    answered,
    answer: text,
    focus,
    source: source ?? null,
    confidence,
    kind,
    related,
    suggestions,
    table: table ?? null,
  });
}
