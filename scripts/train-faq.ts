/**
 * npm run train:faq: measure the curated-answer match threshold on tests/eval/faq-tune.jsonl
 * (never on faq-blind.jsonl) and write it to model/faq-match.json.
 *
 *   npm run train:faq             write model/faq-match.json
 *   npm run train:faq -- --check  exit 1 if the committed file differs from a fresh run
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createAnswerEngine } from '../src/answer/engine.ts';
import { FAQ_EVAL } from '../src/faq/evalSets.ts';
import {
  type CuratedEntry,
  chooseSettings,
  type MatchCase,
  matcherFor,
  readJsonLines,
  scoreAt,
} from '../src/faq/evaluate.ts';
import { FAQ_MODEL_FILE, type FaqModel } from '../src/faq/threshold.ts';
import { sharedWordVectors } from '../src/semantic/wordVectors.ts';

const engine = createAnswerEngine();
const matcher = matcherFor(engine.kb, readJsonLines<CuratedEntry>(FAQ_EVAL.curated), sharedWordVectors());
const cases = readJsonLines<MatchCase>(FAQ_EVAL.tune);
const { omitted, threshold } = chooseSettings((o) => matcher.score(cases, o));
const scored = matcher.score(cases, omitted);
const { misses, ...tuning } = scoreAt(scored, threshold);
const model: FaqModel = { threshold, omitted, trainedOn: 'tests/eval/faq-tune.jsonl', tuning };
const text = `${JSON.stringify(model, null, 2)}\n`;

if (process.argv.includes('--verbose')) {
  for (const s of [...scored].sort((a, b) => a.score - b.score))
    console.log(s.score.toFixed(3), s.case.expect ?? '—', '→', s.best, JSON.stringify(s.case.q));
}
if (process.argv.includes('--check')) {
  const same = readFileSync(FAQ_MODEL_FILE, 'utf8') === text;
  console.log(
    same ? 'model/faq-match.json matches a fresh run.' : 'model/faq-match.json differs: run npm run train:faq.',
  );
  process.exit(same ? 0 : 1);
}
writeFileSync(FAQ_MODEL_FILE, text);
console.log(
  `threshold ${threshold}, omitted words weigh ${omitted}: paraphrases matched ${tuning.paraphrasesMatched}/${tuning.paraphrases}, near-misses rejected ${tuning.nearMissesRejected}/${tuning.nearMisses} (tuning set)`,
);
for (const m of misses) console.log(`MISS ${JSON.stringify(m.case.q)} → ${m.best ?? 'none'} at ${m.score.toFixed(3)}`);
console.log(`wrote ${FAQ_MODEL_FILE}`);
