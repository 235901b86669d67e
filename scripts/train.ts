/**
 * npm run train: learn the answer policy (model/policy.json) from labelled questions —
 * the six SQuAD 2.0 articles in ../shared/squad (whole, and cut into report-sized parts) and
 * this repo's own training reports. Each report is held out in turn first: those folds give
 * the held-out figures printed beside the baseline, and the out-of-fold probabilities the
 * gates' thresholds are fitted on.
 *
 *   npm run train               cross-validate, then write model/policy.json
 *   npm run train -- --check    exit 1 if the committed policy differs from a fresh one
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { POLICY_FILE } from '../src/answer/policy.ts';
import { crossValidate, gateReport, type HeldOut, sumScores } from '../src/eval/crossValidate.ts';
import { trainingData } from '../src/eval/trainingData.ts';
import { type Score, trainPolicy } from '../src/training/trainPolicy.ts';

const check = process.argv.includes('--check');
const started = Date.now();
const labelled = trainingData();
const { data, groups } = labelled;
console.log(
  `labelled ${data.length} questions from ${groups.length} reports in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

const { rows, calibration } = crossValidate(labelled);
if (!check) {
  console.log('\nEach report held out in turn (trained on all the others; thresholds out of fold):');
  console.log(
    'report'.padEnd(38),
    'answerable right',
    'answerable refused',
    'unanswerable refused',
    'off-topic refused',
    '| baseline: MiniSearch top sentence right',
  );
  for (const r of rows) console.log(line(r.name, r.policy, r.baseline));
  const total = (keep: (r: HeldOut) => boolean): [Score, Score] => [
    sumScores(rows.filter(keep).map((r) => r.policy)),
    sumScores(rows.filter(keep).map((r) => r.baseline)),
  ];
  console.log(line('SQuAD articles whole', ...total((r) => !r.own && r.whole)));
  console.log(line('SQuAD articles in ~10-paragraph parts', ...total((r) => !r.own && !r.whole)));
  console.log(line("the repo's own reports", ...total((r) => r.own)));

  console.log(
    '\nThe gates on held-out reports: out-of-fold ROC AUC, and the share of positives each refuses per report',
  );
  for (const g of gateReport(calibration)) {
    const rates = g.refusals.filter((r) => r.positives > 0).map((r) => r.refused / r.positives);
    const spread =
      rates.length === 0
        ? 'no held-out report'
        : `refuses ${pct(Math.min(...rates))} to ${pct(Math.max(...rates))} of positives across ${rates.length} reports`;
    console.log(`${`${g.gate} gate, ${g.regime} reports`.padEnd(38)} AUC ${g.auc.toFixed(3)}  ${spread}`);
  }
}

const policy = trainPolicy(data, { sources: groups }, calibration);
const text = `${JSON.stringify(policy, null, 2)}\n`;
if (check) {
  const same = readFileSync(POLICY_FILE, 'utf8') === text;
  console.log(
    same
      ? 'model/policy.json matches a fresh training run.'
      : 'model/policy.json differs from a fresh training run: run `npm run train`.',
  );
  process.exit(same ? 0 : 1);
}
writeFileSync(POLICY_FILE, text);
console.log(`\nwrote ${POLICY_FILE}  in ${((Date.now() - started) / 1000).toFixed(1)} s`);

function pct(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

function line(name: string, s: Score, b: Score): string {
  const of = (n: number, d: number) => pct(n / Math.max(1, d)).padStart(6);
  return `${name.padEnd(38)} ${of(s.right, s.answerable).padEnd(16)} ${of(s.answerableRefused, s.answerable).padEnd(18)} ${of(s.unanswerableRefused, s.unanswerable).padEnd(20)} ${of(s.offTopicRefused, s.offTopic).padEnd(17)} | ${of(b.right, b.answerable)}`;
}
