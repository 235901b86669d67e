import { describe, expect, it } from 'vitest';
import { renderReply } from '../../../src/adapters/discord/render.ts';
import { PNG_SIGNATURE } from '../../charts/png.ts';
import { run } from '../../helpers.ts';

describe('a reply with a chart, rendered for Discord', () => {
  it('uploads the PNG with its alt text and shows it as the embed image, keeping the text', async () => {
    const reply = await run('market');
    const image = reply.image!;

    const rendered = renderReply(reply);

    expect(rendered.files).toHaveLength(1);
    const [file] = rendered.files!;
    expect(file!.name).toBe(image.name);
    expect(file!.description).toBe(image.description);
    expect([...file!.attachment.subarray(0, 8)]).toEqual([...PNG_SIGNATURE]);
    expect(file!.attachment.equals(Buffer.from(image.png))).toBe(true);
    expect(rendered.embeds[0]!.image).toEqual({ url: `attachment://${image.name}` });
    expect(rendered.embeds[0]!.description).toContain(reply.table!.rows[0]![0]!);
  });

  it('sends a CSV attachment and a chart side by side, the chart alone in the embed', () => {
    const rendered = renderReply({
      text: 'both',
      attachment: { name: 'rows.csv', content: 'a,b' },
      image: { name: 'chart.png', png: Uint8Array.from(PNG_SIGNATURE), description: 'x'.repeat(2000) },
    });
    expect(rendered.files?.map((f) => f.name)).toEqual(['rows.csv', 'chart.png']);
    // Discord refuses a description over 1,024 characters.
    expect(rendered.files?.[1]?.description?.length).toBeLessThanOrEqual(1024);
    expect(rendered.embeds[0]!.image).toEqual({ url: 'attachment://chart.png' });
  });

  it('a reply without a chart has no image and no files', () => {
    const rendered = renderReply({ text: 'plain' });
    expect(rendered.files).toBeUndefined();
    expect(rendered.embeds[0]!.image).toBeUndefined();
  });
});
