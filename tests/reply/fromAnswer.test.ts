import { describe, expect, it } from 'vitest';
import { NOT_COVERED } from '../../src/answer/engine.ts';
import type { Answer } from '../../src/answer/types.ts';
import { replyForAnswer } from '../../src/reply/fromAnswer.ts';
import { renderText } from '../../src/reply/renderText.ts';
import type { Reply } from '../../src/reply/types.ts';
import { engine } from '../helpers.ts';

const ask = (q: string) => engine.answer(q);
const DOC = 'India Myanmar Rare Earths';
const COMPARISON = 'Comparative Analysis of Rare Earth Supply Chains';
const TIMELINE = 'Timeline of India’s Rare Earth Engagement with Myanmar';
const SUGGESTIONS = [
  'What happened in September 2025?',
  'Compare China and India',
  'What does the report say about "India’s Strategic Shift in Rare Earth Sourcing"?',
];
const bob = { id: '7', name: 'bob' };

describe('replyForAnswer', () => {
  it('titles an answered question with the question, bolds its focus and names its source', () => {
    expect(replyForAnswer(ask("What is Japan's strategic risk level?"))).toEqual({
      title: "What is Japan's strategic risk level?",
      text: 'Japan: Strategic Risk Level Low.',
      emphasis: 'Low',
      source: `${DOC} › ${COMPARISON}`,
      related: [
        'Japan: Control Over Rare Earths Low; Processing Capability Advanced; Strategic Risk Level Low.',
        'China: Control Over Rare Earths High; Processing Capability Advanced; Strategic Risk Level Low.',
      ].map((row) => `${row} (${COMPARISON})`),
      tone: 'answer',
      answered: true,
    });
  });

  it('shows the grid of a comparison, without its title', () => {
    const reply = replyForAnswer(ask('Compare China and India'));
    expect(reply.table).toEqual({
      columns: ['', 'China', 'India'],
      rows: [
        ['Control Over Rare Earths', 'High', 'Low'],
        ['Processing Capability', 'Advanced', 'Developing'],
        ['Strategic Risk Level', 'Low', 'High'],
        ['Market Share (%)', '85', '2'],
        ['Key Players', 'Baotou Steel, China Northern', 'IREL, Midwest Advanced Materials'],
        ['Future Trends', 'Export restrictions, tech dominance', 'Strategic partnerships, tech upgrade'],
      ],
    });
    expect([reply.tone, reply.source, reply.emphasis]).toEqual(['answer', `${DOC} › ${COMPARISON}`, undefined]);
  });

  it('shows no grid for a one-row cell answer, nor for timeline entries its text already lists', () => {
    const cell = ask("What is Japan's strategic risk level?");
    expect(cell.table?.rows).toEqual([['Japan', 'Low']]);
    expect(replyForAnswer(cell).table).toBeUndefined();
    const timeline = ask('what happened in 2025');
    expect([timeline.kind, timeline.table?.rows.length]).toEqual(['timeline', 3]);
    const reply = replyForAnswer(timeline);
    expect(reply.table).toBeUndefined();
    expect(reply.source).toBe(`${DOC} › ${TIMELINE}`);
    expect(reply.text).toBe(
      'July 2025: Virtual meeting held between Indian firms and KIA representatives. ' +
        'August 2025: KIA begins collecting rare earth samples for India. ' +
        'September 2025: Reports emerge of India’s strategic engagement with Myanmar rebels.',
    );
  });

  it('says "Not in the report" with three suggestions, and no source, related or emphasis, when not covered', () => {
    expect(replyForAnswer(ask('Who won the 2022 World Cup?'))).toEqual({
      title: 'Not in the report',
      text: NOT_COVERED,
      tone: 'notice',
      answered: false,
      suggestions: SUGGESTIONS,
    });
  });

  it('keeps the closest passage in the text of a near miss, but not as a related line', () => {
    const answer = ask('When was IREL founded?');
    expect(answer.related).toHaveLength(1);
    const reply = replyForAnswer(answer);
    expect(reply.title).toBe('Not in the report');
    expect(reply.text).toBe(
      "The report doesn't say. The closest it comes: “The KIA, established in 1961 to represent the interests " +
        'of the Kachin ethnic group, has long controlled these mineral-rich territories.”',
    );
    expect([reply.related, reply.source, reply.tone]).toEqual([undefined, undefined, 'notice']);
  });

  it('calls invalid input "Not a question I can look up"', () => {
    expect(replyForAnswer(ask('hi'))).toEqual({
      title: 'Not a question I can look up',
      text: 'That is too short to answer. Ask a full question, for example "Why does Myanmar matter?"',
      tone: 'notice',
      answered: false,
      suggestions: SUGGESTIONS,
    });
  });

  it('offers at most three suggestions, in the answer’s order', () => {
    const answer: Answer = {
      question: 'xyz',
      answered: false,
      text: NOT_COVERED,
      source: null,
      confidence: 0,
      kind: 'not-covered',
      related: [],
      suggestions: ['a', 'b', 'c', 'd', 'e'],
    };
    expect(replyForAnswer(answer).suggestions).toEqual(['a', 'b', 'c']);
  });

  it('passes the mention and ephemeral flag through, answered or not, and leaves them unset by default', () => {
    for (const q of ['When was the KIA founded?', 'Who won the 2022 World Cup?', '']) {
      const answer = ask(q);
      const addressed = replyForAnswer(answer, { mention: bob, ephemeral: true });
      expect([addressed.mention, addressed.ephemeral], q).toEqual([bob, true]);
      const plain = replyForAnswer(answer);
      expect([plain.mention, plain.ephemeral], q).toEqual([undefined, undefined]);
    }
  });
});

describe('renderText', () => {
  it('renders every part of a reply in order, without Markdown', () => {
    const reply: Reply = {
      mention: { id: '42', name: 'alice' },
      title: 'Compare China and India',
      text: 'China vs India — **Low** vs `High`.',
      emphasis: 'Low',
      fields: [{ name: 'Note', value: 'line one\n**line** two' }],
      table: { columns: ['', 'China', 'India'], rows: [['Strategic Risk Level', 'Low', 'High']] },
      related: ['KIA founded 1961 (Why Myanmar Matters)'],
      suggestions: ['Compare China and India'],
      source: `${DOC} › ${COMPARISON}`,
      pager: { command: 'ask', key: 'k', page: 1, total: 2 },
      ephemeral: true,
      tone: 'answer',
    };
    expect(renderText(reply)).toBe(
      [
        'Answer for @alice',
        'Compare China and India',
        '───────────────────────',
        'China vs India — Low vs High.',
        'Note:',
        '  line one',
        '  line two',
        '                     │ China │ India',
        '─────────────────────┼───────┼──────',
        'Strategic Risk Level │ Low   │ High',
        'Related:',
        '  • KIA founded 1961 (Why Myanmar Matters)',
        'Did you mean:',
        '  • Compare China and India',
        `— ${DOC} › ${COMPARISON}`,
        '(page 1 of 2)',
        '(only you can see this)',
      ].join('\n'),
    );
  });

  it('renders a not-covered reply to a mentioned member exactly', () => {
    expect(renderText(replyForAnswer(ask('Who won the 2022 World Cup?'), { mention: bob, ephemeral: true }))).toBe(
      [
        'Answer for @bob',
        'Not in the report',
        '─────────────────',
        "The report doesn't cover that.",
        'Did you mean:',
        ...SUGGESTIONS.map((s) => `  • ${s}`),
        '(only you can see this)',
      ].join('\n'),
    );
  });

  it('shows table cells whole, as the benefits answer has cells over 40 characters', () => {
    const text = renderText(replyForAnswer(ask('What are the strategic benefits of the partnership?')));
    expect(text).toContain('Access to Heavy REEs            │ Secures critical minerals like dysprosium and terbium\n');
    expect(text).toContain('Boost to Domestic Manufacturing │ Supports Make in India and EV production goals\n');
  });

  it('names the member once with one @, without bidi controls', () => {
    expect(renderText({ mention: { id: '1', name: '@sam' } })).toBe('Answer for @sam');
    expect(renderText({ mention: { id: '1', name: '\u202enimda' } })).toBe('Answer for @nimda');
  });

  it('renders nothing for an empty reply and caps the title rule at 60 characters', () => {
    expect(renderText({})).toBe('');
    expect(renderText({ title: 'x'.repeat(80) })).toBe(`${'x'.repeat(80)}\n${'─'.repeat(60)}`);
  });
});
