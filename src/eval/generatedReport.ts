import { basename } from 'node:path';
import { createAnswerEngine } from '../answer/engine.ts';
import { readConfig } from '../config.ts';
import { openAiClient } from '../generate/client.ts';
import { Generator } from '../generate/generator.ts';
import { loadReportFile } from '../knowledge/loadKnowledge.ts';
import { configOrExit } from '../startupConfig.ts';
import { readCases, share } from './evaluate.ts';
import { evaluateGenerated, type GeneratedEvalResult, percentile } from './generated.ts';

const pct = (n: number, of: number) => `${(share(n, of) * 100).toFixed(1)}% (${n}/${of})`;
const ms = (n: number) => `${Math.round(n)} ms`;

/** npm run eval -- --generated: each set through the configured server, then every set's totals. */
export async function printGenerated(sets: ReadonlyArray<{ file: string; report?: string }>): Promise<void> {
  const config = configOrExit(readConfig);
  if (!config.llm) {
    console.error('npm run eval -- --generated needs LLM_BASE_URL and LLM_MODEL (see docs/configuration.md).');
    process.exit(2);
  }
  const { llm } = config;
  // One at a time: latency is the figure, and a local server answers one request at a time anyway.
  const generator = new Generator(openAiClient(llm), { timeoutMs: llm.timeoutMs, concurrency: 1 });
  console.log(`generated answers from ${llm.model} at ${llm.baseUrl} (timeout ${llm.timeoutMs} ms)`);
  const all: GeneratedEvalResult[] = [];
  for (const set of sets) {
    const engine = createAnswerEngine(set.report ? loadReportFile(set.report) : undefined);
    const result = await evaluateGenerated(engine, readCases(set.file), generator);
    all.push(result);
    console.log(line(basename(set.file), result));
  }
  const total = merge(all);
  console.log(line('all sets', total));
  console.log(
    `sentences rejected ${pct(total.sentencesRejected, total.sentencesChecked)} · answers shown ${pct(total.shown, total.sent)} · rejected ${pct(total.rejected, total.sent)} · fallbacks ${pct(total.fallbacks, total.sent)} ${JSON.stringify(total.fallbackReasons)}`,
  );
  console.log(
    `latency p50/p99: extractive ${ms(percentile(total.extractiveMs, 0.5))} / ${ms(percentile(total.extractiveMs, 0.99))} · generated ${ms(percentile(total.generatedMs, 0.5))} / ${ms(percentile(total.generatedMs, 0.99))}`,
  );
  for (const r of total.rejections.slice(0, 20)) console.log(`  REJECTED ${r.reason}: ${r.sentence}  (${r.q})`);
}

function line(name: string, r: GeneratedEvalResult): string {
  return `${name.padEnd(16)} answered correctly ${pct(r.generatedRight, r.answerable)} (extractive ${pct(r.extractiveRight, r.answerable)}) · refused ${pct(r.generatedRefused, r.refusable)} (extractive ${pct(r.extractiveRefused, r.refusable)}) · sent to the model ${r.sent}, shown ${r.shown}, rejected ${r.rejected}, fallbacks ${r.fallbacks}`;
}

function merge(results: readonly GeneratedEvalResult[]): GeneratedEvalResult {
  const out = {
    ...results[0]!,
    fallbackReasons: {} as Record<string, number>,
    rejections: [],
    extractiveMs: [],
    generatedMs: [],
  } as GeneratedEvalResult;
  for (const key of Object.keys(out) as Array<keyof GeneratedEvalResult>)
    if (typeof out[key] === 'number') (out[key] as number) = results.reduce((n, r) => n + (r[key] as number), 0);
  for (const r of results) {
    for (const [k, v] of Object.entries(r.fallbackReasons)) out.fallbackReasons[k] = (out.fallbackReasons[k] ?? 0) + v;
    out.rejections.push(...r.rejections);
    out.extractiveMs.push(...r.extractiveMs);
    out.generatedMs.push(...r.generatedMs);
  }
  return out;
}
