import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import { bareNameQuestion, STRAY_REPLY, strayIntent } from '../../src/answer/intent.ts';

const engine = createAnswerEngine();

describe('messages that are not questions about the report', () => {
  it.each([
    ['what is 2+2', 'arithmetic'],
    ['what is 3+3', 'arithmetic'],
    ["what's 15 * 3?", 'arithmetic'],
    ['calculate 7 divided by 2', 'arithmetic'],
    ['hello bot how are you', 'chit-chat'],
    ['thanks!', 'chit-chat'],
    ['good morning', 'chit-chat'],
    ['who are you?', 'chit-chat'],
    ['write me a poem about rare earths', 'request'],
    ['can you tell me a joke', 'request'],
    ['please compose a haiku', 'request'],
  ])('%s is %s, and refused with its own message whatever it shares with a table', (text, kind) => {
    expect(strayIntent(text)).toBe(kind);
    const a = engine.answer(text);
    expect(a.answered).toBe(false);
    expect(a.text).toBe(STRAY_REPLY[kind as keyof typeof STRAY_REPLY]);
  });

  it.each([
    'hey, when was the KIA founded?',
    'what is the market share of India',
    'how much of the market does China hold',
    'thanks, and what about Japan?',
    'tell me about the KIA',
    'write down the key dates',
  ])('leaves a real question alone: %s', (text) => {
    expect(strayIntent(text)).toBeUndefined();
  });

  it('answers the question after a greeting', () => {
    const a = engine.answer('hey, when was the KIA founded?');
    expect(a.answered).toBe(true);
    expect(a.text).toContain('1961');
  });
});

describe('a bare name with a question mark', () => {
  it('asks what it is', () => {
    expect(bareNameQuestion('kia?')).toBe('what is kia?');
    expect(bareNameQuestion('rare earths ?')).toBe('what is rare earths?');
    expect(bareNameQuestion('why?')).toBeUndefined();
    expect(bareNameQuestion('is it?')).toBeUndefined();
    expect(bareNameQuestion('kia')).toBeUndefined();
    expect(bareNameQuestion('one two three four?')).toBeUndefined();
  });

  it('is answered with the definition the report gives', () => {
    const a = engine.answer('kia?');
    expect(a.answered).toBe(true);
    expect(a.text).toContain('Kachin Independence Army');
  });
});
