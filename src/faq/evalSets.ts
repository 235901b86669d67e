import { fileURLToPath } from 'node:url';

/** The curated test set: entries, the part the threshold is tuned on, and the blind part it never sees. */
const at = (file: string) => fileURLToPath(new URL(`../../tests/eval/${file}`, import.meta.url));
export const FAQ_EVAL = {
  curated: at('faq-curated.jsonl'),
  tune: at('faq-tune.jsonl'),
  blind: at('faq-blind.jsonl'),
} as const;
