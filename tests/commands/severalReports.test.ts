import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import type { Answer } from '../../src/answer/types.ts';
import { KNOWLEDGE_DIR, loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';
import { replyForAnswer } from '../../src/reply/fromAnswer.ts';
import { context, run } from '../helpers.ts';

/** The shipped report beside the Indonesia one: two titles, two timelines, China and the USA in both. */
const both = createAnswerEngine(
  loadKnowledgeBase([KNOWLEDGE_DIR, new URL('../fixtures/second-report', import.meta.url).pathname]),
);
const ctx = context({ engine: both });
const INDIA = 'India Myanmar Rare Earths';
const NICKEL = 'Indonesia Nickel';

describe('with two reports loaded', () => {
  it('/timeline names each entry’s report, and the source line every timeline used', async () => {
    const reply = await run('timeline', {}, ctx);
    expect(reply.fields?.map((f) => f.name)).toEqual([
      `August 2019 — ${NICKEL}`,
      `January 2020 — ${NICKEL}`,
      `May 2021 — ${NICKEL}`,
      `November 2022 — ${NICKEL}`,
      `March 2023 — ${NICKEL}`,
      `July 2025 — ${INDIA}`,
      `August 2025 — ${INDIA}`,
      `September 2025 — ${INDIA}`,
    ]);
    expect(reply.source).toBe(
      `${NICKEL} › Timeline of Indonesia’s Nickel Downstreaming Policy · ${INDIA} › Timeline of India’s Rare Earth Engagement with Myanmar`,
    );
  });

  it('/timeline for a year one report covers names that report alone', async () => {
    const reply = await run('timeline', { when: 'March 2023' }, ctx);
    expect(reply.fields).toEqual([
      {
        name: `March 2023 — ${NICKEL}`,
        value: 'Indonesia proposes a limited critical minerals agreement with the USA',
      },
    ]);
    expect(reply.source).toBe(`${NICKEL} › Timeline of Indonesia’s Nickel Downstreaming Policy`);
  });

  it('/compare names the report of each value, so two "Processing Capability" rows can be told apart', async () => {
    const reply = await run('compare', { country: 'China' }, ctx);
    expect(reply.fields?.map((f) => `${f.name}=${f.value}`)).toEqual([
      `Control Over Rare Earths — ${INDIA}=High`,
      `Processing Capability — ${INDIA}=Advanced`,
      `Strategic Risk Level — ${INDIA}=Low`,
      `Market Share (%) — ${INDIA}=85`,
      `Key Players — ${INDIA}=Baotou Steel, China Northern`,
      `Future Trends — ${INDIA}=Export restrictions, tech dominance`,
      `Nickel Reserves — ${NICKEL}=Low`,
      `Processing Capability — ${NICKEL}=Advanced`,
      `Environmental Risk Level — ${NICKEL}=Medium`,
      `Market Share (%) — ${NICKEL}=4`,
      `Key Players — ${NICKEL}=Jinchuan Group`,
      `Future Trends — ${NICKEL}=Offshore investment in Indonesian smelters`,
    ]);
  });

  it('/compare side by side keeps each report’s rows apart', async () => {
    const reply = await run('compare', { country: 'Japan', other: 'Indonesia' }, ctx);
    expect(reply.table).toEqual({
      columns: ['', 'Japan', 'Indonesia'],
      rows: [
        [`Control Over Rare Earths — ${INDIA}`, 'Low', '—'],
        [`Processing Capability — ${INDIA}`, 'Advanced', '—'],
        [`Strategic Risk Level — ${INDIA}`, 'Low', '—'],
        [`Nickel Reserves — ${NICKEL}`, '—', 'High'],
        [`Processing Capability — ${NICKEL}`, '—', 'Advanced'],
        [`Environmental Risk Level — ${NICKEL}`, '—', 'High'],
        [`Market Share (%) — ${NICKEL}`, '—', '55'],
        [`Key Players — ${NICKEL}`, '—', 'Tsingshan, Harita Nickel, Vale Indonesia'],
        [`Future Trends — ${NICKEL}`, '—', 'HPAL expansion, battery cell production'],
      ],
    });
  });

  it('an answer’s source line names the report it comes from', () => {
    expect(replyForAnswer(both.answer('Who operates the HPAL facility on Obi Island?')).source).toMatch(
      new RegExp(`^${NICKEL} › `),
    );
    expect(replyForAnswer(both.answer('When was the KIA established?')).source).toMatch(new RegExp(`^${INDIA} › `));
  });
});

describe('related passages', () => {
  const answer = (related: Answer['related']): Answer => ({
    question: 'What is China’s processing capability?',
    answered: true,
    text: 'China: Processing Capability Advanced.',
    source: { document: INDIA, section: 'Comparative Analysis of Rare Earth Supply Chains' },
    confidence: 1,
    kind: 'cell',
    related,
    suggestions: [],
  });

  it('name their report only when it is not the answer’s', () => {
    const reply = replyForAnswer(
      answer([
        {
          text: 'China: Market Share (%) 85.',
          source: { document: INDIA, section: 'Global Rare Earth Market Outlook' },
        },
        {
          text: 'China: Nickel Reserves Low.',
          source: { document: NICKEL, section: 'Comparative Analysis of Nickel Supply Chains' },
        },
      ]),
    );
    expect(reply.related).toEqual([
      'China: Market Share (%) 85. (Global Rare Earth Market Outlook)',
      `China: Nickel Reserves Low. (${NICKEL} › Comparative Analysis of Nickel Supply Chains)`,
    ]);
  });
});
