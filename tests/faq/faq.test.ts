import { describe, expect, it } from 'vitest';
import { renderReply } from '../../src/adapters/discord/render.ts';
import { replyToChat } from '../../src/bot/chat.ts';
import { CURATED_SOURCE } from '../../src/faq/reply.ts';
import { renderText } from '../../src/reply/renderText.ts';
import { expectWithinDiscordLimits } from '../discordLimits.ts';
import { commands, run } from '../helpers.ts';
import { ADMIN, useFaq } from './helpers.ts';

const setup = useFaq();
const KIA = 'When was the KIA founded? | What year was the Kachin Independence Army established?';
const KIA_ANSWER = 'In 1961, says our pinned explainer.';

async function curate(ctx: ReturnType<ReturnType<typeof setup>['ctx']>, question = KIA, answer = KIA_ANSWER) {
  return run('faq', { subcommand: 'add', question, answer }, { ...ctx, ...ADMIN });
}

describe('a curated answer wins over the report', () => {
  it('for its own phrasings and their typos, in /ask, the context menu and chat', async () => {
    const { ctx } = setup();
    const added = await curate(ctx());
    expect(added.title).toMatch(/^Curated answer #\d+ added$/);

    for (const question of ['When was the KIA founded?', 'wen was teh kia fonded', 'what year was KIA established']) {
      const reply = await run('ask', { question }, ctx());
      expect(reply, question).toMatchObject({
        text: KIA_ANSWER,
        source: CURATED_SOURCE,
        answered: true,
        tone: 'answer',
      });
      expect(renderReply(reply).embeds[0]?.footer?.text).toBe("Curated by this server's admins");
    }
    const menu = await run(
      'Ask the report',
      { content: 'wen was teh kia fonded', author: { id: '1', name: 'x' } },
      ctx(),
    );
    expect(menu).toMatchObject({ text: KIA_ANSWER, source: CURATED_SOURCE });
    // Chat the bot merely overhears gets a reply only when it is "answered": a curated answer is.
    const chat = await replyToChat({ content: 'when was the KIA founded?', addressed: false }, commands, ctx());
    expect(chat).toMatchObject({ text: KIA_ANSWER, answered: true });
  });

  it('but not for near-misses: the report answers those as before', async () => {
    const { ctx } = setup();
    await curate(ctx());
    for (const question of [
      'Who does the KIA represent?',
      'When was the virtual meeting with the KIA?',
      'What is the KIA?',
    ]) {
      const withCuration = await run('ask', { question }, ctx());
      const without = await run('ask', { question });
      expect(withCuration.source, question).not.toBe(CURATED_SOURCE);
      expect(withCuration).toEqual(without);
    }
  });

  it("in its own server only: another server's members get the report's answer", async () => {
    const { ctx } = setup();
    await curate(ctx({ guildId: 'server-a' }));
    const mine = await run('ask', { question: 'When was the KIA founded?' }, ctx({ guildId: 'server-a' }));
    const theirs = await run('ask', { question: 'When was the KIA founded?' }, ctx({ guildId: 'server-b' }));
    const dm = await run('ask', { question: 'When was the KIA founded?' }, ctx({ guildId: undefined }));
    expect(mine.source).toBe(CURATED_SOURCE);
    expect(theirs.source).not.toBe(CURATED_SOURCE);
    expect(theirs.text).toContain('1961');
    expect(dm.source).not.toBe(CURATED_SOURCE);
  });

  it('keeps the mention and hide options, and pings only the member it is addressed to', async () => {
    const { ctx } = setup();
    await curate(
      ctx(),
      'What are the server rules?',
      '@everyone read <@&123456789012345678> and <@222222222222222222>',
    );
    const member = { id: '333333333333333333', name: 'Ana' };
    const reply = await run('ask', { question: 'what are the server rules', mention: member, hide: true }, ctx());
    expect(reply).toMatchObject({ source: CURATED_SOURCE, mention: member, ephemeral: true });
    expectWithinDiscordLimits(renderReply(reply), [member.id]);
  });

  it('after /faq edit and /faq remove, at once', async () => {
    const { ctx } = setup();
    const id = Number(/#(\d+)/.exec((await curate(ctx())).title ?? '')?.[1]);
    await run('faq', { subcommand: 'edit', id, answer: 'Founded in 1961.' }, ctx(ADMIN));
    expect((await run('ask', { question: 'When was the KIA founded?' }, ctx())).text).toBe('Founded in 1961.');
    await run('faq', { subcommand: 'remove', id }, ctx(ADMIN));
    expect((await run('ask', { question: 'When was the KIA founded?' }, ctx())).source).not.toBe(CURATED_SOURCE);
  });
});

describe('/faq', () => {
  it('needs Manage Server and a server', async () => {
    const { ctx } = setup();
    const add = { subcommand: 'add', question: KIA, answer: KIA_ANSWER };
    expect((await run('faq', add, ctx({ canManageGuild: false }))).text).toBe(
      '/faq needs the Manage Server permission.',
    );
    expect((await run('faq', { subcommand: 'list' }, ctx({ canManageGuild: false }))).text).toContain('Manage Server');
    expect((await run('faq', { subcommand: 'list' }, ctx({ ...ADMIN, guildId: undefined }))).text).toContain(
      'only works in a server',
    );
  });

  it.each([
    ['', 'Give the question members ask'],
    [' | ', 'Give the question members ask'],
    ['Where are the rules? || Rules?', 'Phrasing 2 of 3 is empty'],
    ['Where are the rules? |', 'Phrasing 2 of 2 is empty'],
    ['a1? | b2? | c3? | d4? | e5? | f6?', 'Up to 5 phrasings, separated by |; that has 6.'],
    ['Where are the rules? | where are the rules', 'is given twice'],
    [`${'Why '.repeat(60)}?`, 'a phrasing is a question of at most 200'],
    ['?? | !', 'is too short to be a question'],
  ])('refuses the question %j with a clear message', async (question, message) => {
    const { ctx } = setup();
    const reply = await curate(ctx(), question, 'An answer.');
    expect(reply).toMatchObject({ tone: 'notice', ephemeral: true });
    expect(reply.text).toContain(message);
    expect((await run('faq', { subcommand: 'list' }, ctx(ADMIN))).text).toContain('no curated answers yet');
  });

  it('refuses an empty answer, and one over 1,000 characters saying how long it is', async () => {
    const { ctx } = setup();
    expect((await curate(ctx(), 'Where are the rules?', '   ')).text).toBe('Give the answer members should get.');
    const long = await curate(ctx(), 'Where are the rules?', 'x'.repeat(6000));
    expect(long.text).toBe(
      'That answer is 6,000 characters; a curated answer is at most 1,000. Shorten it, or link to a longer page.',
    );
    expect((await curate(ctx(), 'Where are the rules?', 'x'.repeat(1000))).title).toMatch(/added$/);
  });

  it('refuses a phrasing already curated, worded the same or close enough to be answered by it', async () => {
    const { ctx } = setup();
    await curate(ctx());
    const same = await curate(ctx(), 'Rules? | when was the KIA founded', 'Another answer.');
    expect(same.text).toMatch(
      /^“when was the KIA founded” is already curated as #\d+\. Change that one with \/faq edit id:\d+\.$/,
    );
    const close = await curate(ctx(), 'wen was teh kia fonded?', 'Another answer.');
    expect(close.text).toMatch(/would already be answered by #\d+ \(“When was the KIA founded\?”\)/);
    // Another server may curate the very same question.
    expect((await curate(ctx({ guildId: 'elsewhere' }))).title).toMatch(/added$/);
  });

  it('edit and remove refuse an unknown id and an id from another server, changing nothing', async () => {
    const { ctx, store } = setup();
    await curate(ctx({ guildId: 'other' }));
    const [theirs] = await store.listCurated('other');
    for (const id of [theirs!.id, 999, 0, -3, 2 ** 40]) {
      const edit = await run('faq', { subcommand: 'edit', id, answer: 'hijacked' }, ctx(ADMIN));
      const remove = await run('faq', { subcommand: 'remove', id }, ctx(ADMIN));
      expect(edit.text).toBe(`This server has no curated answer #${id}. /faq list shows them.`);
      expect(remove.text).toBe(edit.text);
    }
    expect(await store.listCurated('other')).toEqual([theirs]);
    const nothing = await run('faq', { subcommand: 'edit', id: theirs!.id }, ctx(ADMIN));
    expect(nothing.text).toContain('Give a new question, a new answer, or both');
  });

  it('edit may reuse its own phrasings, and checks new ones as add does', async () => {
    const { ctx } = setup();
    await curate(ctx());
    const rules = await curate(ctx(), 'Where are the rules?', 'In #rules.');
    const id = Number(/#(\d+)/.exec(rules.title ?? '')?.[1]);
    const same = await run(
      'faq',
      { subcommand: 'edit', id, question: 'Where are the rules? | What are the rules?' },
      ctx(ADMIN),
    );
    expect(same.title).toBe(`Curated answer #${id} changed`);
    const clash = await run('faq', { subcommand: 'edit', id, question: 'When was the KIA founded?' }, ctx(ADMIN));
    expect(clash.text).toMatch(/already curated as #\d+/);
  });

  it('lists the curated answers ten to a page, within Discord limits', async () => {
    const { ctx } = setup();
    for (let i = 1; i <= 12; i++)
      await curate(ctx(), `What is rule number ${i} about?`, `Rule ${i}: ${'be kind. '.repeat(100)}`);
    const first = await run('faq', { subcommand: 'list' }, ctx(ADMIN));
    expect(first.title).toBe('Curated answers (12)');
    expect(first.fields).toHaveLength(10);
    expect(first.text).toBe('Page 1 of 2: /faq list page:2 for more.');
    const second = await run('faq', { subcommand: 'list', page: 2 }, ctx(ADMIN));
    expect(second.fields?.map((f) => f.name)).toEqual([
      expect.stringMatching(/^#\d+ · What is rule number 11 about\?$/),
      expect.stringMatching(/^#\d+ · What is rule number 12 about\?$/),
    ]);
    expectWithinDiscordLimits(renderReply(first));
    expectWithinDiscordLimits(renderReply(second));
  });

  it('says so where no store is wired (the console without a database)', async () => {
    const reply = await run('faq', { subcommand: 'list' }, { ...(await import('../helpers.ts')).context(), ...ADMIN });
    expect(reply.text).toBe('Curated answers are not available here.');
  });
});

describe('hostile curated answers', () => {
  const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
  it.each([
    ['@everyone', '@everyone @here <@&123456789012345678> <@123456789012345678> come read this'],
    ['Markdown', '# Big\n**bold** __u__ ~~s~~ ```js\nunclosed [link](https://x.y) > quote'],
    ['an RTL override', 'Read \u202etxet desrever\u202c the \u2066rules\u2069'],
    ['1,000 characters of emoji', '👩‍👩‍👧‍👦'.repeat(90).slice(0, 1000)],
  ])('with %s stay within Discord limits and ping nobody, in the answer and in /faq list', async (_, answer) => {
    const { ctx } = setup();
    const added = await curate(ctx(), `Where are the \u202erules\u202c? | @everyone what now?`, answer);
    expect(added.title, added.text).toMatch(/added$/);
    for (const reply of [
      added,
      await run('ask', { question: 'where are the rules?' }, ctx()),
      await run('faq', { subcommand: 'list' }, ctx(ADMIN)),
    ]) {
      expectWithinDiscordLimits(renderReply(reply));
      expect(renderText(reply)).not.toMatch(BIDI);
    }
    expect((await run('ask', { question: 'where are the rules?' }, ctx())).source).toBe(CURATED_SOURCE);
  });
});

describe('the service cache', () => {
  it("sees another process's /faq add once its cache time has passed, and not before", async () => {
    const { store } = setup();
    const { createFaqService } = await import('../../src/faq/service.ts');
    const { sharedFaqModel } = await import('../../src/faq/threshold.ts');
    const { context } = await import('../helpers.ts');
    let now = Date.parse('2026-12-01T10:00:00Z');
    const faq = createFaqService({ store, settings: sharedFaqModel(), now: () => new Date(now), cacheMs: 15_000 });
    const ctx = context({ services: { faq } });
    expect((await run('ask', { question: 'When was the KIA founded?' }, ctx)).source).not.toBe(CURATED_SOURCE);
    // Another process curates it, straight into the shared store.
    await store.addCurated('2000', ['When was the KIA founded?'], KIA_ANSWER, new Date(now));
    now += 14_000;
    expect((await run('ask', { question: 'When was the KIA founded?' }, ctx)).source).not.toBe(CURATED_SOURCE);
    now += 2_000;
    expect((await run('ask', { question: 'When was the KIA founded?' }, ctx)).text).toBe(KIA_ANSWER);
  });
});

describe('two /faq add of one phrasing at once', () => {
  it('in one process: one is added, the other is told it is curated already', async () => {
    const { store, ctx } = setup();
    const replies = await Promise.all(
      ['When was the KIA founded?', 'when was the KIA founded', 'When was the KIA founded?'].map((q) =>
        curate(ctx(), q, KIA_ANSWER),
      ),
    );
    expect(replies.filter((r) => r.title?.endsWith(' added'))).toHaveLength(1);
    for (const refused of replies.filter((r) => !r.title)) expect(refused.text).toMatch(/is already curated as #\d+/);
    expect(await store.listCurated('2000')).toHaveLength(1);
  });

  it("in two processes: the second checks the store, not its cache, so it sees the first's moments ago", async () => {
    const { store, ctx } = setup();
    const { createFaqService } = await import('../../src/faq/service.ts');
    const { sharedFaqModel } = await import('../../src/faq/threshold.ts');
    const { context } = await import('../helpers.ts');
    const other = createFaqService({ store, settings: sharedFaqModel(), now: () => new Date(), cacheMs: 60_000 });
    const otherCtx = context({ services: { faq: other } });
    // The other process has just read the guild's (empty) curation, and keeps it for a minute.
    expect((await run('ask', { question: 'When was the KIA founded?' }, otherCtx)).source).not.toBe(CURATED_SOURCE);
    expect((await curate(ctx())).title).toMatch(/ added$/);
    const second = await curate(otherCtx);
    expect(second.text).toMatch(/is already curated as #\d+/);
    expect(await store.listCurated('2000')).toHaveLength(1);
  });
});

describe('the measured sets through /ask', () => {
  it('every paraphrase the matcher matches gets its curated answer from /ask, and every near-miss the report’s', async () => {
    const { ctx } = setup();
    const { FAQ_EVAL } = await import('../../src/faq/evalSets.ts');
    const { readJsonLines } = await import('../../src/faq/evaluate.ts');
    type Entry = { id: string; phrasings: string[]; answer: string };
    const entries = readJsonLines<Entry>(FAQ_EVAL.curated);
    for (const e of entries) {
      const added = await curate(ctx(), e.phrasings.join(' | '), e.answer);
      expect(added.title, added.text).toMatch(/added$/);
    }
    const cases = [FAQ_EVAL.tune, FAQ_EVAL.blind].flatMap((f) =>
      readJsonLines<{ q: string; expect: string | null }>(f),
    );
    let curatedRight = 0;
    for (const c of cases) {
      const reply = await run('ask', { question: c.q }, ctx());
      if (c.expect === null) {
        // A near-miss is answered by the report, exactly as in a server with no curation.
        expect(reply.source, c.q).not.toBe(CURATED_SOURCE);
        expect(reply).toEqual(await run('ask', { question: c.q }));
      } else if (reply.source === CURATED_SOURCE) {
        expect(reply.text, c.q).toBe(entries.find((e) => e.id === c.expect)!.answer);
        curatedRight++;
      }
    }
    // As many as npm run eval counts on both sets: /ask adds nothing to the matcher, and loses nothing.
    const { evaluateFaqSets } = await import('../../src/faq/evaluate.ts');
    const { sharedFaqModel } = await import('../../src/faq/threshold.ts');
    const { sharedWordVectors } = await import('../../src/semantic/wordVectors.ts');
    const measured = evaluateFaqSets(
      ctx().engine.kb,
      { curated: FAQ_EVAL.curated, parts: { tune: FAQ_EVAL.tune, blind: FAQ_EVAL.blind } },
      sharedFaqModel(),
      sharedWordVectors(),
    );
    expect(curatedRight).toBe(measured.reduce((n, r) => n + r.scores.paraphrasesMatched, 0));
    expect(curatedRight).toBeGreaterThan(40);
  });
});
