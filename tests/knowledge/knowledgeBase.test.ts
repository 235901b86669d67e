import { describe, expect, it } from 'vitest';
import { parseDates } from '../../src/knowledge/dates.ts';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';

const kb = loadKnowledgeBase();
const [report] = kb.reports;

describe('ingesting the India–Myanmar report as delivered', () => {
  it('finds one report with its bare-line headings as sections', () => {
    expect(kb.reports).toHaveLength(1);
    expect(report!.sections.map((s) => s.title)).toEqual([
      'Introduction',
      'India’s Strategic Shift in Rare Earth Sourcing',
      'Timeline of India’s Rare Earth Engagement with Myanmar',
      'Why Myanmar Matters',
      'Comparative Analysis of Rare Earth Supply Chains',
      'India’s Domestic Challenges',
      'Strategic Benefits of the Myanmar Partnership',
      'Industry Reaction and Expert Opinions',
      'The Road Ahead',
      'Global Rare Earth Market Outlook',
      'Conclusion',
      'Disclaimer',
    ]);
    expect(report!.sections.at(-1)!.kind).toBe('disclaimer');
    expect(report!.sections.at(-2)!.kind).toBe('conclusion');
  });

  it('reads the four pipe tables with named columns and rows keyed by their first column', () => {
    expect(report!.tables.map((t) => [t.title, t.kind, t.rows.length])).toEqual([
      ['Timeline of India’s Rare Earth Engagement with Myanmar', 'timeline', 3],
      ['Comparative Analysis of Rare Earth Supply Chains', 'entity', 5],
      ['Strategic Benefits of the Myanmar Partnership', 'list', 4],
      ['Global Rare Earth Market Outlook', 'entity', 5],
    ]);
    const comparison = report!.tables[1]!;
    expect(comparison.columns).toEqual([
      'Country',
      'Control Over Rare Earths',
      'Processing Capability',
      'Strategic Risk Level',
    ]);
    expect(comparison.rows.find((r) => r.key === 'Myanmar (KIA)')!.cells.map((c) => c.value)).toEqual([
      'Myanmar (KIA)',
      'Moderate (Heavy REEs)',
      'Limited',
      'Medium',
    ]);
  });

  it('parses timeline dates', () => {
    expect(kb.timeline.map((e) => [e.label, e.date])).toEqual([
      ['July 2025', { year: 2025, month: 7 }],
      ['August 2025', { year: 2025, month: 8 }],
      ['September 2025', { year: 2025, month: 9 }],
    ]);
  });

  it('gathers comparison rows per country, merging "Myanmar (KIA)" with "Myanmar"', () => {
    expect(kb.entities.map((e) => [e.name, e.rows.length])).toEqual([
      ['China', 2],
      ['India', 2],
      ['Myanmar', 2],
      ['Japan', 1],
      ['USA', 2],
      ['Australia', 1],
    ]);
  });

  it('drops the hotel advertisement and keeps it out of every passage', () => {
    expect(report!.dropped).toHaveLength(1);
    expect(report!.dropped[0]!.text).toMatch(/^A cozy hotel Bjanka Kolasin/);
    const all = kb.passages.map((p) => p.text).join('\n');
    expect(all).not.toMatch(/hotel|Bjanka|Kolasin|ski slopes|Wi-Fi/i);
    expect(all).toContain('Readers are advised to consult official government releases');
  });

  it('splits prose into sentences but keeps a quotation whole', () => {
    const quote = kb.passages.find((p) => p.text.includes('volatile'))!;
    expect(quote.text).toBe(
      '“The KIA-Junta-China dynamic is volatile. India must tread carefully to avoid diplomatic fallout,” said a senior geopolitical expert.',
    );
  });
});

describe('dates', () => {
  it('reads month names, abbreviations and ISO months', () => {
    expect(parseDates('Sept 2025')).toEqual([{ year: 2025, month: 9 }]);
    expect(parseDates('12 March 2024')).toEqual([{ year: 2024, month: 3, day: 12 }]);
    expect(parseDates('2025-08')).toEqual([{ year: 2025, month: 8 }]);
    expect(parseDates('in 1961')).toEqual([{ year: 1961 }]);
    expect(parseDates('no date here')).toEqual([]);
  });
});

describe('aliases from knowledge/aliases.json', () => {
  const terms = (text: string) => kb.index.analyze(text);
  it.each([
    ['US', 'USA'],
    ['America', 'USA'],
    ['American', 'USA'],
    ['EV', 'electric vehicles'],
    ['KIA', 'Kachin Independence Army'],
    ['IREL', 'Indian Rare Earths Limited'],
    ['REE', 'rare earth element'],
    ['Sept', 'September'],
  ])('%s and %s index as the same term', (a, b) => {
    expect(terms(a)).toEqual(terms(b));
    expect(terms(a)).toHaveLength(1);
  });

  it('does not read the pronoun "us" as the United States', () => {
    expect(terms('tell us about India')).not.toContain(terms('USA')[0]);
  });
});

describe('several reports at once', () => {
  const both = loadKnowledgeBase([
    new URL('../../knowledge', import.meta.url).pathname,
    new URL('../fixtures/reports', import.meta.url).pathname,
  ]);

  it('reads a Markdown report with # headings and pipe tables beside the text one', () => {
    const md = both.reports.find((r) => r.file === 'lithium-triangle.md')!;
    expect(md.title).toBe('The Lithium Triangle Under Pressure');
    expect(md.sections.map((s) => s.title)).toEqual([
      'Introduction',
      'Why the Salt Flats Matter',
      'Timeline of Policy Changes',
      'Country Comparison',
      'Outlook',
    ]);
    expect(md.tables.map((t) => t.kind)).toEqual(['timeline', 'entity']);
    expect(md.timeline.map((e) => e.label)).toEqual(['April 2023', 'January 2024', 'March 2025']);
    expect(both.timeline).toHaveLength(6);
  });
});
