import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { isStopword, stem, words } from '../knowledge/text.ts';
import { stripBidiControls, stripStoredControls } from '../text/echo.ts';
import { fold } from '../text/fold.ts';
import type { Candidate } from './candidate.ts';
import { sentenceBefore } from './features.ts';
import { PLACES } from './places.ts';
import type { Question } from './question.ts';
import { textView } from './textView.ts';

/**
 * What a question pins down besides its topic: a year, a unit of measure, a role or
 * attribute, the names it is about. A candidate that lacks one of them is about the right
 * subject but is not the fact asked ("who leads the KIA" answered with the KIA's table row),
 * and does not answer, however well it ranks.
 */
export interface Asked {
  /** Years the question names ("in 2019", "the 1970s" as 197): the answer must name them too. */
  years: string[];
  /** The unit a figure must carry: tonnes, money, a percentage. */
  unit?: Measure;
  /** The role or attribute asked for: the leader, the capital, the population. */
  role?: Measure;
  /** Terms of the names the question is about, known to the reports; each must be in the answer or its context. */
  names: string[];
  /** Capitalised names the reports never mention ("Britain"): no candidate can hold them. */
  foreignNames: string[];
  /** A table column the question asks for ("processing capability"): the answer must speak of it. */
  column?: { name: string; terms: string[] };
  /** A date for "when", a figure for "how many": the answer must hold one beyond the question's own words. */
  type?: 'date' | 'number';
  /** "how many magnets": the stem of what is counted, which a figure in the answer must count. */
  counted?: string;
}

/** A thing a question can ask for, how to recognise the asking, and how to recognise an answer holding it. */
export interface Measure {
  name: string;
  asks: RegExp;
  holds: RegExp;
}

/** A figure, so that "tonnes" in "tonnes of ore" without a number is no answer to "how many tonnes". */
const FIGURE = String.raw`(?:[$€£¥₹]\s?)?\d[\d,.]*\s*(?:-|to|–)?\s*(?:\d[\d,.]*\s*)?(?:million|billion|trillion|thousand|m|bn|k)?\s*`;

/** Units, in the order they are tried: the first whose asking matches is the one asked. */
export const UNITS: readonly Measure[] = [
  {
    name: 'a price per unit',
    asks: /\bper (kg|kilo|kilogram|tonne|ton|pound|lb|ounce|oz|barrel)\b|\b(price|cost)s? (of|for) a (kilo|kilogram|tonne|ton|pound|barrel)\b/,
    holds: /\bper (kg|kilo|kilogram|tonne|ton|pound|lb|ounce|oz|barrel)\b|\/(kg|t|lb|oz)\b/,
  },
  {
    name: 'a quantity in tonnes',
    asks: /\b(tonnes?|tons?|kilotonnes?|metric tons?)\b/,
    holds: new RegExp(`${FIGURE}(?:metric )?(?:tonnes?|tons?|kilotonnes?|kt|mt|t)\\b`),
  },
  {
    name: 'a power figure',
    asks: /\b(gw|mw|kw|gigawatts?|megawatts?|kilowatts?|gwh|mwh|kwh|twh)\b/,
    holds: new RegExp(`${FIGURE}(?:gw|mw|kw|gigawatts?|megawatts?|kilowatts?|gwh|mwh|kwh|twh)\\b`),
  },
  {
    name: 'a distance or area',
    asks: /\b(km|kilometres?|kilometers?|miles?|hectares?|acres?|square)\b/,
    holds: new RegExp(`${FIGURE}(?:km2?|kilometres?|kilometers?|miles?|hectares?|acres?|square)\\b`),
  },
  {
    name: 'a length of time',
    asks: /\bhow long (has|have|had|did|does|do|was|were|will|would)\b|\bfor how long\b|\bhow many (years|months|weeks|days|decades)\b/,
    holds:
      /\b\d[\d,.]*\s*(years?|months?|weeks?|days?|decades?|hours?)\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|several|many|a few) (years?|months?|weeks?|days?|decades?)\b|\bsince (the )?\d{4}|\b\d{4}\s*(-|to|until|till|and)\s*\d{2,4}\b|\b(from|until|till|between) \d{4}/,
  },
  {
    name: 'a length',
    asks: /\bhow long is\b|\bhow (wide|tall)\b|\blength of\b/,
    holds: new RegExp(`${FIGURE}(?:km|kilometres?|kilometers?|miles?|metres?|meters?|m|feet|ft)\\b`),
  },
  {
    name: 'a count of people',
    asks: /\bhow many (people|persons|workers|miners|children|kids|employees|staff|soldiers|fighters|troops|residents|members|jobs|families|deaths|casualties|refugees)\b/,
    holds:
      /\d[\d,.]*\s*(million|thousand|m|k)?\s*(?:[a-z-]+\s){0,2}(people|persons|workers|miners|children|kids|employees|staff|soldiers|fighters|troops|residents|members|jobs|families|deaths|dead|casualties|refugees)\b/,
  },
  {
    name: 'a sum of money',
    asks: /\bhow much\b.*\b(fund\w*|cost\w*|pa(y|id)|invest\w*|spen[dt]\w*|worth|budget|loan\w*|money|revenue|profit\w*|earn\w*|raise[ds]?|grant\w*|financ\w*|dollars?|rupees?|euros?|yuan)\b|\bhow much money\b|\b(dollars|rupees|euros|yuan|usd)\b/,
    holds:
      /[$€£¥₹]\s?\d|\d[\d,.]*\s*(million|billion|trillion|crore|lakh|m|bn)?\s*(dollars|usd|euros?|rupees|yuan|pounds|rs)\b|\b(us\$|rs\.?|inr|usd|eur)\s?\d/,
  },
  {
    name: 'a percentage',
    asks: /\b(what|which) (percent|percentage|proportion|fraction)\b|\bhow many percent\b|\bper ?cent(age)?\b|%/,
    holds: /\d\s?%|\bper ?cent\b|\(%\)|\bpercent(age)?\b/,
  },
];

/** Roles and attributes a member asks of a named thing, each with the words an answer would use. */
export const ROLES: readonly Measure[] = [
  {
    name: 'its leader',
    asks: /\bwho (leads|led|heads|headed|runs|ran|commands|commanded|chairs|chaired|is in charge|was in charge)\b|'s (leader|president|ceo|head|chief|chairman|chairperson|prime minister|king|queen|commander|boss|director)s?\b|\b(leader|head|chief|commander|chairman|chairperson|president|ceo|chief executive|boss|director|general secretary)s? (of|at)\b|\bwho (is|was|are|were) (the |its |their )?(current |former )?(leader|head|chief|commander|chairman|chairperson|president|ceo|boss|director)s?\b/,
    holds:
      /\b(leads?|led|leaders?|leadership|heads?|headed|chief of|commanders?|commanded|chair(man|person|woman)?|president|ceo|chief executive|boss|director|chaired|helm)\b/,
  },
  {
    name: 'its founder',
    asks: /\bwho (founded|established|created|formed|set up|started)\b|\bfounders?\b|\b(when|what year|which year|how long ago)\b.*\b(founded|established|formed|set up)\b/,
    holds: /\b(found(ed|er|ers|ing)?|establish(ed|ment)?|formed|created|set up|started|launched|began)\b/,
  },
  {
    name: 'its capital',
    asks: /\bcapital (city )?of\b|\b's capital\b|\bcapital city\b/,
    holds: /\bcapital\b/,
  },
  {
    name: 'its population',
    asks: /\bpopulation\b|\bhow many people live\b|\binhabitants\b/,
    holds: /\b(population|inhabitants|residents|people live)\b/,
  },
  {
    name: 'the size of its economy',
    asks: /\bgdp\b|\bgross domestic product\b|\bsize of (the |its )?economy\b/,
    holds: /\b(gdp|gross domestic product|economy)\b/,
  },
  {
    name: 'a price',
    asks: /\b(price|prices|priced|cost|costs)\b|\bhow much (is|are|was|were|does|do|did) .*\b(sell|worth|cost)\b/,
    holds: /\b(price[sd]?|cost(s|ing|ly)?|per (kg|kilogram|tonne|ton|pound|lb)|value[sd]?|worth)\b|[$€£¥₹]\s?\d/,
  },
  {
    name: 'how much it produces',
    asks: /\bhow (much|many)\b.*\b(produce[sd]?|production|output|mine[sd]?|extract(s|ed)?|make[s]?|manufacture[sd]?)\b/,
    holds:
      /\b(produc\w*|output|mined|mines|mining|extract\w*|manufactur\w*|supply|supplies|supplied|share)\b|\d\s?%|\(%\)/,
  },
  {
    name: 'its reserves',
    asks: /\breserves?\b|\bdeposits?\b/,
    holds: /\b(reserves?|deposits?|resources?)\b/,
  },
  {
    name: 'its independence',
    // Not "the Kachin Independence Army": independence gained, declared, won.
    asks: /\b(gain(ed)?|declare[ds]?|won|win|achieve[ds]?|got|get) (its |their )?independence\b|\bindependence (from|day)\b|\bbec(a|o)me independent\b/,
    holds: /\bindependen(ce|t)\b/,
  },
  {
    name: 'an age',
    asks: /\bhow old\b|\bwhen was .* born\b|\bage of\b/,
    holds: /\b(born|aged?|years old)\b/,
  },
  {
    name: 'its revenue',
    asks: /\b(revenues?|profits?|sales|turnover|earnings|income)\b/,
    holds: /\b(revenues?|profits?|sales|turnover|earnings|income)\b/,
  },
  { name: 'a language', asks: /\blanguages?\b/, holds: /\blanguages?\b|\bspeak/ },
  { name: 'a currency', asks: /\bcurrency\b/, holds: /\bcurrenc(y|ies)\b/ },
  { name: 'a religion', asks: /\breligion\b/, holds: /\breligio(n|us)\b/ },
  { name: 'a headquarters', asks: /\bheadquarter(s|ed)?\b|\bbased\b/, holds: /\bheadquarter(s|ed)?\b|\bbased\b/ },
  {
    name: 'a number of people employed',
    asks: /\bhow many (workers|employees|staff|jobs|people work)\b/,
    holds: /\b(workers|employees|staff|jobs|employ\w*)\b/,
  },
];

/** The years a question names, as text: "2019", or "197" for "the 1970s". */
function yearsIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b(1[5-9]\d|20\d)(\d)(s)?\b/g)) out.add(m[3] ? m[1]! : `${m[1]}${m[2]}`);
  return [...out];
}

/** Each place between spaces, as it is looked for in a question's words. */
const SPACED_PLACES = PLACES.map((place) => ` ${place} `);

/** Read what the question pins down. */
export function readAsked(kb: KnowledgeBase, q: Question): Asked {
  const lower = fold(q.text).replace(/[’']s\b/g, "'s");
  // A year asked for ("when") is the answer, not a constraint; a year named in the question is.
  const years = yearsIn(q.text);
  const wantsFigure = q.expects === 'number' || /\bhow (much|many)\b|\bwhat (amount|quantity|volume)\b/.test(lower);
  const unit = UNITS.find(
    (u) => (u.name === 'a percentage' || wantsFigure || u.name === 'a price per unit') && u.asks.test(lower),
  );
  const role = ROLES.find((r) => r.asks.test(lower));
  const type = q.expects === 'date' || q.expects === 'number' ? q.expects : undefined;
  // Names typed in lower case are still names when the reports write them with capitals.
  const proper = properWords(kb);
  const said = words(q.text);
  const names = [
    ...new Set([...q.names, ...said.filter((w) => proper.has(w)).flatMap((w) => kb.index.analyze(w).slice(0, 1))]),
  ];
  const unknown = new Set(q.unknown);
  // Aliases make "Britain" a known word ("UK"): for a place, only what the reports' text holds counts.
  const inText = (w: string) => kb.index.analyze(w).some((t) => kb.index.has(t));
  const foreignNames: string[] = [];
  // Past the first word, a capitalised word the reports never use names something they do not cover.
  for (const m of q.text.replace(/^\s*\S+/, '').matchAll(/\b[A-Z][\p{L}'’-]+/gu)) {
    const w = fold(m[0]).replace(/'.*$/, '');
    if (w.length > 1 && !isStopword(w) && unknown.has(w)) foreignNames.push(m[0]);
  }
  const text = ` ${said.join(' ')} `;
  PLACES.forEach((place, i) => {
    if (text.includes(SPACED_PLACES[i]!) && !inText(place) && !foreignNames.some((f) => fold(f) === place))
      foreignNames.push(place);
  });
  const counted = unit ? undefined : /\bhow many ([a-z]+)/.exec(lower)?.[1];
  return {
    years,
    unit,
    role,
    names,
    foreignNames,
    column: askedColumn(kb, q),
    type,
    counted: counted && !isStopword(counted) ? stem(counted) : undefined,
  };
}

/**
 * A table column the question names word for word ("Brazil's processing capability") for
 * something that has no row in that table: the report gives that attribute only for its rows,
 * so an answer must at least speak of it. A named row's cell is the table routes' business.
 */
const COLUMN_STEMS = new Map<string, string[]>();

/** A column's content words, stemmed, without its parenthesised unit; kept, as columns are few. */
function columnStems(column: string): string[] {
  let stems = COLUMN_STEMS.get(column);
  if (!stems) {
    stems = words(column.replace(/\(.*?\)/g, ' '))
      .filter((w) => !isStopword(w))
      .map(stem);
    if (COLUMN_STEMS.size >= 10_000) COLUMN_STEMS.clear();
    COLUMN_STEMS.set(column, stems);
  }
  return stems;
}

function askedColumn(kb: KnowledgeBase, q: Question): Asked['column'] {
  if (q.names.size === 0 && q.entities.length === 0) return undefined;
  const said = new Set(words(q.text).map(stem));
  let best: Asked['column'];
  for (const table of kb.tables) {
    if (q.entities.some((e) => e.rows.some((r) => r.table === table))) continue;
    // The first column names the rows ("Country"), it is not an attribute.
    for (const column of table.columns.slice(1)) {
      const terms = columnStems(column);
      if (terms.length === 0 || !terms.every((t) => said.has(t))) continue;
      if (!best || terms.length > best.terms.length) best = { name: column.replace(/\s*\(.*\)$/, ''), terms };
    }
  }
  return best;
}

/** What the candidate is read with: its own text, the sentence it leans on, its section and report titles. */
export interface Holding {
  /** The candidate's text, folded. */
  text: string;
  /** Its words, folded, in order. */
  words: readonly string[];
  /** Whether an index term is in the candidate, the sentence it leans on, or its section or report title. */
  hasTerm(term: string): boolean;
  /** Plain stems of the candidate's own words, without aliases. */
  stems: ReadonlySet<string>;
}

export function holding(kb: KnowledgeBase, c: Candidate, antecedent: string | undefined): Holding {
  const own = textView(kb, c.draft.text);
  const report = kb.reports.find((r) => r.title === c.draft.source.document);
  const around = textView(kb, [antecedent ?? '', c.draft.source.section, report?.title ?? ''].join(' \n '));
  // A sentence's terms are its passage's, whatever its draft adds; other candidates' are their text's.
  const passageTerms = c.draft.passage ? kb.index.termsOf(c.draft.passage.id) : undefined;
  return {
    text: own.folded,
    words: own.words,
    hasTerm: (t) => (passageTerms ? passageTerms.includes(t) : own.terms.has(t)) || around.terms.has(t),
    stems: own.stemSet,
  };
}

/**
 * The constraints a candidate leaves unmet, each as the words a reply can use ("the year
 * 2019", "who leads it"). Years, units and roles are read in the candidate's own text; names
 * may come from the sentence it leans on or its section's title. `typeFound` is whether the
 * candidate holds the asked date or figure beyond the question's words (holdsType), which the
 * ranker's features read too: computed once per candidate by examine().
 */
export function unmet(asked: Asked, h: Holding, typeFound: number): Unmet[] {
  const out: Unmet[] = [];
  for (const y of asked.years)
    if (!h.text.includes(y)) out.push({ kind: 'year', what: `the year ${y.length === 3 ? `${y}0s` : y}` });
  if (asked.unit && !asked.unit.holds.test(h.text)) out.push({ kind: 'unit', what: asked.unit.name });
  if (asked.role && !asked.role.holds.test(h.text)) out.push({ kind: 'role', what: asked.role.name });
  if (asked.column && !asked.column.terms.every((t) => h.stems.has(t)))
    out.push({ kind: 'column', what: asked.column.name.toLowerCase() });
  if (asked.type && typeFound === 0) out.push({ kind: 'type', what: asked.type === 'date' ? 'a date' : 'a figure' });
  if (asked.counted && !countsIt(h.words, asked.counted)) out.push({ kind: 'count', what: 'how many' });
  for (const n of asked.names)
    if (!h.hasTerm(n)) {
      out.push({ kind: 'name', what: n });
      // A role's holder must be the named thing's: "who founded Lynas" is not answered by the KIA's founding.
      if (asked.role) out.push({ kind: 'holder', what: n });
    }
  for (const n of asked.foreignNames) out.push({ kind: 'foreign', what: n });
  return out;
}

export interface Unmet {
  kind: 'year' | 'unit' | 'role' | 'column' | 'count' | 'holder' | 'type' | 'name' | 'foreign';
  /** Words a reply can use: "the year 2019", "who leads it", "Britain". */
  what: string;
}

/**
 * The constraints that rule a candidate out on their own, chosen by what `npm run constraints`
 * measured on the training data. On the six SQuAD articles: a missing year refuses 60
 * unanswerable questions for no right answer lost, units 20 for 9, roles 28 for 8, foreign
 * places 273 for 29; together 10.8% of the unanswerable for 2.4% of the answerable. On the repo's
 * own reports together 35.9% for 0.3%. Names (78 lost for 150 on SQuAD) and the answer type
 * (69 for 49) stay features of the policy.
 */
export const RULES: ReadonlySet<Unmet['kind']> = new Set(['year', 'unit', 'role', 'column', 'foreign']);

/** Does a candidate fail a constraint that rules it out? */
export function ruledOut(list: readonly Unmet[]): boolean {
  return list.some((u) => RULES.has(u.kind));
}

/** The sentence before a passage in its paragraph, which a name in the question may sit in. */
export function previousSentence(kb: KnowledgeBase, c: Candidate): string | undefined {
  const p = c.draft.passage;
  return p?.kind === 'prose' ? sentenceBefore(kb, p)?.text : undefined;
}

const AUXILIARY = /^(is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|may|might)$/i;

/**
 * What a refusal says the report lacks: the question itself when it reads as a clause
 * ("who leads the KIA"), otherwise the first constraint no candidate met.
 */
export function notSaid(question: string, missing: readonly Unmet[]): string | undefined {
  // Quoted back to the member: on one line, without bidi controls, never long.
  const clause = stripStoredControls(stripBidiControls(question))
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[?!.\s]+$/, '');
  const [wh, next] = clause.split(/\s+/);
  if (
    wh &&
    next &&
    /^(who|what|which|when|where|why|how)$/i.test(wh) &&
    !AUXILIARY.test(next) &&
    !/^(much|many|long|old|far|big|large)$/i.test(next) &&
    clause.length <= 120
  )
    return `The report doesn't say ${wh.toLowerCase()}${clause.slice(wh.length)}.`;
  const first = missing.find((u) => RULES.has(u.kind));
  if (!first) return undefined;
  if (first.kind === 'year') return `The report doesn't give that for ${first.what.replace('the year ', '')}.`;
  if (first.kind === 'column') return `The report doesn't give the ${first.what} asked about.`;
  return `The report doesn't give ${first.what}.`;
}

const propers = new WeakMap<KnowledgeBase, Set<string>>();

/**
 * Words the reports write only with a capital inside a sentence (Glencore, Kolwezi) and the
 * names of table rows: proper names, whatever case a member types them in.
 */
export function properWords(kb: KnowledgeBase): ReadonlySet<string> {
  let set = propers.get(kb);
  if (set) return set;
  const capital = new Set<string>();
  const lower = new Set<string>();
  for (const p of kb.passages) {
    // Table rows written out capitalise their column names ("Processing Capability"): prose only.
    if (p.kind !== 'prose') continue;
    for (const m of p.text.matchAll(/(?<=[\p{L}\d,;:)]\s+)(\p{Lu}?)[\p{L}'’-]+/gu)) {
      const w = fold(m[0]).replace(/'.*$/, '');
      (m[1] ? capital : lower).add(w);
    }
  }
  set = new Set([...capital].filter((w) => !lower.has(w) && w.length > 2 && !isStopword(w)));
  for (const table of kb.tables)
    if (table.kind === 'entity')
      for (const row of table.rows) for (const w of words(row.key)) if (w.length > 2 && !isStopword(w)) set.add(w);
  propers.set(kb, set);
  return set;
}

/** The policy's view of what a candidate leaves unmet: the share of names, then each softer kind, then any rule. */
export function unmetFeatures(asked: Asked, list: readonly Unmet[]): number[] {
  const names = list.filter((u) => u.kind === 'name').length;
  const has = (kind: Unmet['kind']) => (list.some((u) => u.kind === kind) ? 1 : 0);
  return [
    asked.names.length === 0 ? 0 : names / asked.names.length,
    has('type'),
    has('count'),
    has('holder'),
    ruledOut(list) ? 1 : 0,
  ];
}

const NUMBER_WORD =
  /^(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|dozen|dozens|several|few)$/;

/** Does a figure in the text count the thing asked about ("12,000 tonnes of magnets", "three plants")? */
function countsIt(all: readonly string[], counted: string): boolean {
  for (let i = 0; i < all.length; i++) {
    if (!NUMBER_WORD.test(all[i]!)) continue;
    for (let j = i + 1; j <= i + 4 && j < all.length; j++) if (stem(all[j]!) === counted) return true;
  }
  return false;
}
