import { readFileSync } from 'node:fs';
import { type AnswerEngine, createAnswerEngine } from '../answer/engine.ts';
import { Conversations } from '../conversation/conversations.ts';
import { loadReportFile } from '../knowledge/loadKnowledge.ts';
import { type EvalCase, judge } from './evaluate.ts';

/** Two turns: a question, then a follow-up that is scored as an EvalCase. */
export interface FollowUpCase {
  /** Which report the exchange is about; see FOLLOW_UP_REPORTS. */
  report: string;
  turns: [string, EvalCase];
}

/** The reports follow-up exchanges name, relative to the repo root; undefined is knowledge/. */
export const FOLLOW_UP_REPORTS: Readonly<Record<string, string | undefined>> = {
  shipped: undefined,
  nickel: 'tests/fixtures/second-report/indonesia-nickel.txt',
  vietnam: 'tests/fixtures/training-report/vietnam-rare-earths.txt',
};

/** One engine per report an exchange names, built on first use; `repoPath` makes a repo-relative path absolute. */
export function followUpEngines(repoPath: (path: string) => string): (report: string) => AnswerEngine {
  const engines = new Map<string, AnswerEngine>();
  return (report) => {
    if (!(report in FOLLOW_UP_REPORTS)) throw new Error(`unknown report "${report}" in a follow-up exchange`);
    let engine = engines.get(report);
    if (!engine) {
      const path = FOLLOW_UP_REPORTS[report];
      engine = createAnswerEngine(path ? loadReportFile(repoPath(path)) : undefined);
      engines.set(report, engine);
    }
    return engine;
  };
}

export interface FollowUpResult {
  cases: number;
  right: number;
  /** Second turns that were read as a follow-up of the first. */
  followed: number;
  misses: Array<{ exchange: FollowUpCase; answer: string; why: string }>;
}

export function readFollowUps(path: string): FollowUpCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const raw = JSON.parse(l) as { report: string; turns: [string, string | EvalCase] };
      const second = typeof raw.turns[1] === 'string' ? { q: raw.turns[1] } : raw.turns[1];
      return { report: raw.report, turns: [raw.turns[0], second] };
    });
}

/**
 * Each exchange in a fresh conversation, one minute apart: the second answer is judged like any
 * eval case. `remember: false` answers each turn alone, the baseline follow-ups are measured against.
 */
export function evaluateFollowUps(
  engineFor: (report: string) => AnswerEngine,
  exchanges: readonly FollowUpCase[],
  options: { remember?: boolean } = {},
): FollowUpResult {
  const key = options.remember === false ? undefined : 'member';
  const result: FollowUpResult = { cases: 0, right: 0, followed: 0, misses: [] };
  for (const exchange of exchanges) {
    const engine = engineFor(exchange.report);
    const conversations = new Conversations();
    const [first, second] = exchange.turns;
    conversations.ask(engine, key, first, 0);
    const turn = conversations.ask(engine, key, second.q, 60_000);
    result.cases++;
    if (turn.followingUp !== undefined) result.followed++;
    const why = second.refuse
      ? turn.answer.answered
        ? 'should have been refused'
        : undefined
      : judge(second, turn.answer);
    if (why) result.misses.push({ exchange, answer: turn.answer.text, why });
    else result.right++;
  }
  return result;
}
