/** The context-menu decision both Discord paths (gateway and HTTP) share, on the real commands. */
import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { planContextMenu } from '../../../src/adapters/discord/interactionPlan.ts';

const author = { id: '1', name: 'alice' };

describe('planContextMenu', () => {
  it('runs Ask the report on the message text, with its author', () => {
    const plan = planContextMenu(commands, 'Ask the report', { content: 'When was the KIA founded?', author });
    expect(plan.kind === 'run' && { name: plan.command.name, args: plan.args, hide: plan.hide }).toEqual({
      name: 'Ask the report',
      args: { content: 'When was the KIA founded?', author },
      hide: false,
    });
  });

  it('refuses, privately, a message with no text, a missing message and an unknown command', () => {
    for (const [name, target] of [
      ['Ask the report', { content: ' \n\t ', author }],
      ['Ask the report', undefined],
    ] as const) {
      expect(planContextMenu(commands, name, target)).toEqual({
        kind: 'notice',
        reply: { text: 'That message has no text for me to answer.', tone: 'notice', ephemeral: true },
      });
    }
    expect(planContextMenu(commands, 'ask', { content: 'hi?', author })).toEqual({
      kind: 'notice',
      reply: { text: "I don't know that command.", tone: 'notice', ephemeral: true },
    });
  });
});
