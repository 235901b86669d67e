/**
 * npm run eval                        every evaluation set, each against its report
 * npm run eval -- FILE [--report R]   one set (JSON lines), against report file R or knowledge/
 * npm run eval -- --baseline          the baseline (MiniSearch top sentence, fuzzy 0.2, prefix), for comparison
 * npm run eval -- --squad [FILE]      SQuAD 2.0 articles as reports (../shared/squad by default)
 * npm run eval -- --generated         every set through the server in LLM_BASE_URL, as a server in
 *                                     generated mode gets it, beside the extractive engine
 *
 * After the sets, curated-answer matching (tests/eval/faq-*.jsonl) with model/faq-match.json.
 *
 * The sets and which of them are trained on: src/eval/sets.ts.
 */
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AnswerEngine, createAnswerEngine } from '../src/answer/engine.ts';
import { baselineEngine } from '../src/eval/baseline.ts';
import { type EvalResult, evaluate, readCases, share } from '../src/eval/evaluate.ts';
import { evaluateFollowUps, followUpEngines, readFollowUps } from '../src/eval/followups.ts';
import { printGenerated } from '../src/eval/generatedReport.ts';
import { EVAL_SETS, FOLLOW_UP_SETS } from '../src/eval/sets.ts';
import { squadReport } from '../src/eval/squadReport.ts';
import { FAQ_EVAL } from '../src/faq/evalSets.ts';
import { evaluateFaqSets } from '../src/faq/evaluate.ts';
import { sharedFaqModel } from '../src/faq/threshold.ts';
import { loadReportFile } from '../src/knowledge/loadKnowledge.ts';
import { sharedWordVectors } from '../src/semantic/wordVectors.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const args = process.argv.slice(2);
const value = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] && !args[i + 1]!.startsWith('--') ? args[i + 1] : undefined;
};
const pct = (n: number, of: number) => (of === 0 ? 'n/a (0/0)' : `${(share(n, of) * 100).toFixed(1)}% (${n}/${of})`);

if (args.includes('--squad')) {
  squadReport(value('--squad'));
} else if (args.includes('--generated')) {
  await printGenerated(
    EVAL_SETS.map((s) => ({ file: here(`../tests/eval/${s.file}`), report: s.report && here(`../${s.report}`) })),
  );
} else {
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--report');
  const sets = file
    ? [{ file, report: value('--report') }]
    : EVAL_SETS.map((s) => ({ file: here(`../tests/eval/${s.file}`), report: s.report && here(`../${s.report}`) }));
  const baseline = args.includes('--baseline');
  for (const set of sets) {
    const engine = engineFor(set.report);
    const subject = baseline ? baselineEngine(engine.kb) : engine;
    const result = evaluate(subject, readCases(set.file));
    if (file && !baseline) printMisses(result);
    console.log(summary(basename(set.file), result, baseline));
  }
  if (!file && !baseline) printFollowUps();
  if (!file && !baseline) printCuratedMatching();
}

/** Curated answers: the committed threshold on the set it was tuned on and on the blind set. */
function printCuratedMatching(): void {
  const parts = { 'faq-tune.jsonl': FAQ_EVAL.tune, 'faq-blind.jsonl': FAQ_EVAL.blind };
  const settings = sharedFaqModel();
  for (const { name, scores: s, scored } of evaluateFaqSets(
    createAnswerEngine().kb,
    { curated: FAQ_EVAL.curated, parts },
    settings,
    sharedWordVectors(),
  )) {
    console.log(
      `${name.padEnd(22)} curated paraphrases matched ${pct(s.paraphrasesMatched, s.paraphrases)} · near-misses rejected ${pct(s.nearMissesRejected, s.nearMisses)}`,
    );
    // Each case's best score against the threshold, so a near call is seen before it flips.
    for (const c of scored) {
      const matched = c.score >= settings.threshold ? c.best : undefined;
      const right = c.case.expect === null ? matched === undefined : matched === c.case.expect;
      const kind = c.case.expect === null ? 'near-miss ' : `→ ${c.case.expect}`.padEnd(10);
      console.log(`  ${right ? 'ok  ' : 'MISS'} ${c.score.toFixed(3)} ${kind} ${c.case.q}`);
    }
  }
  console.log(`  (threshold ${settings.threshold}; a score at or above it answers with the best entry)`);
}

/** Follow-up exchanges, beside the same second turns answered alone. */
function printFollowUps(): void {
  const engineOf = followUpEngines((path) => here(`../${path}`));
  for (const set of FOLLOW_UP_SETS) {
    const exchanges = readFollowUps(here(`../tests/eval/${set.file}`));
    const read = evaluateFollowUps(engineOf, exchanges);
    const alone = evaluateFollowUps(engineOf, exchanges, { remember: false });
    console.log(
      `${set.file.padEnd(22)} follow-ups right ${pct(read.right, read.cases)} · read as follow-ups ${pct(read.followed, read.cases)} · each turn alone ${pct(alone.right, alone.cases)}`,
    );
  }
}

function engineFor(report: string | undefined): AnswerEngine {
  return createAnswerEngine(report ? loadReportFile(report) : undefined);
}

function printMisses(result: EvalResult): void {
  for (const miss of result.misses) {
    console.log(`MISS ${JSON.stringify(miss.case.q)}: ${miss.why}\n     got: ${miss.answer.text.slice(0, 160)}`);
  }
  console.log(`misses: ${result.misses.length}`);
}

function summary(name: string, r: EvalResult, baseline: boolean): string {
  const { 'off-topic': off, 'not-covered': nc } = r.byKind;
  const parts = [
    `answered correctly ${pct(r.answeredCorrectly, r.answerable)}`,
    `off-topic refused ${pct(off.refused, off.cases)}`,
  ];
  if (nc.cases > 0) parts.push(`not-covered refused ${pct(nc.refused, nc.cases)}`);
  return `${name.padEnd(16)} ${parts.join(' · ')}${baseline ? ' (baseline: MiniSearch top sentence)' : ''}`;
}
