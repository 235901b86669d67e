import { GENERATED_KINDS } from '../generate/kinds.ts';
import type { LoopCounts } from '../handoff/store.ts';
import { LIMITS } from '../reply/limits.ts';
import type { Reply, ReplyField } from '../reply/types.ts';
import { echo } from '../text/echo.ts';
import { toCsv } from './csv.ts';
import { groupQuestions, type QuestionGroup } from './grouping.ts';
import type { QuestionRecord, VoteSeen } from './records.ts';

/** How many entries each list of /insights shows. */
export const TOP = 10;
/** How many unanswered questions get an "Answer" button (one action row). */
export const CURATE_BUTTONS = 5;
/** A question or comment quoted in the reply, on one line. */
const QUOTE_MAX = 80;
const COMMENTS_SHOWN = 2;

export const CSV_HEADER = [
  'time',
  'question',
  'answered',
  'kind',
  'source',
  'up',
  'down',
  'comments',
  'value',
] as const;

export interface InsightsInput {
  questions: readonly QuestionRecord[];
  votes: readonly VoteSeen[];
  days: number;
  retentionDays: number;
  /** Set when the store held more questions than one report reads: these are the newest `limit`. */
  limit?: number;
  /** The hand-off loop's counts for the period (src/handoff), where the server has it. */
  loop?: LoopCounts;
  /** The period's start: the loop's CSV rows are stamped with it. */
  since?: Date;
}

/** The middle of the values (the mean of the two middle ones for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A duration as people read it: "45 s", "12 min", "3.5 h". */
export function readableDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1).replace(/\.0$/, '')} h`;
}

/** The loop's counts, each with its name, as the reply's field and the CSV's rows give them. */
export function loopLines(loop: LoopCounts): Array<{ name: string; value: string; csv: string }> {
  const middle = median(loop.firstAnswerMs);
  return [
    { name: 'Hand-offs', value: String(loop.handoffs), csv: String(loop.handoffs) },
    {
      name: 'Answered by a person',
      value: `${loop.answered}${middle === undefined ? '' : `, median ${readableDuration(middle)} to the first answer`}`,
      csv: String(loop.answered),
    },
    {
      name: 'Median minutes to the first answer',
      value: middle === undefined ? '—' : readableDuration(middle),
      csv: middle === undefined ? '' : (middle / 60_000).toFixed(1),
    },
    { name: 'Saved as curated answers', value: String(loop.saved), csv: String(loop.saved) },
    { name: 'Questions resolved', value: String(loop.resolved), csv: String(loop.resolved) },
  ];
}

function loopField(loop: LoopCounts): ReplyField {
  const lines = loopLines(loop).filter((l) => l.name !== 'Median minutes to the first answer');
  return { name: 'Asked a person', value: lines.map((l) => `${l.name}: ${l.value}`).join('\n') };
}

/**
 * A member's words as the reply quotes them: one short line in inline code, so Markdown shows as
 * typed and a mention is only text (allowed mentions ping nobody anyway).
 */
export function quote(text: string, max: number = QUOTE_MAX): string {
  return `\`${echo(text, max).replace(/`/g, 'ˋ') || '…'}\``;
}

/** Lines joined up to `max` characters, with a last line saying how many did not fit. */
export function packLines(lines: readonly string[], max: number = LIMITS.fieldValue): string {
  const out: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const more = `…and ${lines.length - i} more`;
    const room = max - length - (i === lines.length - 1 ? 0 : more.length + 1);
    if (line.length + 1 > room) {
      out.push(more);
      break;
    }
    out.push(line);
    length += line.length + 1;
  }
  return out.join('\n');
}

interface Tally {
  up: number;
  down: number;
  comments: string[];
}

function tallies(votes: readonly VoteSeen[]): Map<string, Tally> {
  const byQuestion = new Map<string, Tally>();
  for (const v of votes) {
    const t = byQuestion.get(v.questionId) ?? { up: 0, down: 0, comments: [] };
    if (v.vote === 'up') t.up++;
    else t.down++;
    if (v.vote === 'down' && v.comment) t.comments.push(v.comment);
    byQuestion.set(v.questionId, t);
  }
  return byQuestion;
}

function sum(group: QuestionGroup, votes: Map<string, Tally>): Tally {
  const total: Tally = { up: 0, down: 0, comments: [] };
  for (const id of group.ids) {
    const t = votes.get(id);
    if (!t) continue;
    total.up += t.up;
    total.down += t.down;
    total.comments.push(...t.comments);
  }
  return total;
}

/**
 * Servers in generated mode (/settings answers): how many answers the model wrote, and how many
 * were replaced by the quoted answer, for an unsupported sentence or a slow or failing model.
 * Empty when there were none.
 */
function generatedLine(questions: readonly QuestionRecord[]): string {
  const count = (kind: string) => questions.filter((q) => q.kind === kind).length;
  const shown = count(GENERATED_KINDS.shown);
  const rejected = count(GENERATED_KINDS.rejected);
  const fallbacks = count(GENERATED_KINDS.fallback);
  if (shown + rejected + fallbacks === 0) return '';
  return `Generated answers: ${shown} shown; ${rejected} rejected for an unsupported sentence and ${fallbacks} with the model unavailable, each answered with the quoted answer instead.`;
}

/** Every question of the period, one row each, oldest first: the "Download CSV" file. */
export function insightsCsv(
  questions: readonly QuestionRecord[],
  votes: readonly VoteSeen[],
  loop?: { counts: LoopCounts; since: Date },
): string {
  const tally = tallies(votes);
  const rows = [...questions]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((q) => {
      const t = tally.get(q.id) ?? { up: 0, down: 0, comments: [] };
      return [
        q.at.toISOString(),
        q.question,
        q.answered ? 'yes' : 'no',
        q.kind,
        q.source ?? '',
        String(t.up),
        String(t.down),
        t.comments.join(' | '),
        '',
      ];
    });
  // The loop's counts follow the questions, one row each: kind "loop", the count's name, its value.
  const loopRows = loop
    ? loopLines(loop.counts).map((l) => [loop.since.toISOString(), l.name, '', 'loop', '', '', '', '', l.csv])
    : [];
  return toCsv(CSV_HEADER, [...rows, ...loopRows]);
}

/** /insights: the top unanswered and asked questions, the answers with the most 👎, and the CSV. */
export function buildInsights(given: InsightsInput): Reply {
  // The loop is shown once it happened in the period: a server without helpers sees no row of zeros.
  const happened = given.loop && (given.loop.handoffs > 0 || given.loop.resolved > 0);
  const { loop: _loop, ...rest } = given;
  const input: InsightsInput = happened ? given : rest;
  const { votes, days } = input;
  // Oldest first, so a group is named by its phrasing as first asked.
  const questions = [...input.questions].sort((a, b) => a.at.getTime() - b.at.getTime());
  const unansweredRecords = questions.filter((q) => !q.answered);
  const title = `Insights: the last ${days} days`;
  const csv = {
    name: `insights-${days}d.csv`,
    content: insightsCsv(
      questions,
      votes,
      input.loop ? { counts: input.loop, since: input.since ?? new Date(0) } : undefined,
    ),
    description: input.limit
      ? `The newest ${input.limit.toLocaleString('en-US')} questions of the last ${days} days`
      : `Every question of the last ${days} days`,
  };
  if (questions.length === 0) {
    return {
      title,
      text: `No questions were asked in the last ${days} days. Questions are kept for ${input.retentionDays} days.`,
      ...(input.loop && input.loop.resolved > 0 ? { fields: [loopField(input.loop)], attachment: csv } : {}),
      tone: 'notice',
      ephemeral: true,
    };
  }
  const tally = tallies(votes);
  const unanswered = groupQuestions(unansweredRecords).slice(0, TOP);
  const asked = groupQuestions(questions).slice(0, TOP);
  const answeredIds = new Set(questions.filter((q) => q.answered).map((q) => q.id));
  const disliked = groupQuestions(questions.filter((q) => tally.get(q.id)?.down))
    .map((group) => ({ group, total: sum(group, tally) }))
    .sort((a, b) => b.total.down - a.total.down || a.total.up - b.total.up)
    .slice(0, TOP);
  const byId = new Map(questions.map((q) => [q.id, q]));

  const ups = votes.filter((v) => v.vote === 'up').length;
  const fields: ReplyField[] = [
    {
      name: 'Top unanswered',
      value: unanswered.length
        ? packLines(unanswered.map((g, i) => `${i + 1}. ${quote(g.question)} ×${g.count}`))
        : 'None: every question was answered.',
    },
    {
      name: 'Top asked',
      value: packLines(
        asked.map((g, i) => {
          const answered = g.ids.filter((id) => answeredIds.has(id)).length;
          const status = answered === g.count ? 'answered' : answered === 0 ? 'not answered' : `answered ${answered}`;
          return `${i + 1}. ${quote(g.question)} ×${g.count} (${status})`;
        }),
      ),
    },
    {
      name: 'Most 👎',
      value: disliked.length
        ? packLines(
            disliked.flatMap(({ group, total }, i) => {
              const source = byId.get(group.ids[0]!)?.source;
              return [
                `${i + 1}. ${quote(group.question)} 👎${total.down} 👍${total.up}${source ? ` · ${echo(source, 60)}` : ''}`,
                ...total.comments.slice(0, COMMENTS_SHOWN).map((c) => `   › ${quote(c)}`),
              ];
            }),
          )
        : 'No 👎 in this period.',
    },
    ...(input.loop ? [loopField(input.loop)] : []),
  ];
  return {
    title,
    text: [
      `${questions.length} questions, ${unansweredRecords.length} not answered; ${ups} 👍 and ${votes.length - ups} 👎.`,
      input.limit
        ? `Near-duplicate questions are counted together. Only the newest ${input.limit.toLocaleString('en-US')} questions of the period are counted, and they are in the CSV.`
        : 'Near-duplicate questions are counted together. Every question of the period is in the CSV.',
      unanswered.length ? 'Answer one with /faq add, or on Discord with its Answer button.' : '',
      generatedLine(questions),
    ]
      .filter(Boolean)
      .join('\n'),
    fields,
    tone: 'answer',
    ephemeral: true,
    attachment: csv,
    curate: unanswered.slice(0, CURATE_BUTTONS).map((g, i) => ({ label: `Answer ${i + 1}`, record: g.ids[0]! })),
  };
}
