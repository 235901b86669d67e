import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { Reply, ReplyField } from '../reply/types.ts';
import { clip } from '../text/clip.ts';
import { buildSummary, type SummaryItem } from './buildSummary.ts';

const FIELD_ROOM = 1000;

function bullets(lines: string[]): string {
  const per = Math.floor(FIELD_ROOM / Math.max(1, lines.length)) - 3;
  return lines.map((l) => `• ${clip(l, per)}`).join('\n');
}

/** /summary and the daily post share this, so a server sees the same brief either way. */
export function summaryReply(kb: KnowledgeBase, featured?: SummaryItem): Reply {
  const s = buildSummary(kb);
  const fields: ReplyField[] = [{ name: 'Key findings', value: bullets(s.findings) }];
  if (s.numbers.length > 0) fields.push({ name: 'Key numbers', value: bullets(s.numbers) });
  if (s.timeline.length > 0) fields.push({ name: 'Latest on the timeline', value: bullets(s.timeline) });
  if (featured) {
    fields.push({
      name: `From the report: ${clip(featured.title, 200)}`,
      value: `${clip(featured.text, Math.max(200, FIELD_ROOM - 10 - featured.source.length))}\n— ${featured.source}`,
    });
  }
  return { title: s.headline, text: s.gist, fields, source: s.source, tone: 'answer' };
}
