import { describe, expect, it } from 'vitest';
import { readFollowUp } from '../../src/conversation/followUp.ts';

describe('readFollowUp', () => {
  it('reads the five follow-up forms of the issue', () => {
    expect(readFollowUp('and Japan?')).toEqual({ kind: 'swap', subject: 'Japan' });
    expect(readFollowUp('what about japan')).toEqual({ kind: 'swap', subject: 'japan' });
    expect(readFollowUp('why?')).toEqual({ kind: 'why' });
    expect(readFollowUp('when was that?')).toEqual({ kind: 'when' });
    expect(readFollowUp('compare it with India')).toEqual({ kind: 'compare', other: 'India' });
    expect(readFollowUp('tell me more')).toEqual({ kind: 'more' });
  });

  it('keeps the earlier preposition and drops a possessive from a swapped subject', () => {
    expect(readFollowUp('and in India?')).toEqual({ kind: 'swap', subject: 'India' });
    expect(readFollowUp('and for Australia?')).toEqual({ kind: 'swap', subject: 'Australia' });
    expect(readFollowUp("and Japan's?")).toEqual({ kind: 'swap', subject: 'Japan' });
    expect(readFollowUp('how about the USA')).toEqual({ kind: 'swap', subject: 'the USA' });
  });

  it('reads variants of why, when and more', () => {
    for (const t of ['Why', 'why is that?', 'and why?', 'how come?'])
      expect(readFollowUp(t), t).toEqual({ kind: 'why' });
    for (const t of ['when?', 'When did that happen?', 'what year was that'])
      expect(readFollowUp(t), t).toEqual({ kind: 'when' });
    for (const t of ['more please', 'go on', 'Tell me more about that', 'what else?'])
      expect(readFollowUp(t), t).toEqual({ kind: 'more' });
    expect(readFollowUp('vs Japan')).toEqual({ kind: 'compare', other: 'Japan' });
  });

  it('leaves a question with its own subject alone, and unwraps a conversational "and"', () => {
    expect(readFollowUp('When was the KIA founded?')).toBeUndefined();
    expect(readFollowUp('Why does India need rare earths from Myanmar in the first place?')).toBeUndefined();
    expect(readFollowUp('and who backs the junta?')).toEqual({ kind: 'own', question: 'who backs the junta' });
    expect(readFollowUp('')).toBeUndefined();
  });

  it('reads a short question about "it" or "they" as leaning on the last answer', () => {
    expect(readFollowUp('what are they used for?')).toEqual({
      kind: 'pronoun',
      pronoun: 'they',
      question: 'what are they used for?',
    });
    expect(readFollowUp('is it true that the report was written by the Indian government in secret?')).toBeUndefined();
  });
});
