import type { AnswerEngine } from '../answer/engine.ts';
import type { Answer } from '../answer/types.ts';
import type { Generator, Outcome } from '../generate/generator.ts';
import { generatedAnswer, wantsGeneration } from '../generate/maybeGenerate.ts';
import { type EvalCase, judge } from './evaluate.ts';

/** An evaluation set answered as a server in generated mode would be, beside the extractive engine. */
export interface GeneratedEvalResult {
  cases: number;
  answerable: number;
  /** Right answers: extractive, and as members of a generated-mode server get them (generated or the fallback). */
  extractiveRight: number;
  generatedRight: number;
  refusable: number;
  extractiveRefused: number;
  generatedRefused: number;
  /** Questions sent to the model, and what came of them. */
  sent: number;
  shown: number;
  rejected: number;
  fallbacks: number;
  fallbackReasons: Record<string, number>;
  sentencesChecked: number;
  sentencesRejected: number;
  rejections: Array<{ q: string; sentence: string; reason: string }>;
  /** Milliseconds per question: the engine alone, and the engine then the model. */
  extractiveMs: number[];
  generatedMs: number[];
}

export async function evaluateGenerated(
  engine: AnswerEngine,
  cases: readonly EvalCase[],
  generator: Pick<Generator, 'generate'>,
): Promise<GeneratedEvalResult> {
  const r: GeneratedEvalResult = {
    cases: cases.length,
    answerable: 0,
    extractiveRight: 0,
    generatedRight: 0,
    refusable: 0,
    extractiveRefused: 0,
    generatedRefused: 0,
    sent: 0,
    shown: 0,
    rejected: 0,
    fallbacks: 0,
    fallbackReasons: {},
    sentencesChecked: 0,
    sentencesRejected: 0,
    rejections: [],
    extractiveMs: [],
    generatedMs: [],
  };
  for (const c of cases) {
    const t0 = performance.now();
    const extractive = engine.answer(c.q);
    const engineMs = performance.now() - t0;
    r.extractiveMs.push(engineMs);
    let shown: Answer = extractive;
    let modelMs = 0;
    if (wantsGeneration(extractive)) {
      r.sent++;
      const t1 = performance.now();
      const outcome = await generator.generate(extractive.question, extractive.evidence!, 'eval');
      modelMs = performance.now() - t1;
      count(r, c, outcome);
      if (outcome.kind === 'shown') shown = generatedAnswer(extractive, outcome);
    }
    r.generatedMs.push(engineMs + modelMs);
    if (c.refuse) {
      r.refusable++;
      if (!extractive.answered) r.extractiveRefused++;
      if (!shown.answered) r.generatedRefused++;
    } else {
      r.answerable++;
      if (!judge(c, extractive)) r.extractiveRight++;
      if (!judge(c, shown)) r.generatedRight++;
    }
  }
  return r;
}

function count(r: GeneratedEvalResult, c: EvalCase, outcome: Outcome): void {
  if (outcome.kind === 'shown') {
    r.shown++;
    r.sentencesChecked += outcome.sentences.length;
  } else if (outcome.kind === 'rejected') {
    r.rejected++;
    r.sentencesChecked += outcome.accepted + 1;
    r.sentencesRejected++;
    r.rejections.push({ q: c.q, sentence: outcome.sentence, reason: outcome.reason });
  } else {
    r.fallbacks++;
    r.fallbackReasons[outcome.reason] = (r.fallbackReasons[outcome.reason] ?? 0) + 1;
  }
}

/** The value at or below which `p` of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
