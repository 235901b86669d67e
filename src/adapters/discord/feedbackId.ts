import type { Vote } from '../../insights/records.ts';

/**
 * The custom ids of the feedback and curation components. Like page buttons they are stateless:
 * each holds the stored record it is about, and the vote. Record ids are random, so an id cannot
 * be guessed; the service still checks the record is this server's and within retention.
 */
export type FeedbackId =
  | { kind: 'vote'; record: string; vote: Vote }
  /** The "What was wrong?" form a 👎 opens. */
  | { kind: 'comment'; record: string }
  /** An "Answer" button of /insights, opening the /faq add form for the record's question. */
  | { kind: 'curate'; record: string }
  /** That form, submitted: the question and answer are its fields. */
  | { kind: 'curated' };

const VOTES = { u: 'up', d: 'down' } as const;
const RECORD = /^[0-9A-Za-z_-]{1,60}$/;

export function encodeFeedbackId(id: FeedbackId): string {
  switch (id.kind) {
    case 'vote':
      return `fb|${id.vote === 'up' ? 'u' : 'd'}|${id.record}`;
    case 'comment':
      return `fbc|${id.record}`;
    case 'curate':
      return `faq|${id.record}`;
    case 'curated':
      return 'faqm';
  }
}

/** The id's meaning, or undefined when it is not one of these (a pager id, or forged). */
export function decodeFeedbackId(customId: string): FeedbackId | undefined {
  const parts = customId.split('|');
  const [prefix, a, b] = parts;
  if (prefix === 'faqm' && parts.length === 1) return { kind: 'curated' };
  if (prefix === 'fb' && parts.length === 3 && (a === 'u' || a === 'd') && b && RECORD.test(b))
    return { kind: 'vote', record: b, vote: VOTES[a] };
  if (prefix === 'fbc' && parts.length === 2 && a && RECORD.test(a)) return { kind: 'comment', record: a };
  if (prefix === 'faq' && parts.length === 2 && a && RECORD.test(a)) return { kind: 'curate', record: a };
  return undefined;
}

/** Whether a custom id is this file's business at all, so a malformed one still gets its clear answer. */
export function isFeedbackId(customId: string): boolean {
  return /^(fb|fbc|faq|faqm)(\||$)/.test(customId);
}
