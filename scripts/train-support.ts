/**
 * npm run train:support: learn the support check's overlap threshold on the tune half of
 * tests/eval/support.jsonl (never the blind half), print precision and recall on both halves,
 * and write model/support-check.json.
 *
 *   npm run train:support             write model/support-check.json
 *   npm run train:support -- --check  exit 1 if the committed file differs from a fresh run
 *   npm run train:support -- --verbose  list every missed and falsely rejected sentence
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  chooseThreshold,
  figuresAt,
  readSupportCases,
  type SupportFigures,
  scoreCases,
} from '../src/generate/supportEval.ts';
import { SUPPORT_MODEL_PATH } from '../src/generate/supportModel.ts';

const cases = readSupportCases();
const tune = scoreCases(cases.filter((c) => c.split === 'tune'));
const blind = scoreCases(cases.filter((c) => c.split === 'blind'));
const overlap = chooseThreshold(tune);
const text = `${JSON.stringify({ overlap, trainedOn: 'tests/eval/support.jsonl (split: tune)' }, null, 2)}\n`;

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
function report(name: string, f: SupportFigures): void {
  console.log(
    `${name}: ${f.cases} sentences (${f.supported} supported, ${f.unsupported} unsupported); unsupported caught ${pct(f.unsupportedCaught)} (recall), rejections right ${pct(f.rejectionPrecision)} (precision), supported shown ${pct(f.supportedShown)}`,
  );
  if (process.argv.includes('--verbose') || name === 'blind') {
    for (const s of f.missed) console.log(`  MISSED ${s.overlap.toFixed(2)} ${s.case.kind}: ${s.case.sentence}`);
  }
  if (process.argv.includes('--verbose'))
    for (const s of f.falselyRejected)
      console.log(`  REJECTED ${s.rule ?? 'overlap'} ${s.overlap.toFixed(2)}: ${s.case.sentence}`);
}

console.log(`overlap threshold ${overlap} (the lowest catching the target on tune)`);
report('tune', figuresAt(tune, overlap));
report('blind', figuresAt(blind, overlap));
if (process.argv.includes('--check')) {
  const same = readFileSync(SUPPORT_MODEL_PATH, 'utf8') === text;
  console.log(
    same
      ? 'model/support-check.json matches a fresh run.'
      : 'model/support-check.json differs: run npm run train:support.',
  );
  process.exit(same ? 0 : 1);
}
writeFileSync(SUPPORT_MODEL_PATH, text);
console.log('wrote model/support-check.json');
