import { ApplicationCommandOptionType as T } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { rawOptionSource } from '../../../../src/adapters/discord/http/rawOptions.ts';
import { readOptions } from '../../../../src/adapters/discord/options.ts';

const user = { id: '200000000000000001', username: 'bob', global_name: 'Bob', discriminator: '0', avatar: null };

describe('options read from a raw payload', () => {
  it('lifts a subcommand and its options, as discord.js does', () => {
    const source = rawOptionSource({
      options: [{ name: 'set', type: T.Subcommand, options: [{ name: 'time', type: T.String, value: '07:30' }] }],
    });
    expect(source.getSubcommand(false)).toBe('set');
    expect(source.getString('time')).toBe('07:30');
    expect(source.getString('absent')).toBeNull();
  });

  it('resolves users and channels from resolved, and throws on an option of another type', () => {
    const source = rawOptionSource({
      options: [
        { name: 'mention', type: T.User, value: user.id },
        { name: 'where', type: T.Channel, value: '300000000000000001' },
        { name: 'count', type: T.String, value: '3' },
      ],
      resolved: {
        users: { [user.id]: user },
        channels: { '300000000000000001': { id: '300000000000000001', name: 'general', type: 0, permissions: '0' } },
      },
    });
    expect(source.getUser('mention')).toEqual({ id: user.id, username: 'bob', globalName: 'Bob' });
    expect(source.getChannel('where')).toMatchObject({ id: '300000000000000001', name: 'general' });
    expect(() => source.getInteger('count')).toThrow(TypeError);
  });

  it('gives readOptions the same messages for a hostile payload as for a mistyped one', () => {
    const specs = {
      question: { type: 'string', description: 'q', required: true },
      hide: { type: 'boolean', description: 'h' },
    } as const;
    const wrongJson = rawOptionSource({
      options: [
        { name: 'question', type: T.String, value: 5 as unknown as string },
        { name: 'hide', type: T.Boolean, value: true },
      ],
    });
    expect(readOptions({ options: wrongJson }, specs)).toEqual({
      ok: false,
      error: 'The option question has the wrong type; expected string.',
    });
    const fine = rawOptionSource({ options: [{ name: 'question', type: T.String, value: 'Why?' }] });
    expect(readOptions({ options: fine }, specs)).toEqual({ ok: true, args: { question: 'Why?' } });
  });

  it('finds the focused option, and throws when none is', () => {
    const focused = rawOptionSource({ options: [{ name: 'country', type: T.String, value: 'Ja', focused: true }] });
    expect(focused.getFocused()).toEqual({ name: 'country', value: 'Ja' });
    expect(() => rawOptionSource({}).getFocused()).toThrow(/No option is focused/);
  });
});
