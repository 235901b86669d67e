/**
 * npm run train: learn the answer policy (model/policy.json) from labelled questions —
 * the six SQuAD 2.0 articles in ../shared/squad (whole, and cut into report-sized parts) and
 * this repo's own training reports — after cross-validating it by leaving one report out at a time.
 *
 *   npm run train               cross-validate, then write model/policy.json
 *   npm run train -- --check    exit 1 if the committed policy differs from a fresh one
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { POLICY_FILE } from '../src/answer/policy.ts';
import { score, trainPolicy, type Score } from '../src/answer/trainPolicy.ts';
import type { Labelled } from '../src/eval/labelled.ts';
import { trainingData } from '../src/eval/trainingData.ts';

const check = process.argv.includes('--check');
const started = Date.now();
const { data, groups, squadGroups, ownGroups } = trainingData();
console.log(`labelled ${data.length} questions from ${groups.length} reports in ${((Date.now() - started) / 1000).toFixed(1)} s`);

if (!check) {
  const short = (d: Labelled) => (d.examined?.shortness ?? 1) >= 0.5;
  const rows: Row[] = [];
  for (const held of [...squadGroups, ...ownGroups]) {
    const policy = trainPolicy(data.filter((d) => d.group !== held));
    const test = data.filter((d) => d.group === held);
    const parts = ownGroups.includes(held) ? [['', test] as const] : ([[' (whole)', test.filter((d) => !short(d))], [' (parts)', test.filter(short)]] as const);
    for (const [suffix, subset] of parts) rows.push({ name: `${held}${suffix}`, own: ownGroups.includes(held), whole: suffix === ' (whole)', s: score(subset, policy), b: baseline(subset) });
  }
  console.log('\nEach report held out in turn (trained on all the others):');
  console.log('report'.padEnd(34), 'answerable right', 'answerable refused', 'unanswerable refused', 'off-topic refused', '| BM25 top sentence right');
  for (const r of rows) console.log(line(r.name, r.s, r.b));
  const total = (keep: (r: Row) => boolean): [Score, Score] => [sum(rows.filter(keep).map((r) => r.s)), sum(rows.filter(keep).map((r) => r.b))];
  console.log(line('SQuAD articles whole', ...total((r) => !r.own && r.whole)));
  console.log(line('SQuAD articles in ~10-paragraph parts', ...total((r) => !r.own && !r.whole)));
  console.log(line("the repo's own reports", ...total((r) => r.own)));
}

const policy = trainPolicy(data, { sources: groups });
const text = `${JSON.stringify(policy, null, 2)}\n`;
if (check) {
  const same = readFileSync(POLICY_FILE, 'utf8') === text;
  console.log(same ? 'model/policy.json matches a fresh training run.' : 'model/policy.json differs from a fresh training run: run `npm run train`.');
  process.exit(same ? 0 : 1);
}
writeFileSync(POLICY_FILE, text);
console.log(`\nwrote ${POLICY_FILE}  in ${((Date.now() - started) / 1000).toFixed(1)} s`);

interface Row {
  name: string;
  own: boolean;
  whole: boolean;
  s: Score;
  b: Score;
}

function sum(scores: Score[]): Score {
  const out: Score = { offTopic: 0, offTopicRefused: 0, answerable: 0, right: 0, answerableRefused: 0, unanswerable: 0, unanswerableRefused: 0 };
  for (const s of scores) for (const k of Object.keys(out) as Array<keyof Score>) out[k] += s[k];
  return out;
}

function line(name: string, s: Score, b: Score): string {
  const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`.padStart(6);
  return `${name.padEnd(34)} ${pct(s.right, s.answerable).padEnd(16)} ${pct(s.answerableRefused, s.answerable).padEnd(18)} ${pct(s.unanswerableRefused, s.unanswerable).padEnd(20)} ${pct(s.offTopicRefused, s.offTopic).padEnd(17)} | ${pct(b.right, b.answerable)}`;
}

/** Plain BM25: the top-retrieved sentence, never refusing. */
function baseline(test: typeof data): Score {
  const s: Score = { offTopic: 0, offTopicRefused: 0, answerable: 0, right: 0, answerableRefused: 0, unanswerable: 0, unanswerableRefused: 0 };
  for (const d of test) {
    if (!d.onTopic) continue;
    if (!d.answerable) {
      s.unanswerable++;
      continue;
    }
    s.answerable++;
    const top = d.examined?.candidates.findIndex((c) => c.candidate.retrieval === 1) ?? -1;
    if (top >= 0 && d.correct[top]) s.right++;
  }
  return s;
}
