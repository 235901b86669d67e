/**
 * npm run constraints: what each constraint of src/answer/constraints.ts would do as a rule,
 * on the training data (the six SQuAD articles and the repo's own training reports). For
 * every kind: answerable questions whose every right candidate it rules out (lost), and
 * unanswerable on-topic questions whose every candidate it rules out (refused). RULES names
 * the kinds that rule on their own; the others are only features of the policy.
 */
import { RULES, type Unmet } from '../src/answer/constraints.ts';
import { trainingData } from '../src/eval/trainingData.ts';

const KINDS: ReadonlyArray<Unmet['kind']> = [
  'year',
  'unit',
  'role',
  'column',
  'foreign',
  'count',
  'holder',
  'type',
  'name',
];
// --examples KIND prints the questions a kind costs (right answers lost), to read before making it a rule.
const show = process.argv.includes('--examples') ? process.argv[process.argv.indexOf('--examples') + 1] : undefined;
const { data } = trainingData();
type Row = { lost: number; refused: number; answerable: number; unanswerable: number };
const table = new Map<string, Row>();
const row = (key: string) => {
  let r = table.get(key);
  if (!r) {
    r = { lost: 0, refused: 0, answerable: 0, unanswerable: 0 };
    table.set(key, r);
  }
  return r;
};
for (const d of data) {
  if (!d.examined || !d.onTopic) continue;
  const unmet = d.examined.candidates.map((c) => c.unmet);
  const tests: Array<[string, (u: Unmet) => boolean]> = [
    ...KINDS.map((k): [string, (u: Unmet) => boolean] => [k, (u) => u.kind === k]),
    ['RULES together', (u) => RULES.has(u.kind)],
  ];
  for (const [name, test] of tests) {
    const r = row(`${d.own ? 'own reports' : 'SQuAD'} · ${name}`);
    const out = unmet.map((list) => list.some(test));
    if (d.answerable) {
      r.answerable++;
      if (d.correct.some(Boolean) && !d.correct.some((c, i) => c && !out[i])) {
        r.lost++;
        if (name === show) console.log(`lost (${d.group}): ${d.question}`);
      }
    } else {
      r.unanswerable++;
      if (out.length > 0 && out.every(Boolean)) r.refused++;
    }
  }
}
console.log(`${'data · constraint'.padEnd(34)} ${'right answers lost'.padEnd(20)} unanswerable refused`);
for (const [key, r] of table) {
  const pct = (n: number, of: number) => `${n} (${((100 * n) / Math.max(1, of)).toFixed(1)}%)`;
  const rule = RULES.has(key.split(' · ')[1] as Unmet['kind']) ? ' rule' : '';
  console.log(`${(key + rule).padEnd(34)} ${pct(r.lost, r.answerable).padEnd(20)} ${pct(r.refused, r.unanswerable)}`);
}
