import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { runLine } from '../../src/adapters/console/console.ts';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import { createLiveEngine } from '../../src/answer/liveEngine.ts';
import { Conversations } from '../../src/conversation/conversations.ts';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';
import { KnowledgeReloader } from '../../src/reload/reloader.ts';

const engine = createAnswerEngine();

describe('follow-ups through /ask and chat in the console', () => {
  it('reads "and Japan?" against the last answer and says what it assumed', async () => {
    const options = { engine, commands, services: { conversations: new Conversations() } };
    await runLine("What is China's market share?", options);
    const japan = await runLine('and Japan?', options);
    expect(japan).toBe(
      [
        'Not in the report',
        '─────────────────',
        'Japan: market share not given in the report.',
        "(following up on “What is China's market share”)",
      ].join('\n'),
    );
    const usa = await runLine('/ask question:and the USA?', options);
    expect(usa.split('\n').slice(0, 4)).toEqual([
      "USA's market share",
      '──────────────────',
      'USA: Market Share 10%.',
      "(following up on “What is China's market share”)",
    ]);
  });

  it("prints exactly docs/commands.md's follow-up exchange", async () => {
    const readme = readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8');
    const block = /### Follow-up questions[\s\S]*?```\n(report> [\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const lines = [...block!.matchAll(/^report> (.*)$/gm)].map((m) => m[1]!);
    expect(lines).toHaveLength(4);
    const options = { engine, commands, services: { conversations: new Conversations() } };
    const out: string[] = [];
    for (const line of lines) out.push(`report> ${line}`, await runLine(line, options));
    expect(`${out.join('\n')}\n`).toBe(block);
  });

  it('answers each question alone without a conversation service', async () => {
    const options = { engine, commands, services: {} };
    await runLine("What is China's market share?", options);
    expect(await runLine('and Japan?', options)).not.toContain('following up');
  });
});

describe('/reload', () => {
  const live = createLiveEngine(loadKnowledgeBase());
  const reloader = new KnowledgeReloader({
    dir: 'knowledge',
    engine: live,
    load: () => loadKnowledgeBase(),
    logger: { info: () => undefined, error: () => undefined },
  });
  const services = { knowledge: { reload: () => reloader.reload() } };

  it('reloads for the owner (the console user) and says what changed', async () => {
    const out = await runLine('/reload', { engine: live, commands, services });
    expect(out).toMatch(
      /^Knowledge reloaded\n─+\nNo report changed; 52 passages, in \d+ ms\.\n\(only you can see this\)$/,
    );
  });

  it('is refused to anyone but the owner', async () => {
    const reload = commands.find((c) => c.name === 'reload')!;
    const { execute } = await import('../../src/bot/execute.ts');
    const reply = await execute(
      reload,
      {},
      {
        engine: live,
        user: { id: '1', name: 'member' },
        guildId: 'g',
        canManageGuild: true,
        now: new Date(),
        services,
      },
    );
    expect(reply.text).toBe("/reload is for the bot's owner only.");
  });
});
