import { describe, expect, it } from 'vitest';
import { expectedType, typedSpan } from '../../src/answer/answerType.ts';
import { analyzeQuestion } from '../../src/answer/question.ts';
import { sharedWordVectors } from '../../src/semantic/wordVectors.ts';
import { engine } from '../helpers.ts';

// analyzeQuestion as the engine calls it: the shipped report and the shipped word vectors.
const vectors = sharedWordVectors();
const analyse = (text: string) => analyzeQuestion(engine.kb, text, vectors);
const terms = (text: string) => analyse(text).terms.map((t) => t.term);
const entities = (text: string) => analyse(text).entities.map((e) => e.name);

describe('analyzeQuestion on questions about the report', () => {
  it('finds entities in the order they are named, through aliases and the "Myanmar (KIA)" row', () => {
    expect(entities('Tell me about Burma and America')).toEqual(['Myanmar', 'USA']);
    expect(entities('India versus China')).toEqual(['India', 'China']);
    const q = analyse('When was the KIA founded?');
    expect(q.entities.map((e) => e.name)).toEqual(['Myanmar']);
    expect(q.terms).toEqual([
      { term: 'kia', weight: 1 },
      { term: 'establish', weight: 1 },
    ]);
    expect([q.when, q.expects, q.coverage, [...q.names]]).toEqual([true, 'date', 1, ['kia']]);
  });

  it('reads table columns as single terms, with the superlative and the head asked for', () => {
    const q = analyse('Which company has the biggest market share in Australia?');
    expect(q.terms.map((t) => t.term)).toEqual(['keyplayer', 'marketshar', 'australia']);
    expect(q.entities.map((e) => e.name)).toEqual(['Australia']);
    expect([q.superlative, q.expects, q.head, q.which]).toEqual(['max', 'person', 'company', false]);
    expect(terms("What's Myanmar's strategic risk level compared to Japan?")).toEqual([
      'myanmar',
      'strategicrisklevel',
      'japan',
    ]);
  });

  it('reads comparisons, superlatives, ordinals and bounds', () => {
    const compare = analyse('Compare China and India');
    expect([compare.compare, compare.entities.map((e) => e.name)]).toEqual([true, ['China', 'India']]);
    expect(analyse('What is the third largest market share?')).toMatchObject({ superlative: 'max', ordinal: 3 });
    expect(analyse('the least risky country')).toMatchObject({ superlative: 'min' });
    expect(terms('the least risky country')).toEqual(['risk']);
    const bound = analyse('which countries have less than 3 percent');
    expect([bound.threshold, bound.comparative, bound.which]).toEqual([{ op: '<', value: 3 }, 'min', true]);
    const yesNo = analyse('Is the USA bigger than Australia?');
    expect([yesNo.comparative, yesNo.expects, yesNo.compare]).toEqual(['max', 'yesno', false]);
  });

  it('reads dates, abbreviated months and bare months, but not "may" and "march" as verbs', () => {
    const sept = analyse('What happened in Sept 2025?');
    expect([sept.dates, sept.months, sept.wantsTimeline]).toEqual([[{ year: 2025, month: 9 }], [9], true]);
    expect(analyse('what happened between July 2025 and 2025-09').dates).toEqual([
      { year: 2025, month: 9 },
      { year: 2025, month: 7 },
    ]);
    expect(analyse('What happened in May?').months).toEqual([5]);
    expect(analyse('What may happen in march?')).toMatchObject({ months: [], dates: [] });
  });

  it('repairs typos of report words, including a multi-word column name', () => {
    expect(terms('procesing capability of japan')).toEqual(['processingcapability', 'japan']);
    expect(analyse('dysprosiun and tebrium')).toMatchObject({ unknown: [], coverage: 1 });
    expect(terms('dysprosiun and tebrium')).toEqual(['dysprosium', 'terbium']);
    expect(analyse('wen was teh kia fonded')).toMatchObject({ unknown: [], coverage: 1 });
    expect(terms('wen was teh kia fonded')).toEqual(['kia', 'establish']);
  });

  it('counts words the report never uses against coverage, and a why question as explaining', () => {
    const off = analyse('What is the weather in Yangon?');
    expect([off.terms, off.unknown, off.coverage, off.head]).toEqual([[], ['weather', 'yangon'], 0, 'weather']);
    expect(analyse('Why is China dominant?')).toMatchObject({ explains: true, expects: 'reason', coverage: 1 });
    expect(terms('Why is China dominant?')).toEqual(['china', 'dominanc']);
  });

  it('treats "tl;dr" as an overview, on topic whatever its words', () => {
    expect(analyse('tl;dr')).toMatchObject({ overview: true, coverage: 1, unknown: ['tl', 'dr'], terms: [] });
    expect(analyse('What is the KIA about to do?').overview).toBe(false);
  });

  it('finds nothing in empty, blank or non-Latin input', () => {
    for (const text of ['', '   \n\t', 'مرحبا']) {
      const q = analyse(text);
      const read = [q.terms, q.unknown, q.entities, q.coverage, q.expects, q.overview];
      expect(read, JSON.stringify(text)).toEqual([[], [], [], 0, 'other', false]);
    }
  });

  it('reads a question wrapped in bidi controls or ending in emoji as it reads the plain one', () => {
    const { text: _plain, ...plain } = analyse('When was the KIA founded?');
    const { text: _bidi, ...bidi } = analyse('\u202eWhen was the KIA founded?\u202c');
    expect(bidi).toEqual(plain);
    expect(terms('When did the KIA start collecting samples 🙂🙂')).toEqual(['kia', 'start', 'collect', 'sampl']);
    const spanish = analyse('¿Cuándo se fundó el KIA?');
    expect([spanish.terms.map((t) => t.term), spanish.unknown]).toEqual([['kia'], ['cuando', 'se', 'fundo', 'el']]);
  });

  // Bug: "US" is an exact-case alias, but the USA entity's names are the folded alias group, which
  // holds "us"; the pronoun then names the USA ("tell us about India" is answered as "USA vs India").
  it('does not read the pronoun "us" as the USA', () => {
    expect(entities('tell us about India')).toEqual(['India']);
    expect(terms('tell us about India')).toEqual(['india']);
    expect(entities('Can you give us the market share of Japan?')).toEqual(['Japan']);
  });

  // Bug: isMisspeltFormWord compares a typo with the stemmed form words ("compar"), so "comapre"
  // (one swap from "compare") is an unknown topic word at full weight, though `compare` is set.
  it('does not count a mistyped "compare" as a word the report does not know', () => {
    const q = analyse('comapre china and japan');
    expect(q.compare).toBe(true);
    expect(q.unknown).toEqual([]);
    expect(q.coverage).toBe(1);
  });
});

describe('expectedType', () => {
  it('reads the kind of answer from the wording, whatever the case, punctuation or bidi marks', () => {
    const cases: Array<[string, string]> = [
      ['When was the KIA founded?', 'date'],
      ['WHEN DID THE KIA BEGIN COLLECTING SAMPLES', 'date'],
      ['\u202e¿When was the KIA founded?', 'date'],
      ['How much of the market does China hold?', 'number'],
      ['What percentage does the USA have?', 'number'],
      ['What does KIA stand for?', 'definition'],
      ['What are REEs?', 'definition'],
      ['Which companies operate in Australia?', 'person'],
      ['Whose assurances are short-term?', 'person'],
      ['Where is the Kachin region?', 'place'],
      ['In what country are the KIA-controlled mines?', 'place'],
      ['what caused the export restrictions', 'reason'],
      ['Is China ahead of India?', 'yesno'],
      ['Tell me about India', 'other'],
      ['', 'other'],
    ];
    expect(cases.map(([q]) => [q, expectedType(q)])).toEqual(cases);
  });
});

describe('typedSpan', () => {
  const founded =
    'The KIA, established in 1961 to represent the interests of the Kachin ethnic group, ' +
    'has long controlled these mineral-rich territories.';
  const emerge = 'September 2025: Reports emerge of India’s strategic engagement with Myanmar rebels.';
  const control = 'China, which controls over 85% of the global supply chain.';

  it('picks the first date or figure the question does not already hold', () => {
    expect(typedSpan('date', founded, 'When was the KIA founded?')).toBe('1961');
    expect(typedSpan('date', emerge, 'when did reports emerge')).toBe('September 2025');
    expect(typedSpan('number', control, 'How much does China control?')).toBe('85%');
    expect(typedSpan('number', 'It would cost $150 million dollars.', 'how much')).toBe('$150 million dollars');
  });

  it('gives nothing when the question already names the span, there is none, or the type has no span', () => {
    expect(typedSpan('date', founded, 'Was the KIA founded in 1961?')).toBeUndefined();
    expect(typedSpan('number', 'USA: Market Share 10%.', 'does the USA have 10%?')).toBeUndefined();
    expect(typedSpan('date', 'Japan: Strategic Risk Level Low.', 'when')).toBeUndefined();
    expect(typedSpan('person', founded, 'who founded the KIA')).toBeUndefined();
  });
});
