import { describe, expect, it } from 'vitest';
import { streamedReply } from '../../../src/adapters/discord/streamedReply.ts';

function fakeInteraction(failEdits = false) {
  const calls: string[] = [];
  const interaction = {
    id: '1',
    deferred: false,
    replied: false,
    async deferReply(options: { flags?: unknown }) {
      await new Promise((r) => setTimeout(r, 20));
      calls.push(`defer${options.flags ? ' ephemeral' : ''}`);
      interaction.deferred = true;
      return {} as never;
    },
    async editReply(edit: { embeds?: Array<{ data?: { description?: string }; description?: string }> }) {
      if (failEdits) throw new Error('429');
      const embed = edit.embeds?.[0] as { description?: string; data?: { description?: string } } | undefined;
      calls.push(`edit ${embed?.data?.description ?? embed?.description ?? ''}`);
      return {} as never;
    },
  };
  return { interaction, calls };
}

describe('a generated answer streamed into a Discord reply', () => {
  it('defers once at begin, then edits each part in order, never before the deferral', async () => {
    const { interaction, calls } = fakeInteraction();
    const warnings: unknown[] = [];
    const parts = streamedReply(interaction as never, false, {}, { warn: (o: unknown) => warnings.push(o) } as never);
    parts.show({ text: 'too early', tone: 'answer' });
    parts.begin();
    parts.begin();
    parts.show({ text: 'First [1].', tone: 'answer' });
    parts.show({ text: 'First [1]. Second [2].', tone: 'answer' });
    await parts.settled();
    expect(calls[0]).toBe('defer');
    expect(calls.filter((c) => c === 'defer')).toHaveLength(1);
    expect(calls.slice(1)).toEqual(['edit First [1].', 'edit First [1]. Second [2].']);
    expect(warnings).toEqual([]);
  });

  it('a part Discord refuses is logged and costs nothing', async () => {
    const { interaction, calls } = fakeInteraction(true);
    const warnings: unknown[] = [];
    const parts = streamedReply(interaction as never, true, {}, { warn: (o: unknown) => warnings.push(o) } as never);
    parts.begin();
    parts.show({ text: 'First [1].', tone: 'answer' });
    await parts.settled();
    expect(calls).toEqual(['defer ephemeral']);
    expect(warnings).toHaveLength(1);
  });
});
