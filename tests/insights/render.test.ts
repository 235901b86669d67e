import { describe, expect, it } from 'vitest';
import { decodeFeedbackId, encodeFeedbackId } from '../../src/adapters/discord/feedbackId.ts';
import { renderReply } from '../../src/adapters/discord/render.ts';
import { newRecordId } from '../../src/insights/records.ts';
import { renderText } from '../../src/reply/renderText.ts';

const record = newRecordId(new Date('2026-12-01T00:00:00Z'));

describe('rendering feedback, curation and attachments on Discord', () => {
  it('puts 👍 and 👎 beside the page buttons, in one row, with ids that decode back', () => {
    const message = renderReply(
      { text: 'x', feedback: { record }, pager: { command: 'section', key: '0', page: 1, total: 3 } },
      { pagerOwner: '1', pagerExpiresAt: 0 },
    );
    expect(message.components).toHaveLength(1);
    const ids = message.components[0]!.components.map((b) => ('custom_id' in b ? b.custom_id : ''));
    expect(ids).toHaveLength(4);
    expect(ids.slice(2).map(decodeFeedbackId)).toEqual([
      { kind: 'vote', record, vote: 'up' },
      { kind: 'vote', record, vote: 'down' },
    ]);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(100);
  });

  it('gives /insights at most five Answer buttons in their own row, and uploads the attachment', () => {
    const curate = Array.from({ length: 8 }, (_, i) => ({ label: `Answer ${i + 1}`, record }));
    const message = renderReply({ text: 'x', curate, attachment: { name: 'a.csv', content: 'a,b\r\n' } });
    expect(message.components).toHaveLength(1);
    expect(message.components[0]!.components).toHaveLength(5);
    expect(message.files).toEqual([{ attachment: Buffer.from('a,b\r\n'), name: 'a.csv' }]);
    expect(renderText({ text: 'x', attachment: { name: 'a.csv', content: 'a,\u202eb\r\n' } })).toBe(
      'x\n── a.csv ──\na,b',
    );
  });

  it('reads only its own ids: pager ids, forged and oversized ones are not feedback', () => {
    for (const id of ['pg|section|0|1|1|0', 'fb|u|', 'fb|u|a|b', `fb|u|${'a'.repeat(80)}`, 'fb|up|abc', 'faq|'])
      expect(decodeFeedbackId(id)).toBeUndefined();
    expect(decodeFeedbackId(encodeFeedbackId({ kind: 'curate', record }))).toEqual({ kind: 'curate', record });
    expect(decodeFeedbackId(encodeFeedbackId({ kind: 'comment', record }))).toEqual({ kind: 'comment', record });
  });
});
