import type { Related } from '../answer/types.ts';
import { GENERATION } from './limits.ts';

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** What the model is told. Each rule here is one the support check then enforces. */
export const INSTRUCTIONS = [
  'You answer questions about a report, using only the numbered sources given with the question.',
  'Every sentence must end with the number of the source it comes from in square brackets, like [1] or [1][2].',
  "Keep the sources' own words, numbers, dates and names; do not add facts, opinions or background of your own.",
  "If the sources do not answer the question, say plainly that the report doesn't say, and stop.",
  'Answer in at most three short sentences, in plain text, without headings or lists.',
].join('\n');

/**
 * The sources the model may cite, in the engine's order, within the budget: the first source is
 * always kept (clipped if it must be), later ones only whole.
 */
export function numberedSources(evidence: readonly Related[]): Related[] {
  const out: Related[] = [];
  let used = 0;
  for (const e of evidence) {
    if (out.length >= GENERATION.maxSources) break;
    if (out.some((o) => o.text === e.text)) continue;
    const room = GENERATION.sourceCharBudget - used;
    if (e.text.length > room) {
      if (out.length === 0) out.push({ ...e, text: e.text.slice(0, room) });
      break;
    }
    out.push(e);
    used += e.text.length;
  }
  return out;
}

export function promptFor(question: string, sources: readonly Related[]): ChatMessage[] {
  const listed = sources.map((s, i) => `[${i + 1}] (${s.source.section}) ${s.text}`).join('\n');
  return [
    { role: 'system', content: INSTRUCTIONS },
    { role: 'user', content: `Sources:\n${listed}\n\nQuestion: ${question}` },
  ];
}
