/**
 * What a follow-up asks, read from its words alone: "and Japan?", "why?", "when was that?",
 * "compare it with India", "tell me more". A question that names its own subject is none of
 * these, and is answered on its own (see `resolve.ts`).
 */
export type FollowUp =
  /** "and Japan?", "what about the USA": the same thing asked of another subject. */
  | { kind: 'swap'; subject: string }
  /** "compare it with India": the last subject against another. */
  | { kind: 'compare'; other: string }
  /** "why?": the passage that explains the last answer. */
  | { kind: 'why' }
  /** "when was that?": the date of the last answer's event. */
  | { kind: 'when' }
  /** "tell me more": what the report says next, in the same section. */
  | { kind: 'more' }
  /** "what are they used for?": a short question whose subject is a pronoun. */
  | { kind: 'pronoun'; pronoun: string; question: string }
  /** "and who backs the junta?": a whole question after a conversational "and". */
  | { kind: 'own'; question: string };

const END = String.raw`[\s?.!…]*$`;
const THAT = `(?:that|it|this|those|these|they|them)`;

const MORE = new RegExp(
  `^(?:(?:please |can you |could you )?(?:tell me|say|give me|show me) more(?: about (?:that|it|this))?(?: please| pls)?|more(?: please| pls| details?| info)?|go on|continue|keep going|elaborate|what else|anything else)${END}`,
  'i',
);
const WHY = new RegExp(
  `^(?:and |but |so )?(?:why|how come|for what reason)(?: (?:is|was|did|does|do|are|were) ${THAT}(?: so| the case| happen)?)?${END}`,
  'i',
);
const WHEN = new RegExp(
  `^(?:and |so )?(?:when|what year|which year|what date|what month)(?: (?:was|is|did|does|were) ${THAT}(?: happen| happening| take place)?)?${END}`,
  'i',
);
const COMPARE = new RegExp(
  `^(?:and |now |can you |please )?(?:compare|contrast) ${THAT} (?:with|to|against|and) (.+?)${END}`,
  'i',
);
const VERSUS = new RegExp(String.raw`^(?:and )?(?:vs\.?|versus|compared (?:with|to)) (.+?)${END}`, 'i');
const SWAP = new RegExp(`^(?:and|what about|how about|and what about|and how about|what of|same for) (.+?)${END}`, 'i');
/** The words that make a phrase a question of its own rather than a subject. */
const QUESTION_WORD =
  /^(?:what|when|where|which|who|whom|whose|why|how|is|are|was|were|does|do|did|can|could|should|will|would|has|have|tell|list|show|explain|describe|compare)\b/i;
const PRONOUN = /\b(it|its|they|them|their|that|this|those|these)\b/i;
/** A pronoun question longer than this has likely said what it is about. */
const PRONOUN_MAX_WORDS = 8;
/** A subject longer than this is a sentence, not a name. */
const SUBJECT_MAX_WORDS = 6;

export function readFollowUp(text: string): FollowUp | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t === '') return undefined;
  if (MORE.test(t)) return { kind: 'more' };
  if (WHY.test(t)) return { kind: 'why' };
  if (WHEN.test(t)) return { kind: 'when' };
  const compare = COMPARE.exec(t) ?? VERSUS.exec(t);
  if (compare) return { kind: 'compare', other: compare[1]! };
  const swap = SWAP.exec(t);
  if (swap) {
    const rest = swap[1]!;
    if (QUESTION_WORD.test(rest)) return { kind: 'own', question: rest };
    if (rest.split(' ').length <= SUBJECT_MAX_WORDS) return { kind: 'swap', subject: subjectOf(rest) };
    return undefined;
  }
  const pronoun = PRONOUN.exec(t);
  if (pronoun && QUESTION_WORD.test(t) && t.split(' ').length <= PRONOUN_MAX_WORDS) {
    return { kind: 'pronoun', pronoun: pronoun[1]!, question: t };
  }
  return undefined;
}

/** "in India" and "for Australia" keep the earlier question's own preposition; "Japan's" is Japan. */
function subjectOf(phrase: string): string {
  return phrase
    .replace(/^(?:in|for|of|on|about|with|to|from) /i, '')
    .replace(/['’]s$/i, '')
    .replace(/['’]$/, '')
    .trim();
}
