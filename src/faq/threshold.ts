import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MatchSettings } from './match.ts';

/** Written by `npm run train:faq` from tests/eval/faq-tune.jsonl; never typed by hand. */
export const FAQ_MODEL_FILE = fileURLToPath(new URL('../../model/faq-match.json', import.meta.url));

export interface FaqModel extends MatchSettings {
  /** What it was chosen from, and how it scored there. */
  trainedOn: string;
  tuning: { paraphrasesMatched: number; paraphrases: number; nearMissesRejected: number; nearMisses: number };
}

let shared: FaqModel | undefined;

export function loadFaqModel(file = FAQ_MODEL_FILE): FaqModel {
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run train:faq`);
  const model = JSON.parse(readFileSync(file, 'utf8')) as FaqModel;
  if (typeof model.threshold !== 'number' || !(model.threshold > 0 && model.threshold <= 1)) {
    throw new Error(`${file}: threshold must be a number in (0, 1]; run npm run train:faq`);
  }
  if (typeof model.omitted !== 'number' || !(model.omitted > 0 && model.omitted <= 1)) {
    throw new Error(`${file}: omitted must be a number in (0, 1]; run npm run train:faq`);
  }
  return model;
}

export function sharedFaqModel(): FaqModel {
  shared ??= loadFaqModel();
  return shared;
}
