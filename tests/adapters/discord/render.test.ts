import { MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { decodePager, encodePager } from '../../../src/adapters/discord/pagerId.ts';
import { renderReply } from '../../../src/adapters/discord/render.ts';
import { expectWithinDiscordLimits } from '../../discordLimits.ts';
import { run } from '../../helpers.ts';

describe('rendering replies for Discord', () => {
  it('puts the answer in an embed with the source in the footer', async () => {
    const message = renderReply(await run('ask', { question: 'When was the KIA founded?' }));
    const [embed] = message.embeds;
    expect(embed!.title).toBe('When was the KIA founded?');
    expect(embed!.description).toContain('established in **1961** to represent');
    expect(embed!.footer?.text).toBe('India Myanmar Rare Earths › Why Myanmar Matters');
    expect(embed!.fields?.[0]?.name).toBe('Related');
    expect(message.content).toBeUndefined();
    expect(message.flags).toBeUndefined();
    expectWithinDiscordLimits(message);
  });

  it('bolds the answering part of a timeline entry and of a definition, once', async () => {
    const when = renderReply(await run('ask', { question: 'when did the KIA start collecting samples' })).embeds[0]!
      .description!;
    expect(when).toBe('**August 2025**: KIA begins collecting rare earth samples for India.');
    const who = renderReply(await run('ask', { question: 'who is the KIA' })).embeds[0]!.description!;
    expect(who.match(/\*\*/g)).toHaveLength(2);
    expect(who).toContain('the **Kachin Independence Army**, a powerful rebel group');
  });

  it('shows the closest passage when the report is silent, and bolds nothing', async () => {
    const reply = await run('ask', { question: 'When was IREL founded?' });
    const description = renderReply(reply).embeds[0]!.description!;
    expect(reply.emphasis).toBeUndefined();
    expect(description).toBe(
      "The report doesn't say. The closest it comes: “The KIA, established in 1961 to represent the interests of the Kachin ethnic group, has long controlled these mineral-rich territories.”",
    );
  });

  it('addresses the answer and lets only that user be pinged', async () => {
    const message = renderReply(
      await run('ask', {
        question: 'What is the US market share?',
        mention: { id: '123456789012345678', name: 'sam' },
      }),
    );
    expect(message.content).toBe('Answer for <@123456789012345678>');
    expectWithinDiscordLimits(message, ['123456789012345678']);
  });

  it('marks hidden replies ephemeral', async () => {
    expect(renderReply(await run('benefits', { hide: true })).flags).toBe(MessageFlags.Ephemeral);
  });

  it('shows tables as aligned text in a code block, since Discord has no Markdown tables', async () => {
    const message = renderReply(await run('compare', { country: 'China', other: 'India' }));
    const description = message.embeds[0]!.description!;
    expect(description.startsWith('```\n')).toBe(true);
    expect(description).toContain('Control Over Rare Earths │ High');
    expect(description).not.toContain('|---|');
  });

  it('cuts overlong text on a word, with an ellipsis, and keeps every limit', () => {
    const word = 'supercalifragilistic ';
    const message = renderReply({
      title: word.repeat(30),
      text: word.repeat(400),
      fields: Array.from({ length: 40 }, (_, i) => ({ name: `${i} ${word.repeat(20)}`, value: word.repeat(80) })),
      source: word.repeat(200),
    });
    const embed = message.embeds[0]!;
    expect(embed.title!.endsWith('…')).toBe(true);
    expect(
      embed
        .title!.slice(0, -1)
        .trim()
        .split(' ')
        .every((w) => w === 'supercalifragilistic'),
    ).toBe(true);
    expectWithinDiscordLimits(message);
  });

  it('keeps user backticks from breaking out of a code block', () => {
    const message = renderReply({ table: { columns: ['a', 'b'], rows: [['```@everyone', 'x']] } });
    expect(message.embeds[0]!.description!.match(/```/g)).toHaveLength(2);
  });

  it('adds page buttons only the asker can use, until they expire', () => {
    const message = renderReply(
      { text: 'page one', pager: { command: 'section', key: '3', page: 1, total: 3 } },
      { pagerOwner: '42', pagerExpiresAt: 1_800_000_000_000 },
    );
    const [prev, next] = message.components[0]!.components as Array<{ custom_id: string; disabled: boolean }>;
    expect(prev!.disabled).toBe(true);
    expect(next!.disabled).toBe(false);
    expect(decodePager(next!.custom_id)).toEqual({
      command: 'section',
      key: '3',
      page: 2,
      owner: '42',
      expiresAt: 1_800_000_000_000,
    });
    expect(decodePager('something|else')).toBeUndefined();
    expect(
      encodePager({ command: 'section', key: 'k'.repeat(200), page: 1, owner: '1', expiresAt: 0 }).length,
    ).toBeLessThanOrEqual(100);
  });
});

describe('a follow-up', () => {
  it('says what it followed in italics, with the earlier question’s Markdown shown as typed', () => {
    const rendered = renderReply({ text: 'USA: Market Share 10%.', followingUp: 'What is **China**’s share' });
    expect(rendered.embeds[0]?.description).toBe(
      'USA: Market Share 10%.\n*Following up on “What is \\*\\*China\\*\\*’s share”*',
    );
  });
});
