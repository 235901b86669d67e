import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import { Conversations } from '../../src/conversation/conversations.ts';
import { conversationKey } from '../../src/conversation/frame.ts';
import { CONVERSATION } from '../../src/conversation/limits.ts';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';

const engine = createAnswerEngine();
const MINUTE = 60_000;

describe('follow-ups on the shipped report', () => {
  it('reads "and the USA?" as the same column for the USA, and says what it followed', () => {
    const talk = new Conversations();
    talk.ask(engine, 'm', "What is China's market share?", 0);
    const turn = talk.ask(engine, 'm', 'and the USA?', MINUTE);
    expect(turn.answer.text).toBe('USA: Market Share 10%.');
    expect(turn.answer.focus).toBe('10');
    expect(turn.followingUp).toBe("What is China's market share?");
  });

  it('says a row the table lacks is not given, and keeps the frame for the next follow-up', () => {
    const talk = new Conversations();
    talk.ask(engine, 'm', "What is China's market share?", 0);
    const japan = talk.ask(engine, 'm', 'and Japan?', MINUTE);
    expect(japan.answer.answered).toBe(false);
    expect(japan.answer.text).toBe('Japan: market share not given in the report.');
    const india = talk.ask(engine, 'm', 'what about India', 2 * MINUTE);
    expect(india.answer.text).toBe('India: Market Share 2%.');
    expect(india.followingUp).toBe("What is China's market share?");
  });

  it('chains follow-ups: each answered one becomes the frame', () => {
    const talk = new Conversations();
    talk.ask(engine, 'm', 'What is the strategic risk level of India?', 0);
    expect(talk.ask(engine, 'm', 'and Japan?', MINUTE).answer.text).toBe('Japan: Strategic Risk Level Low.');
    const usa = talk.ask(engine, 'm', 'and the USA?', 2 * MINUTE);
    expect(usa.answer.text).toBe('USA: Strategic Risk Level Medium.');
    expect(usa.followingUp).toBe("Japan's strategic risk level");
  });

  it('compares the last subject with another, in the column asked about', () => {
    const talk = new Conversations();
    talk.ask(engine, 'm', "What is China's market share?", 0);
    const turn = talk.ask(engine, 'm', 'compare it with India', MINUTE);
    expect(turn.answer.kind).toBe('comparison');
    expect(turn.answer.text).toContain('85 vs 2');
  });

  it('reads on in the same section for "tell me more", without repeating', () => {
    const talk = new Conversations();
    const first = talk.ask(engine, 'm', 'What did Amit Kumar say?', 0);
    const more = talk.ask(engine, 'm', 'tell me more', MINUTE);
    expect(more.answer.source?.section).toBe(first.answer.source?.section);
    expect(more.answer.text).not.toContain(first.answer.text.slice(0, 60));
    expect(more.answer.text).toContain('rebel group');
  });

  it('answers "when was that?" with the date of the last answer', () => {
    const talk = new Conversations();
    talk.ask(engine, 'm', 'What virtual meeting was held with the KIA?', 0);
    const turn = talk.ask(engine, 'm', 'when was that?', MINUTE);
    expect(turn.answer.text).toContain('July 2025');
  });

  it('answers a full question on its own inside the window', () => {
    const talk = new Conversations();
    talk.ask(engine, 'm', "What is China's market share?", 0);
    const turn = talk.ask(engine, 'm', 'When was the KIA founded?', MINUTE);
    expect(turn.followingUp).toBeUndefined();
    expect(turn.answer.text).toContain('1961');
  });
});

describe('the memory', () => {
  it('forgets a frame after five minutes', () => {
    const talk = new Conversations();
    talk.ask(engine, 'm', "What is China's market share?", 0);
    const late = talk.ask(engine, 'm', 'and the USA?', CONVERSATION.frameTtlMs + 1);
    expect(late.followingUp).toBeUndefined();
  });

  it('keeps one frame per conversation: another member or channel has its own', () => {
    const talk = new Conversations();
    const a = conversationKey('1', 'c1');
    talk.ask(engine, a, "What is China's market share?", 0);
    expect(talk.ask(engine, conversationKey('2', 'c1'), 'and the USA?', MINUTE).followingUp).toBeUndefined();
    expect(talk.ask(engine, conversationKey('1', 'c2'), 'and the USA?', MINUTE).followingUp).toBeUndefined();
    expect(talk.ask(engine, a, 'and the USA?', MINUTE).followingUp).toBeDefined();
    expect(conversationKey('1')).not.toBe(conversationKey('1', 'c1'));
  });

  it('is bounded: the longest-idle conversation is forgotten first', () => {
    const talk = new Conversations({ frameTtlMs: CONVERSATION.frameTtlMs, maxFrames: 2 });
    talk.ask(engine, 'a', "What is China's market share?", 0);
    talk.ask(engine, 'b', "What is China's market share?", 1);
    talk.ask(engine, 'a', "What is India's market share?", 2);
    talk.ask(engine, 'c', "What is China's market share?", 3);
    expect(talk.size).toBe(2);
    expect(talk.ask(engine, 'a', 'and the USA?', 4).followingUp).toBeDefined();
    expect(talk.ask(engine, 'b', 'and the USA?', 5).followingUp).toBeUndefined();
  });

  it('drops frames made against a knowledge base that has since been replaced', () => {
    const talk = new Conversations();
    talk.ask(engine, 'm', "What is China's market share?", 0);
    const reloaded = createAnswerEngine(loadKnowledgeBase());
    expect(talk.ask(reloaded, 'm', 'and the USA?', MINUTE).followingUp).toBeUndefined();
  });

  it('remembers nothing without a key', () => {
    const talk = new Conversations();
    talk.ask(engine, undefined, "What is China's market share?", 0);
    expect(talk.size).toBe(0);
  });
});

describe('follow-ups on a table answer', () => {
  it('"why?" after a cell says the report does not say, rather than passing a row off as a reason', () => {
    const talk = new Conversations();
    talk.ask(engine, 'm', "What is the USA's market share?", 0);
    const why = talk.ask(engine, 'm', 'why?', MINUTE);
    expect(why.answer.answered).toBe(false);
    expect(why.answer.text).toBe("The report doesn't say why.");
  });

  it('"tell me more" after a cell gives the rest of its row', () => {
    const talk = new Conversations();
    talk.ask(engine, 'm', "What is the USA's market share?", 0);
    const more = talk.ask(engine, 'm', 'tell me more', MINUTE);
    expect(more.answer.text).toBe(
      'USA: Market Share (%) 10; Key Players MP Materials; Future Trends Investment in domestic processing.',
    );
  });
});

describe('what a frame keeps', () => {
  it('keeps the answer a follow-up reads, without the related passages, suggestions or evidence it never reads', () => {
    const question = 'When was the KIA founded?';
    const answer = engine.answer(question);
    // The engine's answer carries all three; the frame drops them, as 10,000 frames are kept at once.
    expect(answer.evidence?.length).toBeGreaterThan(0);
    const turn = new Conversations().ask(engine, 'm', question, 0);
    expect(turn.answer.evidence).toEqual(answer.evidence);
    expect(turn.frame?.answer).toEqual({ ...answer, evidence: undefined, related: [], suggestions: [] });
    expect(turn.frame?.answer).not.toHaveProperty('evidence');
    expect(turn.frame?.shown).toEqual([answer.passageId]);
  });
});
