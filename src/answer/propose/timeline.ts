import { entriesOn } from '../../knowledge/dates.ts';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.ts';
import type { TimelineEntry } from '../../knowledge/types.ts';
import { type Candidate, draft, ROUTE_FIT } from '../candidate.ts';
import type { Question } from '../question.ts';

/** Entries on the dates or months a question names, or the whole timeline when it asks for one. */
export function timelineCandidates(kb: KnowledgeBase, q: Question): Candidate[] {
  const on = entriesOn(kb.timeline, q.dates, q.months);
  if (on && on.length > 0)
    return [
      { kind: 'timeline', fit: q.when || q.wantsTimeline ? 1 : ROUTE_FIT.timelineUnasked, draft: timelineDraft(on) },
    ];
  if (q.wantsTimeline && kb.timeline.length > 0 && q.entities.length === 0)
    return [{ kind: 'timeline', fit: ROUTE_FIT.timelineWhole, draft: timelineDraft(kb.timeline) }];
  return [];
}

export function timelineDraft(entries: TimelineEntry[]) {
  const first = entries[0]!;
  return draft({
    text: `${entries.map((e) => `${e.label}: ${e.event}`).join('. ')}.`,
    source: first.source,
    kind: 'timeline',
    focus: entries.length === 1 ? first.label : undefined,
    table: { title: first.source.section, columns: ['Date', 'Event'], rows: entries.map((e) => [e.label, e.event]) },
  });
}
