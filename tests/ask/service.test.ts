/** The one ask service: curated answer → follow-up → engine → record, and what each option leaves out. */
import { describe, expect, it } from 'vitest';
import { ask } from '../../src/ask/service.ts';
import { Conversations } from '../../src/conversation/conversations.ts';
import { CURATED_SOURCE } from '../../src/faq/reply.ts';
import { createInsightsService } from '../../src/insights/service.ts';
import { useFaq } from '../faq/helpers.ts';
import { engine } from '../helpers.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const setUp = useFaq();

function deps() {
  const { faq, store } = setUp();
  const insights = createInsightsService({ store, retentionDays: 90 });
  return { engine, faq, insights, conversations: new Conversations(), store };
}

describe('ask', () => {
  it('answers from the report, records the question and gives the reply its 👍/👎', async () => {
    const { store, ...d } = deps();
    const asked = await ask(d, 'When was the KIA founded?', { guildId: 'g1', record: true, now: NOW });
    expect(asked.curated).toBe(false);
    expect(asked.answer?.answered).toBe(true);
    expect(asked.reply.text).toContain('1961');
    const record = asked.reply.feedback?.record;
    expect(record).toBeDefined();
    expect((await store.getQuestion(record!))?.question).toBe('When was the KIA founded?');
  });

  it("prefers the server's curated answer, and then drops the conversation's frame", async () => {
    const { store, faq, ...d } = deps();
    await faq.add('g1', 'When was the KIA founded?', 'In 1961, says our pinned explainer.', engine.kb);
    const options = { guildId: 'g1', conversation: 'member', record: true, now: NOW };
    // A report answer first, so the conversation has a frame a follow-up could be read against.
    await ask({ ...d, faq }, 'Compare China and India', options);
    const curated = await ask({ ...d, faq }, 'When was the KIA founded?', options);
    expect(curated.curated).toBe(true);
    expect(curated.answer).toBeUndefined();
    expect(curated.reply.source).toBe(CURATED_SOURCE);
    expect((await store.getQuestion(curated.reply.feedback!.record))?.kind).toBe('curated');
    // The frame is gone: "and Japan?" is not read against "Compare China and India".
    expect((await ask({ ...d, faq }, 'and Japan?', options)).reply.followingUp).toBeUndefined();
  });

  it('tries the other wordings for a curated answer only after the question itself', async () => {
    const { faq, ...d } = deps();
    await faq.add('g1', 'How do I get the verified role?', 'Ask in #welcome.', engine.kb);
    const options = { guildId: 'g1', record: false, now: NOW };
    const alone = await ask({ ...d, faq }, 'Help please, I am new here', options);
    expect(alone.curated).toBe(false);
    const withTitle = await ask({ ...d, faq }, 'Help please, I am new here', {
      ...options,
      curatedAlso: ['How do I get the verified role?'],
    });
    expect(withTitle.curated).toBe(true);
    expect(withTitle.reply.text).toBe('Ask in #welcome.');
  });

  it('reads a follow-up against the conversation only when one is named', async () => {
    const d = deps();
    const kept = { conversation: 'member', record: false, now: NOW };
    await ask(d, 'When was the KIA founded?', kept);
    expect((await ask(d, 'why?', kept)).reply.followingUp).toBe('When was the KIA founded');
    await ask(d, 'When was the KIA founded?', { record: false, now: NOW });
    expect((await ask(d, 'why?', { record: false, now: NOW })).reply.followingUp).toBeUndefined();
  });

  it('records nothing when told not to, in a DM, or for overheard chat it does not answer', async () => {
    const { store, ...d } = deps();
    const unrecorded = [
      await ask(d, 'When was the KIA founded?', { guildId: 'g1', record: false, now: NOW }),
      await ask(d, 'When was the KIA founded?', { record: true, now: NOW }),
      await ask(d, 'Who won the 2022 World Cup?', { guildId: 'g1', record: true, overheard: true, now: NOW }),
    ];
    for (const asked of unrecorded) expect(asked.reply.feedback).toBeUndefined();
    expect(await store.questionsSince('g1', new Date(0), 10)).toEqual([]);
    // Overheard chat that is answered is recorded, as the bot said something.
    await ask(d, 'When was the KIA founded?', { guildId: 'g1', record: true, overheard: true, now: NOW });
    expect(await store.questionsSince('g1', new Date(0), 10)).toHaveLength(1);
  });
});
