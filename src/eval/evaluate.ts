import { readFileSync } from 'node:fs';
import type { AnswerEngine } from '../answer/engine.ts';
import type { Answer } from '../answer/types.ts';
import { fold } from '../text/fold.ts';

export interface EvalCase {
  q: string;
  /** Facts the answer must contain, compared without case or quote style; a list inside means any one of them. */
  expect?: Array<string | string[]>;
  /** The section the answer must cite, when the question has one right place. */
  section?: string;
  refuse?: boolean;
  /** Why it must be refused: nothing to do with the report, or on topic but not stated in it. */
  kind?: 'off-topic' | 'not-covered';
}

export interface EvalMiss {
  case: EvalCase;
  answer: Answer;
  why: string;
}

export interface EvalResult {
  answerable: number;
  answeredCorrectly: number;
  offTopic: number;
  refusedCorrectly: number;
  /** The refusals split by why: nothing to do with the report, or on topic but not stated. */
  byKind: Record<'off-topic' | 'not-covered', { cases: number; refused: number }>;
  misses: EvalMiss[];
}

export function readCases(path: string): EvalCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EvalCase);
}

export function evaluate(engine: AnswerEngine, cases: readonly EvalCase[]): EvalResult {
  const result: EvalResult = {
    answerable: 0,
    answeredCorrectly: 0,
    offTopic: 0,
    refusedCorrectly: 0,
    byKind: { 'off-topic': { cases: 0, refused: 0 }, 'not-covered': { cases: 0, refused: 0 } },
    misses: [],
  };
  for (const c of cases) {
    const answer = engine.answer(c.q);
    if (c.refuse) {
      result.offTopic++;
      const kind = result.byKind[c.kind ?? 'off-topic'];
      kind.cases++;
      if (!answer.answered) kind.refused++;
      if (!answer.answered) result.refusedCorrectly++;
      else result.misses.push({ case: c, answer, why: 'should have been refused' });
      continue;
    }
    result.answerable++;
    const why = judge(c, answer);
    if (why) result.misses.push({ case: c, answer, why });
    else result.answeredCorrectly++;
  }
  return result;
}

/** The expected facts the text lacks; a list inside `expect` is satisfied by any one of its members. */
export function missingFacts(c: EvalCase, answerText: string): Array<string | string[]> {
  const text = fold(answerText);
  return (c.expect ?? []).filter((fact) => ![fact].flat().some((f) => text.includes(fold(f))));
}

/** Why an answer to an answerable case is wrong, or undefined when it is right. */
export function judge(c: EvalCase, answer: Answer): string | undefined {
  if (!answer.answered) return 'refused';
  const missing = missingFacts(c, answer.text);
  if (missing.length > 0) return `missing ${missing.map((m) => JSON.stringify(m)).join(', ')}`;
  if (c.section && fold(answer.source?.section ?? '') !== fold(c.section)) return `cited "${answer.source?.section}"`;
  return undefined;
}

/** n of `of` as a share; NaN when there is nothing to count, so an empty set never passes a floor. */
export function share(n: number, of: number): number {
  return of === 0 ? Number.NaN : n / of;
}
