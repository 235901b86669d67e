import { describe, expect, it } from 'vitest';
import { answerJson } from '../../src/adapters/cli/answerJson.ts';
import { createAnswerEngine, NOT_COVERED } from '../../src/answer/engine.ts';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';

const engine = createAnswerEngine();
const ask = (q: string) => engine.answer(q);
const TIMELINE = 'Timeline of India’s Rare Earth Engagement with Myanmar';
const COMPARISON = 'Comparative Analysis of Rare Earth Supply Chains';
const MARKET = 'Global Rare Earth Market Outlook';

describe('answers from the right place', () => {
  it('answers when the KIA was founded from the prose, with its section', () => {
    const a = ask('When was the KIA founded?');
    expect(a.answered).toBe(true);
    expect(a.text).toContain('established in 1961');
    expect(a.source).toEqual({ document: 'India Myanmar Rare Earths', section: 'Why Myanmar Matters' });
    expect(a.text.length).toBeLessThanOrEqual(400);
  });

  it('answers a month from the timeline entries', () => {
    const a = ask('What happened in Sept 2025?');
    expect(a.kind).toBe('timeline');
    expect(a.text).toBe('September 2025: Reports emerge of India’s strategic engagement with Myanmar rebels.');
    expect(a.source?.section).toBe(TIMELINE);
  });

  it('says the timeline has no entry for a month it does not list, instead of matching the year', () => {
    const a = ask('What happened in May 2025?');
    expect(a.answered).toBe(false);
    expect(a.text).toBe("The report's timeline has no entry for May 2025; it runs from July 2025 to September 2025.");
  });

  it('answers a year with every entry in it, in date order', () => {
    expect(ask('what happened in 2025').table?.rows.map((r) => r[0])).toEqual([
      'July 2025',
      'August 2025',
      'September 2025',
    ]);
  });

  it('names the row and the column of a table cell', () => {
    const a = ask("What is Japan's strategic risk level?");
    expect(a.kind).toBe('cell');
    expect(a.text).toBe('Japan: Strategic Risk Level Low.');
    expect(a.source?.section).toBe(COMPARISON);
  });

  it('takes the cell from whichever table holds the column', () => {
    const a = ask('What is the US market share?');
    expect(a.text).toBe('USA: Market Share 10%.');
    expect(a.source?.section).toBe(MARKET);
  });

  it('puts two rows side by side for "compare"', () => {
    const a = ask('Compare China and India');
    expect(a.kind).toBe('comparison');
    expect(a.text).toMatch(
      /^China vs India — Control Over Rare Earths: High vs Low; Processing Capability: Advanced vs Developing; Strategic Risk Level: Low vs High/,
    );
    expect(a.table?.columns).toEqual(['', 'China', 'India']);
  });

  it('limits a comparison to the column asked about', () => {
    expect(ask('China versus the US on market share').text).toBe('China vs USA — Market Share (%): 85 vs 10.');
  });

  it('filters rows for "which countries have …"', () => {
    expect(ask('Which countries have advanced processing capability?').text).toBe(
      'Processing Capability Advanced: China, Japan.',
    );
    expect(ask('Which countries have a medium strategic risk?').text).toBe(
      'Strategic Risk Level Medium: Myanmar (KIA), USA.',
    );
  });

  it('ranks numeric columns for superlatives, reading "<1" as under one', () => {
    expect(ask('Who has the largest market share?').text).toBe('China has the highest market share: Market Share 85%.');
    expect(ask('Which region has the smallest market share?').text).toContain('Myanmar');
  });

  it('reads a bound on a figure even when the question names no column', () => {
    expect(ask('which countries have more than 5%').text).toBe(
      'Market Share above 5: China (Market Share 85%), USA (Market Share 10%).',
    );
    expect(ask('countries under 3%').text).toBe(
      'Market Share below 3: India (Market Share 2%), Myanmar (Market Share <1%).',
    );
  });

  it('orders text levels and ordinals, and answers yes/no comparisons with the figures', () => {
    expect(ask('which country has the highest strategic risk?').text).toBe(
      'India has the highest strategic risk level: Strategic Risk Level High.',
    );
    expect(ask('second largest market share').text).toBe('USA has the second highest market share: Market Share 10%.');
    expect(ask('is the USA bigger than Australia?').text).toBe(
      'Yes. USA: Market Share 10%; Australia: Market Share 3%.',
    );
  });

  it('gives a whole table when asked for it by name', () => {
    const a = ask('What are the strategic benefits of the Myanmar partnership?');
    expect(a.kind).toBe('table');
    expect(a.table?.rows.map((r) => r[0])).toEqual([
      'Diversification of Supply',
      'Access to Heavy REEs',
      'Strengthening Regional Ties',
      'Boost to Domestic Manufacturing',
    ]);
  });

  it('answers in the report’s own words from passages', () => {
    const a = ask('What did the senior geopolitical expert warn?');
    expect(a.kind).toBe('passage');
    expect(a.text).toContain('The KIA-Junta-China dynamic is volatile');
    expect(a.source?.section).toBe('Industry Reaction and Expert Opinions');
  });

  it('understands typos and chat style', () => {
    expect(ask('wen was teh kia fonded').text).toContain('1961');
    expect(ask('procesing capability of japan').text).toBe('Japan: Processing Capability Advanced.');
  });

  it('lets a reader ask about the disclaimer, without it crowding out findings', () => {
    expect(ask('What does the disclaimer say?').source?.section).toBe('Disclaimer');
    expect(ask('Does the report endorse the KIA?').text).toContain('does not imply endorsement');
  });
});

describe('the JSON scripts read', () => {
  it('marks a question the report is silent on answered:false, with the closest passage under related', () => {
    const json = JSON.parse(answerJson(ask('When was IREL founded?')));
    expect(json.answered).toBe(false);
    expect(json.focus).toBeUndefined();
    expect(json.related).toEqual([
      {
        text: 'The KIA, established in 1961 to represent the interests of the Kachin ethnic group, has long controlled these mineral-rich territories.',
        source: { document: 'India Myanmar Rare Earths', section: 'Why Myanmar Matters' },
      },
    ]);
  });

  it('names the answering part of an answer as its focus', () => {
    const json = JSON.parse(answerJson(ask('When was the KIA founded?')));
    expect(json).toMatchObject({ answered: true, focus: '1961' });
  });
});

describe('refusals and bad input', () => {
  it.each([
    'Who won the 2022 World Cup?',
    'What is the weather in Yangon?',
    'recipe for chicken curry',
    'qwpoeiruty zmxncbv',
    'Does the hotel have Wi-Fi?',
  ])('says plainly that the report does not cover %j, with suggestions', (q) => {
    const a = ask(q);
    expect(a.answered).toBe(false);
    expect(a.text).toBe(NOT_COVERED);
    expect(a.source).toBeNull();
    expect(a.suggestions.length).toBeGreaterThan(0);
  });

  it('refuses the capital of a country the report names: the role is pinned down, and no sentence gives it', () => {
    const a = ask('What is the capital of Japan?');
    expect(a.answered).toBe(false);
    expect([NOT_COVERED, "The report doesn't give its capital."]).toContain(a.text);
    expect(a.source).toBeNull();
    expect(a.suggestions.length).toBeGreaterThan(0);
  });

  it.each([
    ['empty', '', /type a question/],
    ['whitespace', '   \n\t ', /type a question/],
    ['two letters', 'hi', /too short/],
    ['1,001 characters', 'x'.repeat(1001), /1,001 characters long/],
    ['a mass mention', '@everyone', /too short/],
    ['emoji only', '🙂🙂🙂', /too short/],
  ])('rejects %s input with a clear message', (_label, q, message) => {
    const a = ask(q);
    expect(a.answered).toBe(false);
    expect(a.kind).toBe('invalid');
    expect(a.text).toMatch(message);
  });

  it('treats Fuse.js extended-search operators as plain punctuation', () => {
    const plain = ask("What is Japan's strategic risk level?");
    for (const q of [
      "'What is =Japan's ^strategic !risk level?",
      'What | is Japan’s strategic risk level$?',
      "!japan 'strategic ^risk =level",
    ]) {
      const a = ask(q);
      expect(a.text).toBe(plain.text);
    }
  });

  it('never answers with the hotel advertisement, whatever is asked', () => {
    for (const q of [
      'hotel',
      'Bjanka Kolasin',
      'ski slopes and trekking trails',
      'rooms with amenities, Wi-Fi, parking',
      'mountain lovers vacation',
      'friendly staff',
    ]) {
      const { question: _echo, ...reply } = ask(q);
      expect(JSON.stringify(reply)).not.toMatch(/Bjanka|Kolasin|ski slope|cozy hotel/i);
    }
  });

  it('survives long unicode and markup without crashing', () => {
    const a = ask(`${'漢字🙂 **bold** <@123> '.repeat(40)}`);
    expect(a.text.trim()).not.toBe('');
    expect(a.text).not.toContain('<@123>');
    expect(a.text.length).toBeLessThanOrEqual(2000);
  });
});

describe('several reports', () => {
  const both = createAnswerEngine(
    loadKnowledgeBase([
      new URL('../../knowledge', import.meta.url).pathname,
      new URL('../fixtures/reports', import.meta.url).pathname,
    ]),
  );

  it('names the document as well as the section', () => {
    const lithium = both.answer("What is Bolivia's main challenge?");
    expect(lithium.text).toBe('Bolivia: Main Challenge Weak processing technology.');
    expect(lithium.source).toEqual({ document: 'The Lithium Triangle Under Pressure', section: 'Country Comparison' });
    const kia = both.answer('When was the KIA founded?');
    expect(kia.source).toEqual({ document: 'India Myanmar Rare Earths', section: 'Why Myanmar Matters' });
  });

  it('answers timeline questions across reports', () => {
    expect(both.answer('What happened in March 2025?').text).toContain('Argentina offers tax incentives');
  });
});
