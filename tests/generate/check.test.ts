import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkAnswer, checkSentence, numbersOf } from '../../src/generate/check.ts';
import { citedSentence, splitSentences } from '../../src/generate/sentences.ts';
import {
  chooseThreshold,
  figuresAt,
  readSupportCases,
  scoreCases,
  UNSUPPORTED_CAUGHT_TARGET,
} from '../../src/generate/supportEval.ts';
import { SUPPORT_MODEL_PATH, supportModel } from '../../src/generate/supportModel.ts';

const KIA =
  'The KIA, established in 1961 to represent the interests of the Kachin ethnic group, has long controlled these mineral-rich territories.';
const CHINA =
  'Despite their abundance in nature, the processing and refining of these minerals are largely monopolized by China, which controls over 85% of the global supply chain.';
const ROW = 'China: Control Over Rare Earths High; Processing Capability Advanced; Strategic Risk Level Low.';

const check = (sentence: string, sources: string[]) => checkSentence(citedSentence(sentence), sources);

describe('splitSentences', () => {
  it('keeps a citation after the full stop with its sentence, and decimals and U.S. whole', () => {
    const s = splitSentences('Exports rose to $3.3 billion. [1] The U.S. credit is $7,500 [2]. It says so [1][2].');
    expect(s.map((x) => x.cites)).toEqual([[1], [2], [1, 2]]);
    expect(s[0]!.claim).toBe('Exports rose to $3.3 billion.');
    expect(s[1]!.claim).toBe('The U.S. credit is $7,500.');
  });

  it('reads "[1, 3]" as two citations', () => {
    expect(citedSentence('Both hold [1, 3].').cites).toEqual([1, 3]);
  });
});

describe('checkSentence', () => {
  it('shows a quote and a paraphrase that cite their source', () => {
    expect(check('The KIA was established in 1961 to represent the Kachin ethnic group [1].', [KIA]).supported).toBe(
      true,
    );
    expect(check('China controls over 85% of the global supply chain [1].', [CHINA]).supported).toBe(true);
  });

  it.each([
    ['The KIA was established in 1961.', 'no-citation'],
    ['The KIA was established in 1961 [2].', 'unknown-source'],
    ['The KIA was established in 1916 [1].', 'number'],
    ['The KIA was established in 1961 to represent the Shan ethnic group [1].', 'name'],
    ['The KIA has never controlled these mineral-rich territories [1].', 'negation'],
  ])('rejects %j (%s)', (sentence, reason) => {
    expect(check(sentence, [KIA]).reason).toBe(reason);
  });

  it('rejects a subtle numeric change, a changed scale and a reversed direction', () => {
    expect(check('China controls over 58% of the global supply chain [1].', [CHINA]).reason).toBe('number');
    expect(check('China controls less than 85% of the global supply chain [1].', [CHINA]).reason).toBe('direction');
    expect(numbersOf('$6 billion')).toEqual(['6', 'billion']);
    expect(numbersOf('1,000 and five')).toEqual(['1000', '5']);
  });

  it('reads a first word as a name when a verb follows it, whatever its ending', () => {
    const source = 'India is reportedly exploring a rare earth mineral partnership with Myanmar.';
    expect(
      check('United is reportedly exploring a rare earth mineral partnership with Myanmar [1].', [source]).reason,
    ).toBe('name');
    expect(
      check('Reportedly, India is exploring a rare earth mineral partnership with Myanmar [1].', [source]).supported,
    ).toBe(true);
  });

  it('rejects a citation of the wrong source even when another cited one would hold it', () => {
    expect(check('The KIA was established in 1961 [2].', [KIA, CHINA]).supported).toBe(false);
    expect(check('The KIA was established in 1961 [1].', [KIA, CHINA]).supported).toBe(true);
  });

  it('binds a table cell word to its own column', () => {
    expect(check('China has high control over rare earths [1].', [ROW]).supported).toBe(true);
    expect(check('China has low control over rare earths [1].', [ROW]).reason).toBe('table-cell');
  });

  it('fails a whole answer on one unsupported sentence, and an empty one', () => {
    const answer = 'The KIA was established in 1961 [1]. China controls over 58% of the supply chain [2].';
    const v = checkAnswer(answer, [KIA, CHINA]);
    expect(v.supported).toBe(false);
    expect(v.sentences.map((s) => s.supported)).toEqual([true, false]);
    expect(checkAnswer('', [KIA]).supported).toBe(false);
  });
});

describe('the labelled support set', () => {
  const cases = readSupportCases();
  const tune = scoreCases(cases.filter((c) => c.split === 'tune'));
  const blind = scoreCases(cases.filter((c) => c.split === 'blind'));

  it('holds at least 200 pairs, both labels on both reports, in two halves', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    for (const split of ['tune', 'blind'])
      for (const label of ['supported', 'unsupported'])
        for (const report of ['india-myanmar-rare-earths', 'indonesia-nickel'])
          expect(cases.some((c) => c.split === split && c.label === label && c.report === report)).toBe(true);
  });

  it('model/support-check.json is the threshold npm run train:support chooses on the tune half', () => {
    expect(supportModel().overlap).toBe(chooseThreshold(tune));
    expect(JSON.parse(readFileSync(SUPPORT_MODEL_PATH, 'utf8')).overlap).toBe(chooseThreshold(tune));
  });

  it(`catches at least ${UNSUPPORTED_CAUGHT_TARGET * 100}% of the blind half's unsupported sentences`, () => {
    const f = figuresAt(blind, supportModel().overlap);
    expect(f.missed.map((m) => m.case.sentence)).toEqual([]);
    expect(f.unsupportedCaught).toBeGreaterThanOrEqual(UNSUPPORTED_CAUGHT_TARGET);
    // Floor just under the measured 72.7%: a stricter checker would show fewer generated answers.
    expect(f.supportedShown).toBeGreaterThanOrEqual(0.7);
  });
});
