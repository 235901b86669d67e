import { readFileSync } from 'node:fs';
import { checkSentence, type Rejection } from './check.ts';
import { citedSentence } from './sentences.ts';

/** One labelled pair of tests/eval/support.jsonl: a generated sentence and the numbered sources it may cite. */
export interface SupportCase {
  id: number;
  split: 'tune' | 'blind';
  report: string;
  sources: string[];
  sentence: string;
  label: 'supported' | 'unsupported';
  /** quote, paraphrase, changed-number, subtle-number, swapped-name, wrong-citation, invented-fact, … */
  kind: string;
}

export const SUPPORT_SET = new URL('../../tests/eval/support.jsonl', import.meta.url);

/** The checker must catch this share of unsupported sentences; the threshold is the lowest that does on tune. */
export const UNSUPPORTED_CAUGHT_TARGET = 0.99;

export function readSupportCases(file: URL = SUPPORT_SET): SupportCase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SupportCase);
}

export interface Scored {
  case: SupportCase;
  /** The reason a hard rule rejected it, whatever the threshold. */
  rule?: Rejection;
  overlap: number;
}

/** Hard rules are applied with threshold 0, so only the overlap is left to the threshold. */
export function scoreCases(cases: readonly SupportCase[]): Scored[] {
  return cases.map((c) => {
    const v = checkSentence(citedSentence(c.sentence), c.sources, 0);
    return { case: c, rule: v.reason, overlap: v.overlap };
  });
}

export function rejectedAt(s: Scored, threshold: number): boolean {
  return s.rule !== undefined || s.overlap < threshold;
}

export interface SupportFigures {
  cases: number;
  supported: number;
  unsupported: number;
  /** Unsupported sentences rejected / all unsupported: the recall of the rejection. */
  unsupportedCaught: number;
  /** Rejected sentences that were unsupported / all rejected: the precision of the rejection. */
  rejectionPrecision: number;
  /** Supported sentences shown / all supported. */
  supportedShown: number;
  missed: Scored[];
  falselyRejected: Scored[];
}

export function figuresAt(scored: readonly Scored[], threshold: number): SupportFigures {
  const unsupported = scored.filter((s) => s.case.label === 'unsupported');
  const supported = scored.filter((s) => s.case.label === 'supported');
  const missed = unsupported.filter((s) => !rejectedAt(s, threshold));
  const falselyRejected = supported.filter((s) => rejectedAt(s, threshold));
  const rejected = unsupported.length - missed.length + falselyRejected.length;
  return {
    cases: scored.length,
    supported: supported.length,
    unsupported: unsupported.length,
    unsupportedCaught: ratio(unsupported.length - missed.length, unsupported.length),
    rejectionPrecision: ratio(unsupported.length - missed.length, rejected),
    supportedShown: ratio(supported.length - falselyRejected.length, supported.length),
    missed,
    falselyRejected,
  };
}

/**
 * The lowest overlap threshold that catches the target share of unsupported sentences: lower
 * shows more supported paraphrases. Thresholds are midpoints between observed overlaps, rounded,
 * so the written file does not carry floating-point noise.
 */
export function chooseThreshold(scored: readonly Scored[]): number {
  const values = [...new Set(scored.map((s) => s.overlap))].sort((a, b) => a - b);
  const candidates = [0, ...values.slice(1).map((v, i) => round((v + values[i]!) / 2)), 1];
  for (const t of candidates) if (figuresAt(scored, t).unsupportedCaught >= UNSUPPORTED_CAUGHT_TARGET) return t;
  return 1;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
