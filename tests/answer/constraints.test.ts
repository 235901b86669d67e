import { describe, expect, it } from 'vitest';
import { properWords, readAsked, ruledOut } from '../../src/answer/constraints.ts';
import { describeCandidate } from '../../src/answer/decide.ts';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import { viewQuestion } from '../../src/answer/features.ts';
import { propose } from '../../src/answer/propose/index.ts';
import { analyzeQuestion } from '../../src/answer/question.ts';
import { loadKnowledgeBase, loadReportFile } from '../../src/knowledge/loadKnowledge.ts';
import { sharedWordVectors } from '../../src/semantic/wordVectors.ts';

const kb = loadKnowledgeBase();
const vectors = sharedWordVectors();
const engine = createAnswerEngine(kb);
const asked = (text: string) => readAsked(kb, analyzeQuestion(kb, text, vectors));

describe('reading what a question pins down', () => {
  it('reads years, units, roles and names', () => {
    expect(asked('what did India do in 2019').years).toEqual(['2019']);
    expect(asked('what happened in the 1970s').years).toEqual(['197']);
    expect(asked('How many tonnes of rare earths does Myanmar produce a year?').unit?.name).toBe(
      'a quantity in tonnes',
    );
    expect(asked('How much funding did the government give Midwest Advanced Materials?').unit?.name).toBe(
      'a sum of money',
    );
    expect(asked('what percentage of the market does India hold').unit?.name).toBe('a percentage');
    expect(asked('Who leads the KIA?').role?.name).toBe('its leader');
    expect(asked("who is myanmar's president").role?.name).toBe('its leader');
    expect(asked('What is the capital of Japan?').role?.name).toBe('its capital');
    // A name that holds a role word is not the role: "Kachin Independence Army".
    expect(asked('when was the kachin independence army founded').role?.name).toBe('its founder');
    expect(asked('When did Myanmar gain independence from Britain?').foreignNames).toEqual(['britain']);
    expect(asked('how much cobalt does indonesia produce').foreignNames).toEqual(['indonesia']);
    expect(asked("What is Brazil's processing capability?").column?.name).toBe('Processing Capability');
    // China has a row in the table with that column: the cell route answers, no constraint.
    expect(asked("What is China's processing capability?").column).toBeUndefined();
  });

  it('knows the names the report writes with capitals, whatever case a member types', () => {
    const names = properWords(kb);
    for (const w of ['kachin', 'beijing', 'modi', 'takshashila', 'australia']) expect(names.has(w)).toBe(true);
    for (const w of ['rare', 'supply', 'magnets', 'high']) expect(names.has(w)).toBe(false);
    const cobalt = properWords(loadReportFile('tests/fixtures/cobalt-report/congo-cobalt.txt'));
    expect(cobalt.has('glencore')).toBe(true);
  });
});

describe('a candidate that lacks what is asked does not answer', () => {
  const unmetOf = (question: string, needle: string) => {
    const q = analyzeQuestion(kb, question, vectors);
    const c = propose(kb, q).find((x) => x.draft.text.includes(needle))!;
    expect(c, `a candidate holding "${needle}"`).toBeDefined();
    return describeCandidate(kb, viewQuestion(kb, q, vectors), readAsked(kb, q), c, vectors).unmet;
  };

  it('rules out the KIA row for its leader, and the funding sentence for an amount', () => {
    expect(ruledOut(unmetOf('Who leads the KIA?', 'Myanmar (KIA)'))).toBe(true);
    expect(
      ruledOut(
        unmetOf('How much funding did the government give Midwest Advanced Materials?', 'recent funding of private'),
      ),
    ).toBe(true);
    // The same sentence does answer what the funding was for.
    expect(
      ruledOut(unmetOf('What did the government fund Midwest Advanced Materials to do?', 'recent funding of private')),
    ).toBe(false);
  });

  it.each([
    ['Who leads the KIA?', "The report doesn't say who leads the KIA."],
    ['How much funding did the government give Midwest Advanced Materials?', "The report doesn't give a sum of money."],
    ["What is Brazil's processing capability?", "The report doesn't"],
    ['How many tonnes of rare earths does Myanmar produce a year?', ''],
    ['When did Myanmar gain independence from Britain?', ''],
  ])('%s is refused, saying what the report lacks', (question, says) => {
    const a = engine.answer(question);
    expect(a.answered).toBe(false);
    if (says) expect(a.text.startsWith(says)).toBe(true);
  });

  it('still answers what the report does say', () => {
    const founded = engine.answer('When was the KIA founded?');
    expect(founded.answered).toBe(true);
    expect(founded.text).toContain('1961');
    const share = engine.answer("What is India's market share?");
    expect(share.answered).toBe(true);
    expect(share.text).toContain('2');
  });
});
