import type { Answer } from '../../answer/types.ts';

/** The stable JSON shape scripts rely on; `answer` is the answer's text. */
export function answerJson(answer: Answer): string {
  const { question, answered, text, focus, source, confidence, kind, related, suggestions, table } = answer;
  return JSON.stringify({
    question,
    answered,
    answer: text,
    focus,
    source,
    confidence,
    kind,
    related,
    suggestions,
    table,
  });
}
