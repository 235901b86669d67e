import type { KnowledgeBase } from '../../knowledge/knowledgeBase.ts';
import type { Reply } from '../../reply/types.ts';
import { rotationItems } from '../../summary/buildSummary.ts';
import { summaryReply } from '../../summary/summaryReply.ts';

/**
 * The day's "From the report" item follows the calendar: day N shows item N mod count, so
 * every item appears once before any repeats, consecutive days always differ, and a preview,
 * a restart or a second process all agree on what today's post holds.
 */
export function rotationIndex(localDate: string, count: number): number {
  const day = Math.floor(Date.parse(`${localDate}T00:00:00Z`) / 86_400_000);
  return ((day % count) + count) % count;
}

/** The daily post: the same brief as /summary, plus the day's item from the report. */
export function dailyPost(kb: KnowledgeBase, localDate: string): Reply {
  const items = rotationItems(kb);
  const featured = items.length > 0 ? items[rotationIndex(localDate, items.length)] : undefined;
  const brief = summaryReply(kb, featured);
  return { ...brief, title: `Daily brief · ${brief.title ?? ''}`.trim() };
}
