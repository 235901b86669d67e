import { dateMatches } from '../knowledge/dates.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { TimelineEntry } from '../knowledge/types.ts';
import type { Question } from './question.ts';
import { ANSWER_MAX, type Answer } from './types.ts';
import { clip } from '../knowledge/text.ts';

/** Timeline entries for the dates or months a question names; all of them when it asks for the timeline. */
export function timelineEntriesFor(kb: KnowledgeBase, q: Question): TimelineEntry[] | undefined {
  if (q.dates.length > 0) {
    const hits = kb.timeline.filter((e) => q.dates.some((d) => dateMatches(e.date, d)));
    return hits.length > 0 ? hits : undefined;
  }
  if (q.months.length > 0) {
    const hits = kb.timeline.filter((e) => q.months.includes(e.date.month ?? -1));
    return hits.length > 0 ? hits : undefined;
  }
  if (q.wantsTimeline && kb.timeline.length > 0 && q.entities.length === 0) return kb.timeline;
  return undefined;
}

export function timelineAnswer(q: Question, entries: TimelineEntry[], confidence: number): Answer {
  const first = entries[0]!;
  const lines = entries.map((e) => `${e.label}: ${e.event}`);
  return {
    question: q.text,
    answered: true,
    answer: clip(lines.join('. ') + '.', ANSWER_MAX),
    source: first.source,
    confidence,
    kind: 'timeline',
    related: [],
    suggestions: [],
    table: { title: first.source.section, columns: ['Date', 'Event'], rows: entries.map((e) => [e.label, e.event]) },
  };
}
