/**
 * npm run train: learn the answer policy (model/policy.json) from labelled questions —
 * the six SQuAD 2.0 articles in ../shared/squad and this repo's own training set — after
 * cross-validating it by leaving one whole article out at a time.
 *
 *   npm run train               cross-validate, then write model/policy.json
 *   npm run train -- --check    exit 1 if the committed policy differs from a fresh one
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { POLICY_FILE } from '../src/answer/policy.ts';
import { score, trainPolicy, type Score } from '../src/answer/trainPolicy.ts';
import { trainingData } from '../src/eval/trainingData.ts';

const check = process.argv.includes('--check');
const started = Date.now();
const { data, groups, squadGroups } = trainingData();
console.log(`labelled ${data.length} questions from ${groups.length} reports in ${((Date.now() - started) / 1000).toFixed(1)} s`);

if (!check) {
  const rows: Array<[string, Score, Score]> = [];
  for (const held of squadGroups) {
    const policy = trainPolicy(data.filter((d) => d.group !== held));
    const test = data.filter((d) => d.group === held);
    rows.push([held, score(test, policy), baseline(test)]);
  }
  const sum = (pick: (r: [string, Score, Score]) => Score): Score =>
    rows.map(pick).reduce((a, b) => ({
      offTopic: a.offTopic + b.offTopic,
      offTopicRefused: a.offTopicRefused + b.offTopicRefused,
      answerable: a.answerable + b.answerable,
      right: a.right + b.right,
      answerableRefused: a.answerableRefused + b.answerableRefused,
      unanswerable: a.unanswerable + b.unanswerable,
      unanswerableRefused: a.unanswerableRefused + b.unanswerableRefused,
    }));
  console.log('\nSQuAD, each article held out (trained on the other five and the repo set):');
  console.log('article'.padEnd(22), 'answerable right', 'answerable refused', 'unanswerable refused', 'off-topic refused', '| BM25 top sentence right');
  for (const [name, s, b] of rows) console.log(line(name, s, b));
  console.log(line('ALL (held out)', sum((r) => r[1]), sum((r) => r[2])));
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

function line(name: string, s: Score, b: Score): string {
  const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`.padStart(6);
  return `${name.padEnd(22)} ${pct(s.right, s.answerable).padEnd(16)} ${pct(s.answerableRefused, s.answerable).padEnd(18)} ${pct(s.unanswerableRefused, s.unanswerable).padEnd(20)} ${pct(s.offTopicRefused, s.offTopic).padEnd(17)} | ${pct(b.right, b.answerable)}`;
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
