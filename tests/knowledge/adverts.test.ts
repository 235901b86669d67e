import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import { buildReport } from '../../src/knowledge/buildReport.ts';
import { loadReportFile } from '../../src/knowledge/loadKnowledge.ts';
import { sponsorCues } from '../../src/knowledge/sponsorCues.ts';
import { ADVERT_RULE, advertReason } from '../../src/knowledge/unrelated.ts';

const root = (path: string) => new URL(`../../${path}`, import.meta.url).pathname;

/** Reports with an advert of a different kind each; advert.json holds the advert and its distinctive words. */
const REPORTS = [
  {
    // A sponsored newsletter block and a one-line "Related articles" list between two tables.
    file: 'tests/fixtures/cobalt-report/congo-cobalt.txt',
    advert: 'tests/fixtures/cobalt-report/advert.json',
    sections: [
      'Introduction',
      'Why Congo Turned to Export Quotas',
      'Timeline of Congo’s Cobalt Export Controls',
      'The US–Congo Minerals Deal',
      'Comparative Analysis of Cobalt Supply Chains',
      'Expected Benefits of the Strategic Minerals Partnership',
      'Market Impact and China’s Response',
      'Industry Reaction and Expert Opinions',
      'The Road Ahead',
      'Global Cobalt Market Outlook',
      'Conclusion',
      'Disclaimer',
    ],
    questions: [
      'How much does the Metal Margin Weekly newsletter cost?',
      'What phone number should I call to subscribe?',
      'What happened to gold prices this autumn?',
      'Which stock tips are sent every Friday?',
    ],
  },
  {
    // A cookie notice and a tour promotion appended after the disclaimer.
    file: 'tests/fixtures/greenland-report/greenland-rare-earths.txt',
    advert: 'tests/fixtures/greenland-report/advert.json',
    sections: [
      'Introduction',
      'Greenland’s Two Flagship Projects',
      'Timeline of Greenland’s Rare Earth Developments',
      'Why the EU, the USA and China Care',
      'Comparative Analysis of Rare Earth Supply Chains',
      'Key Risks for Greenland’s Rare Earth Projects',
      'Industry Reaction and Expert Opinions',
      'The Road Ahead',
      'Global Rare Earth Market Outlook',
      'Conclusion',
      'Disclaimer',
    ],
    questions: [
      'Does the report use cookies?',
      'What discount code gives 25% off the Iceland tours?',
      'What do the Polaris Trails tours include?',
      'When is husky sledding available in Lapland?',
    ],
  },
  {
    // An "Advertisement" label line with a hotel advert between sections, and a headline list at the end.
    file: 'tests/fixtures/adverts/zambia-copper.txt',
    advert: 'tests/fixtures/adverts/advert.json',
    sections: ['Introduction', 'Why Zambia’s Output Fell', 'The New Investors', 'The Road Ahead', 'Conclusion'],
    questions: [
      'How much is a night at the Lusaka Grand Lodge?',
      'Which hotel has a rooftop pool?',
      'Why did gold hit a record high?',
      'Which mining stocks should I watch in 2027?',
    ],
  },
];

const mentions = (text: string, word: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, 'iu').test(text);

describe.each(REPORTS)('the advert in $file', ({ file, advert, sections, questions }) => {
  const { advert: text, words } = JSON.parse(readFileSync(root(advert), 'utf8')) as { advert: string; words: string[] };
  const kb = loadReportFile(root(file));
  const report = kb.reports[0]!;

  it('is dropped, and nothing else is', () => {
    expect(report.dropped.map((d) => d.text).join('\n')).toBe(text);
    expect(report.sections.map((s) => s.title)).toEqual(sections);
  });

  it('is in the file, but none of its words reach a passage, a title or a table', () => {
    const raw = readFileSync(root(file), 'utf8');
    const built = JSON.stringify({
      passages: kb.passages.map((p) => p.text),
      sections: report.sections,
      tables: kb.tables.map((t) => [t.columns, t.rows]),
    });
    for (const word of words) {
      expect(mentions(raw, word), `"${word}" is in the file`).toBe(true);
      expect(mentions(built, word), `"${word}" reached the knowledge base`).toBe(false);
    }
  });

  it('none of its words reach an answer to a question about it', () => {
    const engine = createAnswerEngine(kb);
    for (const question of questions) {
      const { question: _asked, ...answer } = engine.answer(question);
      const said = JSON.stringify(answer);
      for (const word of words) expect(mentions(said, word), `"${question}" answered with "${word}"`).toBe(false);
    }
  });
});

describe('sponsor cues', () => {
  const kinds = (text: string) => sponsorCues(text).map((c) => `${c.strong ? 'strong' : 'weak'} ${c.kind}`);

  it('reads prices on offer, not the report’s figures', () => {
    expect(kinds('Rooms from €89 per night.')).toEqual(['strong price']);
    expect(kinds('Subscribe now for only $79 per year.')).toEqual(['strong price', 'strong subscription']);
    expect(kinds('Exports rose from $3.3 billion in 2017 to over $33 billion in 2023.')).toEqual([]);
    expect(kinds('A tax credit of up to $7,500 only if minerals come from a partner.')).toEqual([]);
  });

  it('counts words a report also uses ("deal", "discount", a URL) as weak cues only', () => {
    expect(kinds('POSCO International signed a framework deal in January 2025.')).toEqual(['weak sales word']);
    expect(kinds('See www.example.org for the full data.')).toEqual(['weak contact']);
    expect(kinds('Book now and call us today.')).toEqual(['strong booking', 'weak contact']);
    expect(kinds('We use cookies to improve your experience.')).toEqual(['strong cookies']);
  });
});

describe('a cookie notice and a newsletter call as separate short lines', () => {
  const zambia = readFileSync(root('tests/fixtures/adverts/zambia-copper.txt'), 'utf8');
  const tail =
    'We use cookies to improve your experience.\nAccept all\nReject all\nManage preferences\nSubscribe to our newsletter.\n';

  it('go with the notice’s buttons, and the report keeps its sections', () => {
    const report = buildReport(zambia + tail, 'zambia-copper.txt');
    expect(report.dropped.slice(-5)).toEqual([
      {
        text: 'We use cookies to improve your experience.',
        reason: 'shares 0% of its words with the rest of the report and has a sponsor cue: cookies "We use cookies"',
      },
      { text: 'Accept all', reason: 'a button of a cookie notice' },
      { text: 'Reject all', reason: 'a button of a cookie notice' },
      { text: 'Manage preferences', reason: 'a button of a cookie notice' },
      { text: 'Subscribe to our newsletter.', reason: 'a short line with a sponsor cue: subscription "Subscribe"' },
    ]);
    expect(report.sections.map((s) => s.title)).toEqual([
      'Introduction',
      'Why Zambia’s Output Fell',
      'The New Investors',
      'The Road Ahead',
      'Conclusion',
    ]);
  });
});

describe('sponsor cues on a long unbroken run (a pasted base64 line)', () => {
  it('are read in linear time, not retried from every character', () => {
    // With unbounded repeats in the email and money patterns this took about 40 s.
    const started = performance.now();
    expect(sponsorCues('ab-'.repeat(60_000))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('the advert rule', () => {
  const cue = (strong: boolean) => sponsorCues(strong ? 'Book now' : 'a good deal');
  const sharing = (share: number) => () => share;

  it('drops a block with two kinds of strong cue whatever it shares', () => {
    expect(advertReason(sponsorCues('Subscribe to our newsletter: rooms from €89 per night.'), sharing(1))).toBe(
      '2 kinds of sponsor cue: price "from €89", subscription "Subscribe"',
    );
  });

  it('drops a line too short to measure only on a strong cue', () => {
    expect(advertReason(cue(true), () => undefined)).toBe('a short line with a sponsor cue: booking "Book now"');
    expect(advertReason(cue(false), () => undefined)).toBeUndefined();
  });

  it('drops a block with one strong cue only while it shares little with the report', () => {
    expect(advertReason(cue(true), sharing(ADVERT_RULE.strongCueShare - 0.01))).toMatch(
      /^shares 39% .* booking "Book now"$/,
    );
    expect(advertReason(cue(true), sharing(ADVERT_RULE.strongCueShare))).toBeUndefined();
  });

  it('drops a block with only a weak cue only when it is foreign to the report', () => {
    expect(advertReason(cue(false), sharing(ADVERT_RULE.foreignShare - 0.01))).toMatch(
      /^shares 19% .* sales word "deal"$/,
    );
    expect(advertReason(cue(false), sharing(ADVERT_RULE.foreignShare))).toBeUndefined();
    expect(advertReason([], sharing(0))).toBeUndefined();
  });
});

describe('adverts by their shape', () => {
  const lithium = readFileSync(root('tests/fixtures/reports/lithium-triangle.md'), 'utf8');
  const [intro, rest] = lithium.split('## Timeline of Policy Changes');

  it('drops a "Sponsored content" heading and its advert from a Markdown report, and the section they interrupted reads on', () => {
    const advert =
      '## Sponsored content\n\nFly to Santiago with SkyAndes and book your seat today at skyandes.example.\n\n';
    const report = buildReport(`${intro}${advert}## Timeline of Policy Changes${rest}`, 'lithium-triangle.md');
    expect(report.dropped).toEqual([
      { text: 'Sponsored content', reason: 'a sponsor label ("Sponsored content")' },
      {
        text: 'Fly to Santiago with SkyAndes and book your seat today at skyandes.example.',
        reason: '2 kinds of sponsor cue: sponsored "under a sponsor label", booking "book your"',
      },
    ]);
    expect(report.sections.map((s) => s.title)).toEqual([
      'Introduction',
      'Why the Salt Flats Matter',
      'Timeline of Policy Changes',
      'Country Comparison',
      'Outlook',
    ]);
  });

  it('ends a "Related articles" list at the next heading that has text under it', () => {
    // The Zambia fixture with its headline list moved up, just before a section of the report.
    const zambia = readFileSync(root('tests/fixtures/adverts/zambia-copper.txt'), 'utf8');
    const list = zambia.slice(zambia.indexOf('Related articles:'));
    const moved = zambia.replace(list, '').replace('The Road Ahead\n', `${list}The Road Ahead\n`);
    const report = buildReport(moved, 'zambia-copper.txt');
    expect(report.dropped.map((d) => d.text).slice(2)).toEqual([
      'Related articles:',
      'Chile Braces for a Water Crisis in the Atacama',
      'Why Gold Hit a Record High This Autumn',
      'Five Mining Stocks to Watch in 2027',
    ]);
    expect(report.sections.map((s) => [s.title, s.paragraphs.length])).toEqual([
      ['Introduction', 2],
      ['Why Zambia’s Output Fell', 1],
      ['The New Investors', 1],
      ['The Road Ahead', 1],
      ['Conclusion', 1],
    ]);
  });
});
