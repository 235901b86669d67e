import { describe, expect, it, vi } from 'vitest';
import { createLiveEngine } from '../../src/answer/liveEngine.ts';
import { Conversations } from '../../src/conversation/conversations.ts';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledge.ts';
import { KnowledgeReloader } from '../../src/reload/reloader.ts';
import type { Harness } from './harness.ts';
import { EPHEMERAL, embedOf, messageBody, replyOf, useHarness, waitForReplyTo } from './harness.ts';

const start = useHarness();
const FOLLOWING = "*Following up on “What is China's market share”*";

describe('follow-up questions over Discord', () => {
  it('a member’s /ask "and the USA?" is read against their last answer, and says so', async () => {
    const { fake } = await start({ services: { conversations: new Conversations() } });
    await replyOf(fake.interaction.chatInput('ask', { question: "What is China's market share?" }));

    const usa = embedOf(await replyOf(fake.interaction.chatInput('ask', { question: 'and the USA?' })));
    expect(usa.title).toBe("USA's market share");
    expect(usa.description).toBe(`USA: Market Share **10**%.\n${FOLLOWING}`);

    // Another member's follow-up has nothing to follow.
    const bob = fake.addUser({ username: 'bob' });
    const alone = embedOf(
      await replyOf(fake.interaction.chatInput('ask', { question: 'and the USA?' }, { user: bob })),
    );
    expect(alone.description ?? '').not.toContain('Following up');
    fake.assertNoViolations();
  });

  it('a mention follows up in the same channel and pings nobody', async () => {
    const h = await start({
      services: { conversations: new Conversations() },
      env: () => ({ ASK_COOLDOWN_SECONDS: '0' }),
    });
    const { fake } = h;
    const ask = (content: string) => fake.messageCreate({ content: `<@${fake.botUser.id}> ${content}` });
    const first = ask("What is China's market share?");
    await waitForReplyTo(h, first.id);
    const next = ask('and Japan?');
    const reply = messageBody(await waitForReplyTo(h, next.id));
    expect(embedOf(reply).description).toBe(`Japan: market share not given in the report.
${FOLLOWING}`);
    expect(reply.allowed_mentions?.parse).toEqual([]);
    fake.assertNoViolations();
  });
});

describe('/reload over Discord', () => {
  async function reloading(): Promise<Harness> {
    const engine = createLiveEngine(loadKnowledgeBase());
    const reloader = new KnowledgeReloader({
      dir: 'knowledge',
      engine,
      load: () => loadKnowledgeBase(),
      logger: { info: () => undefined, error: () => undefined },
    });
    const h = await start({ engine, services: { knowledge: { reload: () => reloader.reload() } } });
    // The owner is read from Discord once the bot is ready.
    await vi.waitFor(() => expect(h.fake.requests.some((r) => r.path === '/applications/@me')).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    return h;
  }

  it('reloads for the application’s owner, privately, and says what changed', async () => {
    const { fake } = await reloading();
    const data = await replyOf(fake.interaction.chatInput('reload'));
    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).title).toBe('Knowledge reloaded');
    expect(embedOf(data).description).toMatch(/^No report changed; 52 passages, in \d+ ms\.$/);
    fake.assertNoViolations();
  });

  it('refuses anyone else', async () => {
    const { fake } = await reloading();
    const bob = fake.addUser({ username: 'bob' });
    const data = await replyOf(fake.interaction.chatInput('reload', {}, { user: bob }));
    expect(data.flags).toBe(EPHEMERAL);
    expect(embedOf(data).description ?? data.content).toBe("/reload is for the bot's owner only.");
  });
});
