import { defineCommand, HIDE } from '../src/bot/command.ts';
import { chartImage } from '../src/charts/render.ts';
import { timelineChart } from '../src/charts/timelineChart.ts';
import { monthName, monthNumber } from '../src/knowledge/dates.ts';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.ts';
import { timelineChoices, timelineMatching } from '../src/knowledge/resolve.ts';
import type { TimelineEntry } from '../src/knowledge/types.ts';
import { rankChoices } from '../src/reply/autocomplete.ts';
import type { Reply } from '../src/reply/types.ts';
import { echo } from '../src/text/echo.ts';
import { sourceLine, withDocument } from '../src/text/sourceLine.ts';

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
    const several = kb.reports.length > 1;
    if (kb.timeline.length === 0) return { text: 'This report has no timeline.', tone: 'notice', ephemeral: hide };
    if (!when?.trim()) return entriesReply(kb, 'Timeline', kb.timeline, hide, several);
    const suggestions = kb.timeline.slice(0, 3).map((e) => `/timeline when:${e.label}`);
    const date = readWhen(when);
    if (!date.ok)
      return { title: 'Not a date I can read', text: date.problem, tone: 'notice', ephemeral: hide, suggestions };
    const entries = timelineMatching(kb, date.when);
    if (entries && entries.length > 0) return entriesReply(kb, `Timeline: ${echo(when)}`, entries, hide, several);
    const first = kb.timeline[0]!;
    const last = kb.timeline[kb.timeline.length - 1]!;
    return {
      title: 'No timeline entry found',
      text: `Nothing in the timeline matches "${echo(when)}". The timeline runs from ${first.label} to ${last.label}.`,
      tone: 'notice',
      ephemeral: hide,
      suggestions,
    };
  },
});

/** With several reports, each entry names its report and the source line lists every table the entries come from. */
function entriesReply(
  kb: KnowledgeBase,
  title: string,
  entries: TimelineEntry[],
  hide: boolean | undefined,
  several: boolean,
): Reply {
  const fields = entries.map((e) => ({
    name: several ? withDocument(e.label, e.source.document) : e.label,
    value: e.event,
  }));
  const source = several
    ? [...new Set(entries.map((e) => sourceLine(e.source)))].join(' · ')
    : sourceLine(entries[0]!.source);
  // The title echoes the words typed, so it is part of the key with the entries it shows.
  const key = `timeline:${title}|${fields.map((f) => f.name).join('|')}`;
  const image = chartImage(kb, key, () =>
    timelineChart(
      title,
      fields.map((f) => ({ label: f.name, event: f.value })),
      source,
    ),
  );
  return { title, fields, image, source, tone: 'answer', ephemeral: hide };
}

export type WhenReading = { ok: true; when: string } | { ok: false; problem: string };

const WRITE_IT = 'Write a month and year, e.g. "September 2025" or "2025-09".';

/**
 * Dates typed in digits ("9/2025", "2025-9", "3/9/2025") become the month names the timeline
 * matches on. An impossible one is refused: read as a bare year, "13/2025" would list every entry.
 */
export function readWhen(typed: string): WhenReading {
  const text = typed.trim();
  let m = /^(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(text);
  if (m) return monthOf(text, Number(m[1]), Number(m[2]));
  m = /^(\d{4})\s*[/.-]\s*(\d{1,2})$/.exec(text);
  if (m) return monthOf(text, Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return dayOf(text, Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) return eitherOrder(text, Number(m[1]), Number(m[2]), Number(m[3]));
  // A named month with a day that month lacks ("31 February 2025") is refused too.
  m = /^(?:(\d{1,2})\s+([A-Za-z]+)|([A-Za-z]+)\.?\s+(\d{1,2}),?)\s+(\d{4})$/.exec(text);
  const named = m ? monthNumber(m[2] ?? m[3] ?? '') : undefined;
  if (m && named !== undefined) {
    const checked = dayOf(text, Number(m[1] ?? m[4]), named, Number(m[5]));
    if (!checked.ok) return checked;
  }
  return { ok: true, when: text };
}

function notADate(text: string, why: string): WhenReading {
  return { ok: false, problem: `"${echo(text)}" is not a date: ${why}. ${WRITE_IT}` };
}

function monthOf(text: string, month: number, year: number): WhenReading {
  return month >= 1 && month <= 12
    ? { ok: true, when: `${monthName(month)} ${year}` }
    : notADate(text, `there is no month ${month}`);
}

function dayOf(text: string, day: number, month: number, year: number): WhenReading {
  if (month < 1 || month > 12) return notADate(text, `there is no month ${month}`);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= days
    ? { ok: true, when: `${day} ${monthName(month)} ${year}` }
    : notADate(text, `${monthName(month)} ${year} has ${days} days`);
}

/** "3/9/2025" is 3 September in most of the world and 9 March in the US: only an unambiguous one is read. */
function eitherOrder(text: string, a: number, b: number, year: number): WhenReading {
  const dayFirst = dayOf(text, a, b, year);
  const monthFirst = dayOf(text, b, a, year);
  if (dayFirst.ok && monthFirst.ok && a !== b)
    return { ok: false, problem: `"${echo(text)}" could be ${dayFirst.when} or ${monthFirst.when}. ${WRITE_IT}` };
  if (dayFirst.ok) return dayFirst;
  return monthFirst.ok ? monthFirst : notADate(text, 'no day and month fit');
}
