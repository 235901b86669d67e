/**
 * Words and shapes that mark a block as someone selling something rather than the report
 * reporting: prices, booking calls, contact details, sponsor labels, newsletter and cookie
 * boilerplate, "related articles" lists.
 *
 * A strong cue is one a report's own prose practically never uses ("book now", "we use
 * cookies", "€89 per night"). A weak cue is a word a report may well use ("offer", "deal",
 * "discount", a URL): it only counts against a block that is foreign to the report anyway.
 */

export type CueKind =
  | 'price'
  | 'booking'
  | 'contact'
  | 'sponsored'
  | 'subscription'
  | 'related reading'
  | 'cookies'
  | 'sales word';

export interface Cue {
  kind: CueKind;
  strong: boolean;
  /** The words that matched, quoted in the reason a block is dropped. */
  match: string;
}

// An amount of money: "€89", "$1,200", "£49.99", "89 EUR", "120 euros". Every repeat is bounded, as
// below: an unbounded one retries from each character of a long run (a pasted base64 line) and takes minutes.
const MONEY = String.raw`(?:[€$£]\s?\d[\d,]{0,12}(?:\.\d{1,2})?|\d[\d,]{0,12}(?:\.\d{1,2})?\s?(?:€|eur|euros?|usd|dollars?|gbp|pounds?)\b)`;
// The whole figure, and not "$9.8 billion": that is a report's figure, not a price on offer.
const NOT_LARGE = String.raw`(?![\d,]|\.\d)(?!\s?(?:million|billion|trillion|bn|mn|m)\b)`;

const CUES: ReadonlyArray<{ kind: CueKind; strong: boolean; pattern: RegExp }> = [
  // A price per night or person, or one sold as "only", "from", "just" or "starting at".
  {
    kind: 'price',
    strong: true,
    pattern: new RegExp(
      `${MONEY}${NOT_LARGE}\\s?(?:/|per|a|an)\\s?(?:night|person|guest|room|day|week|month|year|stay|visit)\\b|\\b(?:only|from|just|starting at|for as little as)\\s${MONEY}${NOT_LARGE}|\\b\\d{1,2}\\s?% off\\b`,
      'i',
    ),
  },
  {
    kind: 'booking',
    strong: true,
    pattern:
      /\bbook (?:now|today|online|early|direct|your|a (?:room|table|stay|seat|tour|package|\w+-night))\b|\breserve (?:now|today|your|a)\b|\bonline booking\b|\bcall (?:us|now|today)\b|\b(?:limited[- ]time|special|exclusive) offer\b|\bpromo(?:tional)? code\b/i,
  },
  {
    kind: 'sponsored',
    strong: true,
    pattern:
      /\bsponsored\b|\badvertisement\b|\badvertorial\b|\bpaid (?:post|partnership)\b|\bpartner content\b|\bpromoted (?:content|post|story)\b|^\s*(?:\[|\()?(?:ad|promoted)(?:\]|\))?\s*[:|-]/i,
  },
  {
    kind: 'subscription',
    strong: true,
    pattern: /\bsubscribe\b|\bnewsletter\b|\bsign up (?:for|to|now|today)\b|\bunsubscribe\b/i,
  },
  {
    kind: 'related reading',
    strong: true,
    pattern:
      /\brelated (?:articles|stories|reading|posts|content|coverage)\b|\bread more\b|\byou (?:may|might) also (?:like|enjoy)\b|\brecommended (?:for you|reading|articles|stories)\b|\bmore from (?:us|our)\b|\bdon[’']t miss\b/i,
  },
  {
    kind: 'cookies',
    strong: true,
    pattern:
      /\bwe use cookies\b|\bcookie (?:policy|settings|preferences|notice|consent|banner)\b|\baccept (?:all )?cookies\b|\buses? cookies to\b/i,
  },
  {
    kind: 'contact',
    strong: false,
    pattern:
      /[\w.+-]{1,64}@[\w-]{1,63}\.[a-z]{2,6}\b|\bhttps?:\/\/\S{1,60}|\bwww\.\S{1,60}|\b[\w-]{1,63}\.(?:com|net|org|io|co\.uk)\b|(?:\+\d{1,3}[\s.-]?)?\(?\d{2,4}\)?[\s.-]\d{2,4}[\s.-]\d{2,4}\b|\bcall\b/i,
  },
  {
    kind: 'sales word',
    strong: false,
    pattern: /\b(?:offers?|deals?|discounts?|reserve|reservations?|booking|complimentary|coupon|accept)\b/i,
  },
];

/** Every kind of sponsor cue in a block's text, once per kind, in the order above. */
export function sponsorCues(text: string): Cue[] {
  const out: Cue[] = [];
  for (const { kind, strong, pattern } of CUES) {
    const match = pattern.exec(text);
    if (match) out.push({ kind, strong, match: match[0].trim() });
  }
  return out;
}

/** A block that is nothing but a sponsor label or a "Related articles:" lead-in, e.g. a heading "Advertisement". */
export function isSponsorLabel(text: string): boolean {
  return /^\W*(?:sponsored(?: content| post| by [^.]{1,40})?|advertisement|advertorial|ad|promoted(?: content)?|paid (?:post|partnership)|partner content)\W*$/i.test(
    text.trim(),
  );
}

/** A lead-in to a list of headlines: "Related articles:", "Read more", "You may also like". */
export function isRelatedReadingLabel(text: string): boolean {
  return /^\W*(?:related(?: articles| stories| reading| posts| content| coverage)?|read more|read next|more (?:stories|articles|reading)|you (?:may|might) also (?:like|enjoy)|recommended(?: for you| reading| articles| stories)?|further reading)\W*$/i.test(
    text.trim(),
  );
}
