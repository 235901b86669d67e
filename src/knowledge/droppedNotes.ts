import { clip } from '../text/clip.ts';
import type { KnowledgeBase } from './knowledgeBase.ts';

/** How much of a dropped block a log line quotes: enough to recognise it in the file. */
const QUOTED = 80;

export interface DroppedNote {
  fields: { file: string; reason: string };
  message: string;
}

/**
 * One log line per block ingestion left out of a report (an advert, a cookie notice), with the
 * reason, so that an operator can see what the bot will never quote and spot a wrong call.
 * `files` limits the lines to those reports, e.g. the ones a reload added or changed.
 */
export function droppedNotes(kb: KnowledgeBase, files?: readonly string[]): DroppedNote[] {
  return kb.reports
    .filter((r) => files === undefined || files.includes(r.file))
    .flatMap((r) =>
      r.dropped.map((d) => ({
        fields: { file: r.file, reason: d.reason },
        message: `left out of ${r.file}: “${clip(d.text, QUOTED)}” (${d.reason})`,
      })),
    );
}
