import { defineCommand, HIDE } from '../src/bot/command.ts';
import { timelineChoices, timelineMatching } from '../src/knowledge/resolve.ts';
import type { TimelineEntry } from '../src/knowledge/types.ts';
import { rankChoices } from '../src/reply/autocomplete.ts';
import type { Reply } from '../src/reply/types.ts';
import { sourceLine } from '../src/text/sourceLine.ts';

export default defineCommand({
  name: 'timeline',
  description: 'Timeline entries from the report, all of them or those in a month or year',
  options: {
    when: {
      type: 'string',
      description: 'A month or year, e.g. "Sept 2025" or "2025"',
      autocomplete: true,
      maxLength: 100,
    },
    hide: HIDE,
  },
  examples: ['/timeline', '/timeline when:Sept 2025'],
  autocomplete: (_option, typed, ctx) => rankChoices(timelineChoices(ctx.engine.kb), typed),
  run: ({ when, hide }, ctx) => {
    const { kb } = ctx.engine;
    if (kb.timeline.length === 0) return { text: 'This report has no timeline.', tone: 'notice', ephemeral: hide };
    if (!when?.trim()) return entriesReply('Timeline', kb.timeline, hide);
    const entries = timelineMatching(kb, when);
    if (entries && entries.length > 0) return entriesReply(`Timeline: ${when.trim()}`, entries, hide);
    const first = kb.timeline[0]!;
    const last = kb.timeline[kb.timeline.length - 1]!;
    return {
      title: 'No timeline entry found',
      text: `Nothing in the timeline matches "${when.trim()}". The timeline runs from ${first.label} to ${last.label}.`,
      tone: 'notice',
      ephemeral: hide,
      suggestions: kb.timeline.slice(0, 3).map((e) => `/timeline when:${e.label}`),
    };
  },
});

function entriesReply(title: string, entries: TimelineEntry[], hide: boolean | undefined): Reply {
  return {
    title,
    fields: entries.map((e) => ({ name: e.label, value: e.event })),
    source: sourceLine(entries[0]!.source),
    tone: 'answer',
    ephemeral: hide,
  };
}
