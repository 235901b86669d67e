import { fold } from '../text/fold.ts';

/** The kind of thing a question asks for, read from its wording. */
export type AnswerType = 'date' | 'number' | 'person' | 'place' | 'reason' | 'definition' | 'yesno' | 'other';

/** "who is the KIA", "what are REEs": a name of at most three words, asked to be explained. */
const DEFINITION =
  /^((what|who) (is|are|was|were) (the |a |an )?[a-z0-9'-]+( [a-z0-9'-]+){0,2}|what does [a-z0-9'-]+( [a-z0-9'-]+)? (stand for|mean)|define [a-z0-9'-]+( [a-z0-9'-]+){0,2}|meaning of [a-z0-9'-]+)$/;
const YES_NO_START = /^(is|are|was|were|does|do|did|has|have|had|can|could|will|would|should)\b/;

export function expectedType(question: string): AnswerType {
  const q = fold(question)
    .replace(/[^a-z0-9%' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[^a-z0-9]+/, '')
    .trim();
  if (
    /\b(when|what year|which year|what month|which month|what date|what day|what century|what decade|since when|how long ago)\b/.test(
      q,
    )
  )
    return 'date';
  if (
    /\b(how (many|much|long|old|large|big|far|high|often|fast)|what (percent|percentage|share|proportion|number|amount|fraction)|how much of)\b|%/.test(
      q,
    )
  )
    return 'number';
  if (DEFINITION.test(q)) return 'definition';
  if (
    /^(which|what) (companies|company|firms?|organi[sz]ations?|groups?|people|persons?|officials?|experts?|analysts?|institutions?|players?)\b/.test(
      q,
    )
  )
    return 'person';
  if (/^(who|whom|whose)\b|\b(who|whom|whose) (is|was|were|are|did|does|has|had)\b/.test(q)) return 'person';
  if (/^where\b|\bwhere (is|are|was|were|did|does|do)\b|\bin what (city|country|region|place)\b/.test(q))
    return 'place';
  if (
    /^why\b|\bwhy (is|are|was|were|did|does|do)\b|\bwhat (caused|causes|led to|is the reason|was the reason|are the reasons)\b|\bfor what reason\b/.test(
      q,
    )
  )
    return 'reason';
  if (YES_NO_START.test(q)) return 'yesno';
  return 'other';
}

const MONTH = /\b(january|february|march|april|may|june|july|august|september|october|november|december)\b/i;
const YEAR = /\b(1\d{3}|20\d{2})s?\b|\b\d{1,2}(st|nd|rd|th) century\b|\bcentury\b/i;
const NUMBER =
  /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|dozen|half|percent|several)\b/i;
const REASON =
  /\b(because|due to|since|as a result|so that|in order to|owing to|thanks to|led to|caused|causes|reason|therefore|to (counter|ensure|reduce|avoid|secure|protect|build|meet))\b/i;

/**
 * Does the text hold a thing of that type outside the question's own words? A date for
 * "when", a figure for "how many", a name for "who" or "where".
 */
export function holdsType(type: AnswerType, text: string, questionWords: ReadonlySet<string>): number {
  switch (type) {
    case 'date': {
      const rest = unasked(text, questionWords);
      return YEAR.test(rest) || MONTH.test(rest) ? 1 : 0;
    }
    case 'number':
      // A year is a date, not the figure asked for ("how much will the 2025 plant cost").
      return NUMBER.test(unasked(text, questionWords).replace(DATED, ' ')) ? 1 : 0;
    case 'person':
    case 'place':
      return newNames(text, questionWords) > 0 ? 1 : 0;
    case 'reason':
      return REASON.test(text) ? 1 : 0;
    default:
      return 0;
  }
}

/** Dates as sentences and timeline entries write them: "January 2025", "in 2023", "the 1970s". */
const DATED =
  /\b(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+(?:\d{1,2},?\s+)?)?(?:1[5-9]\d{2}|20\d{2})s?\b(?!\s?(?:%|tonnes|tons|million|billion|people|km|kilometres))/gi;

/** The text without the words the question already holds, so an echoed "2023" is not an answer. */
function unasked(text: string, questionWords: ReadonlySet<string>): string {
  const { pieces, folded } = readText(text);
  let out = pieces[0]!;
  for (let i = 0; i < folded.length; i++)
    out += (questionWords.has(folded[i]!) ? ' ' : pieces[2 * i + 1]!) + pieces[2 * i + 2]!;
  return out;
}

/** Capitalised words past a sentence's first word that the question does not already name. */
function newNames(text: string, questionWords: ReadonlySet<string>): number {
  let n = 0;
  for (const name of readText(text).names) if (!questionWords.has(name)) n++;
  return n;
}

/**
 * A text split once into what the typed checks compare with a question: the same sentences
 * come back for every question, and splitting and folding their words anew was a quarter of
 * the engine's allocation.
 */
interface ReadText {
  /** Gap, word, gap, word, …, gap: joined, the text itself. */
  pieces: string[];
  /** Each word folded as questions are, trailing "." and "," dropped. */
  folded: string[];
  /** Capitalised words past a sentence's first word, folded. */
  names: string[];
}

const READ_TEXTS = new Map<string, ReadText>();
const READ_TEXTS_MAX = 20_000;
const WORD = /[\p{L}\d][\p{L}\d,.'’-]*/gu;

function readText(text: string): ReadText {
  let read = READ_TEXTS.get(text);
  if (read) return read;
  const pieces: string[] = [];
  const folded: string[] = [];
  let at = 0;
  for (const m of text.matchAll(WORD)) {
    pieces.push(text.slice(at, m.index), m[0]);
    folded.push(fold(m[0]).replace(/[.,]+$/, ''));
    at = m.index + m[0].length;
  }
  pieces.push(text.slice(at));
  const names = [...text.matchAll(/(?<=[^.!?]\s)[A-Z][\p{L}'-]+/gu)].map((m) => fold(m[0]));
  read = { pieces, folded, names };
  if (READ_TEXTS.size >= READ_TEXTS_MAX) READ_TEXTS.clear();
  READ_TEXTS.set(text, read);
  return read;
}

/** A figure with its unit or a date, as a sentence writes it ("22 million tonnes", "July 2023", "$150 million"). */
const SPANS: Partial<Record<AnswerType, RegExp>> = {
  date: /\b(?:(?:early |late |mid-?)?(?:january|february|march|april|may|june|july|august|september|october|november|december)(?: \d{1,2},?)? )?(?:1\d{3}|20\d{2})s?\b|\b\d{1,2}(?:st|nd|rd|th) century\b/gi,
  number:
    /(?:[$€£]\s?)?\b\d[\d,.]*(?:\s?%|\s(?:per ?cent|percent|million|billion|trillion|thousand)(?:\s(?:tonnes|tons|dollars|people|barrels|years))?|\s(?:tonnes|tons|kilometres|km|miles|years|months|days|people|barrels))?/gi,
};

/**
 * The part of a passage that answers a date or figure question: the first such span the
 * question does not already contain. Renderers bold it; undefined when there is none.
 */
export function typedSpan(type: AnswerType, text: string, question: string): string | undefined {
  const pattern = SPANS[type];
  if (!pattern) return undefined;
  const asked = fold(question);
  for (const m of text.matchAll(pattern)) {
    const span = m[0].trim();
    if (span.length > 0 && !asked.includes(fold(span))) return span;
  }
  return undefined;
}
