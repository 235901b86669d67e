import { entriesOn } from '../knowledge/dates.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { TimelineEntry } from '../knowledge/types.ts';
import type { Question } from './question.ts';
import { answered } from './answered.ts';
import type { Answer } from './types.ts';

/** Timeline entries for the dates or months a question names; all of them when it asks for the timeline. */
export function timelineEntriesFor(kb: KnowledgeBase, q: Question): TimelineEntry[] | undefined {
  const on = entriesOn(kb.timeline, q.dates, q.months);
  if (on) return on.length > 0 ? on : undefined;
  if (q.wantsTimeline && kb.timeline.length > 0 && q.entities.length === 0) return kb.timeline;
  return undefined;
}

export function timelineAnswer(q: Question, entries: TimelineEntry[], confidence: number): Answer {
  const first = entries[0]!;
  return answered(q, {
    answer: `${entries.map((e) => `${e.label}: ${e.event}`).join('. ')}.`,
    source: first.source,
    confidence,
    kind: 'timeline',
    table: { title: first.source.section, columns: ['Date', 'Event'], rows: entries.map((e) => [e.label, e.event]) },
  });
}
