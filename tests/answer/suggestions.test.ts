import { describe, expect, it } from 'vitest';
import { engine } from '../helpers.ts';

/** "Did you mean": questions the report answers, related to what was asked. */
describe('suggestions', () => {
  const offTopic = engine.answer('Who won the 2022 World Cup?').suggestions;

  it.each([
    ['When was IREL founded?', 'Compare India and China'],
    ['What is the population of Japan?', 'Compare Japan and China'],
    ['What is the GDP of Myanmar?', 'Compare Myanmar and China'],
    ['Who is the CEO of Lynas Corporation?', 'Compare Australia and China'],
  ])('offers %j something about what it asked (%j), not the general three', (question, expected) => {
    const answer = engine.answer(question);
    expect(answer.answered).toBe(false);
    expect(answer.suggestions).toContain(expected);
    expect(answer.suggestions).not.toEqual(offTopic);
  });

  it('offers an off-topic question what the report covers', () => {
    expect(offTopic).toEqual([
      'What happened in September 2025?',
      'Compare China and India',
      'What does the report say about "India’s Strategic Shift in Rare Earth Sourcing"?',
    ]);
  });

  it('suggests only questions the report answers', () => {
    const questions = ['When was IREL founded?', 'What is the GDP of Myanmar?', 'Who is the CEO of Lynas Corporation?'];
    for (const suggestion of new Set(questions.flatMap((q) => engine.answer(q).suggestions))) {
      expect(engine.answer(suggestion).answered, suggestion).toBe(true);
    }
  });
});
