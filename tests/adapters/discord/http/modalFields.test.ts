import { ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { modalFieldReader } from '../../../../src/adapters/discord/http/modalFields.ts';

const input = (custom_id: string, value: unknown) => ({ type: ComponentType.TextInput, id: 9, custom_id, value });

describe('a submitted form read from the raw payload', () => {
  it('reads text inputs inside labels and inside action rows', () => {
    const field = modalFieldReader([
      { type: ComponentType.Label, id: 1, component: input('question', 'Who?') },
      { type: ComponentType.ActionRow, id: 2, components: [input('answer', 'Them.')] },
    ]);
    expect(field('question')).toBe('Who?');
    expect(field('answer')).toBe('Them.');
    expect(field('comment')).toBeUndefined();
  });

  it('skips what is not a text input with a string value, and never throws on hostile shapes', () => {
    const field = modalFieldReader([
      null,
      7,
      { type: ComponentType.Label, component: input('a', 42) },
      { type: ComponentType.Label, component: { type: ComponentType.StringSelect, custom_id: 'b', values: ['x'] } },
      { type: ComponentType.ActionRow, components: 'not an array' },
      { type: ComponentType.Label, component: { type: ComponentType.Label, component: { type: ComponentType.Label } } },
      // The first of two inputs with one id wins, as the form showed one.
      { type: ComponentType.Label, component: input('c', 'first') },
      { type: ComponentType.Label, component: input('c', 'second') },
    ]);
    expect(field('a')).toBeUndefined();
    expect(field('b')).toBeUndefined();
    expect(field('c')).toBe('first');
    expect(modalFieldReader({ components: [] })('a')).toBeUndefined();
    expect(modalFieldReader(undefined)('a')).toBeUndefined();
  });
});
