import { describe, expect, it } from 'vitest';
import { interactionProblem } from '../../../src/adapters/discord/payloadShape.ts';

const user = { id: '200000000000000001', username: 'alice' };
const base = { id: '300000000000000001', application_id: '100000000000000001', token: 't', user };

describe('interaction payload shape', () => {
  it('accepts the payloads Discord sends', () => {
    const slash = {
      ...base,
      type: 2,
      data: { id: '1', name: 'ask', type: 1, options: [{ name: 'q', type: 3, value: 'x' }] },
    };
    const message = { id: '5', channel_id: '6', author: user };
    const menu = {
      ...base,
      type: 2,
      data: { id: '1', name: 'Answer', type: 3, target_id: '5', resolved: { messages: { 5: message } } },
    };
    const button = { ...base, type: 3, data: { custom_id: 'pg|x', component_type: 2 }, message };
    for (const payload of [slash, menu, button, { ...base, type: 1 }])
      expect(interactionProblem(payload)).toBeUndefined();
  });

  it('names what is wrong with the ones discord.js would choke on', () => {
    expect(interactionProblem({ ...base, type: 2, data: { id: '1', name: 'Answer', type: 3, target_id: '5' } })).toBe(
      'the target is not in resolved.messages',
    );
    expect(interactionProblem({ ...base, type: 2, data: { id: '1', name: 'ask', type: 1, options: {} } })).toBe(
      'options is not an array',
    );
    expect(interactionProblem({ ...base, type: 3, data: { custom_id: 'x', component_type: 2 } })).toBe(
      'the component has no message',
    );
    expect(interactionProblem({ ...base, id: 'abc', type: 1 })).toBe('id is not a snowflake');
    expect(interactionProblem(null)).toBe('not an object');
  });
});
