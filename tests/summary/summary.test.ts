import { describe, expect, it } from 'vitest';
import { rotationIndex } from '../../src/daily/domain/post.ts';
import { LIMITS } from '../../src/reply/limits.ts';
import { buildSummary, rotationItems, sentenceWithFigure } from '../../src/summary/buildSummary.ts';
import { summaryReply } from '../../src/summary/summaryReply.ts';
import { engine } from '../helpers.ts';

const kb = engine.kb;
const DOC = 'India Myanmar Rare Earths';
const COMPARISON = 'Comparative Analysis of Rare Earth Supply Chains';
const TIMELINE = 'Timeline of India’s Rare Earth Engagement with Myanmar';
const BENEFITS = 'Strategic Benefits of the Myanmar Partnership';
const MARKET = 'Global Rare Earth Market Outlook';
const ADVERT = /hotel|Bjanka|Kolasin|ski slopes|trekking|Wi-Fi|vacation/i;
const DISCLAIMER = /Disclaimer|publicly available reports|does not imply endorsement|official government releases/;

const KACHIN =
  'Myanmar’s Kachin region is rich in heavy rare earths such as dysprosium and terbium—elements that are crucial ' +
  'for high-temperature magnets used in electric vehicles and military hardware.';
const MONOPOLY =
  'Despite their abundance in nature, the processing and refining of these minerals are largely monopolized ' +
  'by China, which controls over 85% of the global supply chain.';
const SHARES = 'Market Share: China 85%, USA 10%, Australia 3%, India 2%, Myanmar <1%';

const summary = buildSummary(kb);
const items = rotationItems(kb);

describe('buildSummary on the shipped report', () => {
  it('heads the summary with the report title and the first two sentences of the lead, clipped to 350', () => {
    expect([summary.headline, summary.source]).toEqual([DOC, DOC]);
    expect(summary.gist).toBe(
      'In a strategic move aimed at reshaping the global rare earth supply chain, India is reportedly exploring ' +
        'a rare earth mineral partnership with Myanmar to counter China’s near-total dominance in the sector. ' +
        'According to recent reports, the Indian government has initiated efforts to secure rare earth samples ' +
        'from mines in northeastern Myanmar…',
    );
    expect(summary.gist.length).toBeLessThanOrEqual(350);
  });

  it('takes the first sentence of the first five prose sections after the lead, skipping table-only ones', () => {
    expect(summary.findings).toEqual([
      'Rare earth elements (REEs) are indispensable in the manufacturing of magnets, batteries, semiconductors, ' +
        'and other advanced technologies.',
      KACHIN,
      'While India possesses rare earth reserves, its processing infrastructure remains underdeveloped.',
      'Industry analysts have welcomed India’s proactive approach, calling it a “necessary disruption” ' +
        'in the global rare earth monopoly.',
      'India’s rare earth ambitions are part of a broader push to secure critical minerals ' +
        'and reduce strategic vulnerabilities.',
    ]);
  });

  it('lists the sentence stating a percentage from its start, then the market share column ranked high to low', () => {
    expect(summary.numbers).toEqual([MONOPOLY, SHARES]);
    expect(summary.numbers[0]).toMatch(/^[A-Z]/);
  });

  it('cuts a long sentence after its figure, never before it or mid-sentence at the start', () => {
    const long = `By 2030, India aims to process 40% of its own ores, ${'and much more besides, '.repeat(12)}in time.`;
    expect(sentenceWithFigure(long, 120)).toBe('By 2030, India aims to process 40% of its own ores…');
    expect(sentenceWithFigure(`${'Word '.repeat(40)}then 12% at the end.`, 60)).toMatch(/^Word Word .*…$/);
    expect(sentenceWithFigure('No figure here, only 2025.', 100)).toBeUndefined();
  });

  it('ends with the last three timeline entries', () => {
    expect(summary.timeline).toEqual([
      'July 2025: Virtual meeting held between Indian firms and KIA representatives',
      'August 2025: KIA begins collecting rare earth samples for India',
      'September 2025: Reports emerge of India’s strategic engagement with Myanmar rebels',
    ]);
  });
});

describe('rotationItems on the shipped report', () => {
  it('holds the seven prose sections and the seventeen table rows, in report order', () => {
    expect(items).toHaveLength(24);
    expect(items.map((i) => i.title)).toEqual([
      'Introduction',
      'India’s Strategic Shift in Rare Earth Sourcing',
      `${TIMELINE}: July 2025`,
      `${TIMELINE}: August 2025`,
      `${TIMELINE}: September 2025`,
      'Why Myanmar Matters',
      `${COMPARISON}: China`,
      `${COMPARISON}: India`,
      `${COMPARISON}: Myanmar (KIA)`,
      `${COMPARISON}: Japan`,
      `${COMPARISON}: USA`,
      'India’s Domestic Challenges',
      `${BENEFITS}: Diversification of Supply`,
      `${BENEFITS}: Access to Heavy REEs`,
      `${BENEFITS}: Strengthening Regional Ties`,
      `${BENEFITS}: Boost to Domestic Manufacturing`,
      'Industry Reaction and Expert Opinions',
      'The Road Ahead',
      `${MARKET}: China`,
      `${MARKET}: USA`,
      `${MARKET}: India`,
      `${MARKET}: Australia`,
      `${MARKET}: Myanmar`,
      'Conclusion',
    ]);
  });

  it('writes a row as its sentence (less the label its title ends with) and a section as its first three sentences, with the source line', () => {
    expect(items[8]).toEqual({
      title: `${COMPARISON}: Myanmar (KIA)`,
      text:
        'Control Over Rare Earths Moderate (Heavy REEs); Processing Capability Limited; ' +
        'Strategic Risk Level Medium.',
      source: `${DOC} › ${COMPARISON}`,
    });
    expect(items[12]!.text).toBe('Reduces dependence on Chinese rare earths.');
    expect(items[5]!.text).toBe(
      `${KACHIN} The KIA, established in 1961 to represent the interests of the Kachin ethnic group, ` +
        'has long controlled these mineral-rich territories. While China has historically sourced rare earths ' +
        'from KIA-controlled mines, India’s outreach signals a shift in regional alliances and resource diplomacy.',
    );
    // The lead's three sentences run past 700 characters and are clipped on a word.
    expect(items[0]!.text).toHaveLength(690);
    expect(items[0]!.text.endsWith('strategic minerals essential for high-tech…')).toBe(true);
  });

  it('features every item once in as many consecutive days, so the rotation covers them all', () => {
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
    const days = items.map((_, i) => day(i));
    const shown = days.map((d) => rotationIndex(d, items.length));
    expect(shown.slice(0, 3)).toEqual([6, 7, 8]);
    expect([...shown].sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
  });
});

describe('what the summary never shows', () => {
  it('has neither the hotel advert from the end of the file nor the disclaimer', () => {
    const everything = [
      JSON.stringify(summary),
      JSON.stringify(items),
      ...items.map((i) => JSON.stringify(summaryReply(kb, i))),
    ].join('\n');
    expect(everything).not.toMatch(ADVERT);
    expect(everything).not.toMatch(DISCLAIMER);
    // The advert is in the shipped file: it was dropped, not absent.
    expect(kb.reports[0]!.dropped.map((d) => d.text.slice(0, 27))).toEqual(['A cozy hotel Bjanka Kolasin']);
  });
});

describe('the daily post’s "From the report" item', () => {
  it('names a table row once: in its heading, not again at the start of its text', () => {
    const usa = items.find((i) => i.title === `${COMPARISON}: USA`)!;
    expect(usa.text).toMatch(/^Control Over Rare Earths /);
    for (const item of items) {
      const label = item.title.split(': ').at(-1)!;
      expect(item.text.startsWith(`${label}:`), item.title).toBe(false);
    }
  });
});

describe('summaryReply', () => {
  it('gives the brief as bulleted fields under the report title', () => {
    const reply = summaryReply(kb);
    expect([reply.title, reply.text, reply.source, reply.tone]).toEqual([DOC, summary.gist, DOC, 'answer']);
    expect(reply.fields!.map((f) => f.name)).toEqual(['Key findings', 'Key numbers', 'Latest on the timeline']);
    expect(reply.fields![1]!.value).toBe(`• ${MONOPOLY}\n• ${SHARES}`);
    expect(reply.fields![0]!.value.split('\n')).toEqual(summary.findings.map((f) => `• ${f}`));
  });

  it('adds the featured item with its source, within Discord’s field limits for every item', () => {
    expect(summaryReply(kb, items[3]).fields!.at(-1)).toEqual({
      name: `From the report: ${TIMELINE}: August 2025`,
      value: `KIA begins collecting rare earth samples for India.\n— ${DOC} › ${TIMELINE}`,
    });
    for (const item of items) {
      const fields = summaryReply(kb, item).fields!;
      expect(fields).toHaveLength(4);
      for (const f of fields) {
        expect(f.name.length, item.title).toBeLessThanOrEqual(LIMITS.fieldName);
        expect(f.value.length, item.title).toBeLessThanOrEqual(LIMITS.fieldValue);
      }
    }
  });
});
