import type { Answer } from '../../answer/types.ts';
import { sourceLine } from '../../text/sourceLine.ts';

/** An answer as a person reads it in a terminal: the fact, where it comes from, and what else to look at. */
export function formatAnswer(answer: Answer): string {
  const lines = [answer.text];
  if (answer.source) {
    lines.push(`  — ${sourceLine(answer.source)} (confidence ${answer.confidence.toFixed(2)})`);
  }
  if (answer.related.length > 0) {
    lines.push('Related:');
    for (const r of answer.related) lines.push(`  • ${r.text} (${r.source.section})`);
  }
  if (answer.suggestions.length > 0) {
    lines.push('You could ask:');
    for (const s of answer.suggestions) lines.push(`  • ${s}`);
  }
  return lines.join('\n');
}

/** The stable JSON shape scripts rely on. */
export function answerJson(answer: Answer): string {
  const { question, answered, text, focus, source, confidence, kind, related, suggestions, table } = answer;
  return JSON.stringify({ question, answered, answer: text, focus, source, confidence, kind, related, suggestions, table });
}
