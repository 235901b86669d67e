import { describe, expect, it } from 'vitest';
import { streamedReply } from '../../../src/adapters/discord/streamedReply.ts';

function fakeResponder(failEdits = false) {
  const calls: string[] = [];
  const responder = {
    async defer(ephemeral: boolean) {
      await new Promise((r) => setTimeout(r, 20));
      calls.push(`defer${ephemeral ? ' ephemeral' : ''}`);
    },
    async editOriginal(edit: { embeds?: unknown[] }) {
      if (failEdits) throw new Error('429');
      const embed = edit.embeds?.[0] as { description?: string; data?: { description?: string } } | undefined;
      calls.push(`edit ${embed?.data?.description ?? embed?.description ?? ''}`);
    },
  };
  return { responder, calls };
}

describe('a generated answer streamed into a Discord reply', () => {
  it('defers once at begin, then edits each part in order, never before the deferral', async () => {
    const { responder, calls } = fakeResponder();
    const warnings: unknown[] = [];
    const parts = streamedReply(
      responder as never,
      false,
      {},
      { warn: (o: unknown) => warnings.push(o) } as never,
      '1',
    );
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
    const { responder, calls } = fakeResponder(true);
    const warnings: unknown[] = [];
    const parts = streamedReply(responder as never, true, {}, { warn: (o: unknown) => warnings.push(o) } as never, '1');
    parts.begin();
    parts.show({ text: 'First [1].', tone: 'answer' });
    await parts.settled();
    expect(calls).toEqual(['defer ephemeral']);
    expect(warnings).toHaveLength(1);
  });
});
