import { readFileSync } from 'node:fs';

/** The learned part of the support check, written by `npm run train:support` (scripts/train-support.ts). */
export interface SupportModel {
  /** Least share of a claim's content words the cited sources must hold. */
  overlap: number;
}

export const SUPPORT_MODEL_PATH = new URL('../../model/support-check.json', import.meta.url);

function load(): SupportModel {
  const raw = JSON.parse(readFileSync(SUPPORT_MODEL_PATH, 'utf8')) as Partial<SupportModel>;
  if (typeof raw.overlap !== 'number' || raw.overlap < 0 || raw.overlap > 1)
    throw new Error('model/support-check.json has no overlap threshold in 0–1: run npm run train:support');
  return { overlap: raw.overlap };
}

let loaded: SupportModel | undefined;

/** Read once, on first use, so the training script can run while the file is missing or stale. */
export function supportModel(): SupportModel {
  loaded ??= load();
  return loaded;
}
