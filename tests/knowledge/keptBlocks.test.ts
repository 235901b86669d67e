import { describe, expect, it } from 'vitest';
import { loadReportFile } from '../../src/knowledge/loadKnowledge.ts';

/**
 * What ingestion keeps of the reports the engine is trained and evaluated on. The advert judge
 * must drop their adverts and nothing else: a changed passage would change the training data.
 * Recorded from the edge-only filter before the general advert judge replaced it (dropped
 * blocks are now listed in the order they stand in the file).
 */
const KEPT: Record<string, { sections: Array<[string, number, number]>; passages: number; dropped: string[] }> = {
  'knowledge/india-myanmar-rare-earths.txt': {
    sections: [
      ['Introduction', 2, 0],
      ['India’s Strategic Shift in Rare Earth Sourcing', 2, 0],
      ['Timeline of India’s Rare Earth Engagement with Myanmar', 0, 1],
      ['Why Myanmar Matters', 2, 0],
      ['Comparative Analysis of Rare Earth Supply Chains', 0, 1],
      ['India’s Domestic Challenges', 2, 0],
      ['Strategic Benefits of the Myanmar Partnership', 0, 1],
      ['Industry Reaction and Expert Opinions', 2, 0],
      ['The Road Ahead', 2, 0],
      ['Global Rare Earth Market Outlook', 0, 1],
      ['Conclusion', 1, 0],
      ['Disclaimer', 1, 0],
    ],
    passages: 52,
    dropped: ['A cozy hotel Bjanka Kolasin fo'],
  },
  'tests/fixtures/second-report/indonesia-nickel.txt': {
    sections: [
      ['Introduction', 2, 0],
      ['Why Indonesia Banned Nickel Ore Exports', 2, 0],
      ['Timeline of Indonesia’s Nickel Downstreaming Policy', 0, 1],
      ['The HPAL Boom in Sulawesi', 2, 0],
      ['Comparative Analysis of Nickel Supply Chains', 0, 1],
      ['China’s Grip and the US Inflation Reduction Act', 2, 0],
      ['Economic Benefits of the Export Ban', 0, 1],
      ['Environmental and Social Concerns', 2, 0],
      ['Industry Reaction and Expert Opinions', 2, 0],
      ['The Road Ahead', 2, 0],
      ['Global Nickel Market Outlook', 0, 1],
      ['Conclusion', 1, 0],
      ['Disclaimer', 1, 0],
    ],
    passages: 62,
    dropped: ['Escape to Serenity Pines Yoga '],
  },
  // Its disclaimer shares exactly 20% of its words once the dental advert is gone, under the
  // edge threshold, so it has always been dropped; the training data is built without it.
  'tests/fixtures/training-report/vietnam-rare-earths.txt': {
    sections: [
      ['Introduction', 2, 0],
      ['Vietnam’s Hidden Rare Earth Wealth', 2, 0],
      ['Timeline of Vietnam’s Rare Earth Push', 0, 1],
      ['The Export Quota and the Crackdown', 2, 0],
      ['Comparative Analysis of Rare Earth Magnet Supply Chains', 0, 1],
      ['Japanese and Korean Investors Step In', 3, 0],
      ['Strategic Benefits of the Vietnam Partnership', 0, 1],
      ['Environmental Concerns Over Radioactive Tailings', 2, 0],
      ['Industry Reaction and Expert Opinions', 2, 0],
      ['The Road Ahead', 1, 0],
      ['Global Rare Earth Market Outlook', 0, 1],
      ['Conclusion', 1, 0],
    ],
    passages: 52,
    dropped: ['This article is based on publi', 'Bright Smile Dental Clinic wel'],
  },
  'tests/fixtures/reports/lithium-triangle.md': {
    sections: [
      ['Introduction', 1, 0],
      ['Why the Salt Flats Matter', 1, 0],
      ['Timeline of Policy Changes', 0, 1],
      ['Country Comparison', 0, 1],
      ['Outlook', 1, 0],
    ],
    passages: 11,
    dropped: [],
  },
};

const root = (path: string) => new URL(`../../${path}`, import.meta.url).pathname;

describe('the reports already shipped or trained on keep exactly their blocks', () => {
  it.each(Object.entries(KEPT))('%s', (path, expected) => {
    const kb = loadReportFile(root(path));
    const report = kb.reports[0]!;
    expect({
      sections: report.sections.map((s) => [s.title, s.paragraphs.length, s.tables.length]),
      passages: kb.passages.length,
      dropped: report.dropped.map((d) => d.text.slice(0, 30)),
    }).toEqual(expected);
  });

  it('keeps the shipped report’s conclusion and disclaimer word for word', () => {
    const report = loadReportFile(root('knowledge/india-myanmar-rare-earths.txt')).reports[0]!;
    const text = (title: string) => report.sections.find((s) => s.title === title)!.paragraphs.join('\n');
    expect(text('Conclusion')).toMatch(
      /^India’s decision to engage with Myanmar’s Kachin rebels .* strategic autonomy\.$/,
    );
    expect(text('Disclaimer')).toBe(
      'This article is based on publicly available reports and expert commentary. All geopolitical and economic assessments are subject to change based on evolving circumstances. The engagement with non-state actors mentioned herein does not imply endorsement or formal recognition. Readers are advised to consult official government releases for verified information.',
    );
  });
});
