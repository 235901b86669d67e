import { describe, expect, it } from 'vitest';
import { commandNamed } from '../../commands/index.ts';
import { PAGE_SIZE } from '../../commands/section.ts';
import { builderFor } from '../../src/adapters/discord/builders.ts';
import { renderReply } from '../../src/adapters/discord/render.ts';
import { paginate } from '../../src/text/paginate.ts';
import { expectWithinDiscordLimits } from '../discordLimits.ts';
import { commands, context, run } from '../helpers.ts';

const complete = (name: string, option: string, typed: string) => {
  const command = commandNamed(name)!;
  if (command.kind === 'message' || !command.autocomplete) throw new Error(`${name} has no autocomplete`);
  return command.autocomplete(option, typed, context());
};

describe('/ask', () => {
  it('answers with the fact, its source and related passages', async () => {
    const reply = await run('ask', { question: 'When was the KIA founded?' });
    expect(reply.text).toContain('established in 1961');
    expect(reply.source).toBe('India Myanmar Rare Earths › Why Myanmar Matters');
    expect(reply.related?.length).toBeGreaterThan(0);
    expect(reply.ephemeral).toBeUndefined();
  });

  it('says the report does not cover a question, with at most 3 suggestions', async () => {
    const reply = await run('ask', { question: 'Who won the 2022 World Cup?' });
    expect(reply.title).toBe('Not in the report');
    expect(reply.text).toBe("The report doesn't cover that.");
    expect(reply.suggestions!.length).toBeGreaterThan(0);
    expect(reply.suggestions!.length).toBeLessThanOrEqual(3);
  });

  it('titles the answer with the question as typed, less any bidi controls', async () => {
    const reply = await run('ask', { question: 'When was the \u202eKIA\u2066 founded?\u200f' });
    expect(reply.title).toBe('When was the KIA founded?');
  });

  it('addresses the answer to a member and hides it on request', async () => {
    const reply = await run('ask', {
      question: 'What is Japan’s strategic risk level?',
      hide: true,
      mention: { id: '42', name: 'sam' },
    });
    expect(reply.mention).toEqual({ id: '42', name: 'sam' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toBe('Japan: Strategic Risk Level Low.');
  });
});

describe('/timeline', () => {
  it('lists every entry in date order', async () => {
    const reply = await run('timeline');
    expect(reply.fields?.map((f) => f.name)).toEqual(['July 2025', 'August 2025', 'September 2025']);
  });

  it('filters by month or year, including "Sept 2025"', async () => {
    expect((await run('timeline', { when: 'Sept 2025' })).fields).toEqual([
      { name: 'September 2025', value: 'Reports emerge of India’s strategic engagement with Myanmar rebels' },
    ]);
    expect((await run('timeline', { when: 'august' })).fields?.map((f) => f.name)).toEqual(['August 2025']);
    expect((await run('timeline', { when: '2025' })).fields).toHaveLength(3);
  });

  it('matches words of an event, not stray letters', async () => {
    expect((await run('timeline', { when: 'meeting' })).fields?.map((f) => f.name)).toEqual(['July 2025']);
    for (const when of ['e', 'a', "'", 'eet'])
      expect((await run('timeline', { when })).title).toBe('No timeline entry found');
  });

  it('says clearly when nothing matches', async () => {
    const reply = await run('timeline', { when: '1999' });
    expect(reply.title).toBe('No timeline entry found');
    expect(reply.text).toContain('runs from July 2025 to September 2025');
  });

  it.each([
    ['13/2025', '"13/2025" is not a date: there is no month 13.'],
    ['2025-13', '"2025-13" is not a date: there is no month 13.'],
    ['0/2025', '"0/2025" is not a date: there is no month 0.'],
    ['31 February 2025', '"31 February 2025" is not a date: February 2025 has 28 days.'],
    ['September 31, 2025', '"September 31, 2025" is not a date: September 2025 has 30 days.'],
    ['32/13/2025', '"32/13/2025" is not a date: no day and month fit.'],
    ['03/09/2025', '"03/09/2025" could be 3 September 2025 or 9 March 2025.'],
  ])('refuses the impossible or ambiguous date %j instead of listing the whole year', async (when, problem) => {
    const reply = await run('timeline', { when });
    expect(reply.title).toBe('Not a date I can read');
    expect(reply.text).toBe(`${problem} Write a month and year, e.g. "September 2025" or "2025-09".`);
    expect(reply.fields).toBeUndefined();
  });

  it('reads a month written in digits', async () => {
    for (const when of ['9/2025', '09-2025', '2025/9', '2025-09'])
      expect(
        (await run('timeline', { when })).fields?.map((f) => f.name),
        when,
      ).toEqual(['September 2025']);
    expect((await run('timeline', { when: '29/2/2024' })).title).toBe('No timeline entry found');
  });

  it('strips bidi controls from the date it echoes in the title', async () => {
    expect((await run('timeline', { when: '\u202eSept 2025\u202c' })).title).toBe('Timeline: Sept 2025');
  });

  it('autocompletes years and months', () => {
    expect(complete('timeline', 'when', 'sep')[0]).toEqual({
      name: 'September 2025: Reports emerge of India’s strategic engagement with Myanmar rebels',
      value: 'September 2025',
    });
    expect(complete('timeline', 'when', '').map((c) => c.value)).toEqual([
      '2025',
      'July 2025',
      'August 2025',
      'September 2025',
    ]);
  });
});

describe('/compare', () => {
  it('shows everything the tables say about one country', async () => {
    const reply = await run('compare', { country: 'Japan' });
    expect(reply.title).toBe('Japan');
    expect(reply.fields).toEqual([
      { name: 'Control Over Rare Earths', value: 'Low', inline: true },
      { name: 'Processing Capability', value: 'Advanced', inline: true },
      { name: 'Strategic Risk Level', value: 'Low', inline: true },
    ]);
  });

  it('merges a country’s rows from both tables and accepts aliases', async () => {
    const reply = await run('compare', { country: 'america' });
    expect(reply.title).toBe('USA');
    expect(reply.fields?.map((f) => `${f.name}=${f.value}`)).toContain('Market Share (%)=10');
    expect(reply.fields?.map((f) => `${f.name}=${f.value}`)).toContain('Processing Capability=Developing');
  });

  it('puts two countries side by side', async () => {
    const reply = await run('compare', { country: 'China', other: 'India' });
    expect(reply.title).toBe('China vs India');
    expect(reply.table?.rows[0]).toEqual(['Control Over Rare Earths', 'High', 'Low']);
    expect(reply.table?.rows.find((r) => r[0] === 'Market Share (%)')).toEqual(['Market Share (%)', '85', '2']);
  });

  it('reads "KIA" as Myanmar’s row', async () => {
    expect((await run('compare', { country: 'KIA' })).title).toBe('Myanmar (KIA)');
  });

  it('offers near names for a country it does not have', async () => {
    const reply = await run('compare', { country: 'Japn other' });
    expect(reply.title).toBe('Country not found');
    expect(reply.text).toContain('China, India, Myanmar, Japan, USA, Australia');
  });

  it('asks for a country when given only spaces, rather than looking up ""', async () => {
    const reply = await run('compare', { country: '   ' });
    expect(reply.title).toBe('Missing country');
    expect(reply.text).toBe("Name a country. The report's tables cover: China, India, Myanmar, Japan, USA, Australia.");
  });

  it('quotes an unknown country clipped and without bidi controls', async () => {
    const reply = await run('compare', { country: `\u202e${'Atlantis '.repeat(11)}` });
    expect(reply.text).toMatch(
      /^The report's tables have no row for "Atlantis (Atlantis ){6,}Atlantis…"\. They cover:/,
    );
  });

  it('autocompletes in tiers: exact, then prefix, then fuzzy', () => {
    expect(complete('compare', 'country', 'usa')[0]?.value).toBe('USA');
    expect(complete('compare', 'country', 'ja')[0]?.value).toBe('Japan');
    expect(complete('compare', 'country', 'myanmr')[0]?.value).toBe('Myanmar');
    expect(complete('compare', 'country', '').length).toBe(6);
  });
});

describe('/market', () => {
  it('shows the whole market table', async () => {
    const reply = await run('market');
    expect(reply.title).toBe('Global Rare Earth Market Outlook');
    expect(reply.table?.columns).toEqual(['Region', 'Market Share (%)', 'Key Players', 'Future Trends']);
    expect(reply.table?.rows.map((r) => r[0])).toEqual(['China', 'USA', 'India', 'Australia', 'Myanmar']);
  });

  it('shows one row', async () => {
    const reply = await run('market', { country: 'Australia' });
    expect(reply.fields?.map((f) => f.value)).toEqual(['3', 'Lynas Corporation', 'Expansion of mining operations']);
  });

  it('says when a country has no market row', async () => {
    expect((await run('market', { country: 'Japan' })).title).toBe('Not in the market table');
  });

  it('quotes an unknown market row without bidi controls', async () => {
    expect((await run('market', { country: '\u202bJapan\u202c' })).text).toMatch(/^"Japan" has no row in /);
  });

  it('autocompletes the market rows', () => {
    expect(complete('market', 'country', 'au')).toEqual([{ name: 'Australia', value: 'Australia' }]);
  });
});

describe('/benefits, /summary, /help', () => {
  it('lists the four strategic benefits', async () => {
    const reply = await run('benefits');
    expect(reply.fields?.map((f) => f.name)).toEqual([
      'Diversification of Supply',
      'Access to Heavy REEs',
      'Strengthening Regional Ties',
      'Boost to Domestic Manufacturing',
    ]);
  });

  it('summarises with findings, numbers and the timeline, and no disclaimer or advert', async () => {
    const reply = await run('summary');
    expect(reply.fields?.map((f) => f.name)).toEqual(['Key findings', 'Key numbers', 'Latest on the timeline']);
    const findings = reply.fields![0]!.value.split('\n');
    expect(findings.length).toBeGreaterThanOrEqual(3);
    expect(findings.length).toBeLessThanOrEqual(5);
    expect(reply.fields![1]!.value).toContain('China 85%');
    const all = JSON.stringify(reply);
    expect(all).not.toMatch(/publicly available reports|does not imply endorsement/);
    expect(all).not.toMatch(/hotel|Bjanka|ski/i);
  });

  it('lists every public command with an example', async () => {
    const reply = await run('help');
    const names = reply.fields!.map((f) => f.name);
    for (const c of commands.filter((c) => c.kind === 'slash' && !c.adminOnly && !c.ownerOnly))
      expect(names).toContain(`/${c.name}`);
    expect(names).toContain('Ask the report');
  });

  const admin = commands.filter((c) => c.kind !== 'message' && c.adminOnly).map((c) => `/${c.name}`);
  const helpNames = async (ctx: Parameters<typeof run>[2]) => (await run('help', {}, ctx)).fields!.map((f) => f.name);

  it('lists the admin commands, under their own heading, to a member with Manage Server in a server', async () => {
    expect(admin).toEqual(expect.arrayContaining(['/settings', '/faq', '/insights', '/daily']));
    const reply = await run('help', {}, context({ canManageGuild: true }));
    const names = reply.fields!.map((f) => f.name);
    const heading = names.indexOf('For server admins');
    expect(heading).toBeGreaterThan(names.indexOf('Example questions'));
    expect(names.slice(heading + 1, heading + 1 + admin.length).sort()).toEqual([...admin].sort());
    const faq = reply.fields!.find((f) => f.name === '/faq')!.value;
    expect(faq).toContain('`/faq add question:');
    expect(names).not.toContain('/reload');
    expectWithinDiscordLimits(renderReply(reply));
  });

  it('names the admin commands in one line to everyone else, and lists none of them', async () => {
    for (const ctx of [context(), context({ canManageGuild: true, guildId: undefined })]) {
      const reply = await run('help', {}, ctx);
      const names = reply.fields!.map((f) => f.name);
      for (const name of [...admin, '/reload', 'For server admins']) expect(names).not.toContain(name);
      expect(reply.fields!.find((f) => f.name === 'Server admins')?.value).toBe(
        'Members with the Manage Server permission also have /daily, /settings, /insights and /faq, in a server.',
      );
    }
  });

  it("lists /reload to the bot's owner only, beside the admin commands where they apply", async () => {
    const owner = await helpNames(context({ isOwner: true }));
    expect(owner.slice(-2)).toEqual(["For the bot's owner", '/reload']);
    expect(owner).toContain('Server admins');
    const both = await run('help', {}, context({ isOwner: true, canManageGuild: true }));
    const names = both.fields!.map((f) => f.name);
    for (const name of [...admin, '/reload']) expect(names).toContain(name);
    expect(names.length).toBeLessThanOrEqual(25);
    expectWithinDiscordLimits(renderReply(both));
  });
});

describe('/section', () => {
  it('shows a section by name, and offers near names otherwise', async () => {
    const reply = await run('section', { name: 'why myanmar matters' });
    expect(reply.title).toBe('Why Myanmar Matters');
    expect(reply.text).toMatch(/^Myanmar’s Kachin region is rich/);
    expect(reply.pager).toBeUndefined();
    const missing = await run('section', { name: 'sports results' });
    expect(missing.title).toBe('Section not found');
  });

  it('quotes a missing section name clipped to one line', async () => {
    const missing = await run('section', { name: `sports\n${'results '.repeat(20)}` });
    expect(missing.text).toMatch(/^No section is called "sports results (results ){5,}results…"\.$/);
  });

  it('accepts the index autocomplete sends', async () => {
    const choice = complete('section', 'name', 'road')[0]!;
    expect(choice.name).toBe('The Road Ahead');
    expect((await run('section', { name: choice.value })).title).toBe('The Road Ahead');
  });

  it('shows a section made of a table as its rows', async () => {
    const reply = await run('section', { name: 'Timeline of India’s Rare Earth Engagement with Myanmar' });
    expect(reply.text).toContain('• July 2025 — Virtual meeting held between Indian firms and KIA representatives');
  });

  it('pages long text on paragraph, sentence or word boundaries', () => {
    const paragraph = 'The quick brown fox jumps over the lazy dog. '.repeat(60).trim();
    const pages = paginate([paragraph, paragraph, paragraph].join('\n\n'), PAGE_SIZE);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(PAGE_SIZE);
      expect(page).toMatch(/(\.|…)$/);
    }
    const unbroken = paginate('word '.repeat(2000), 100);
    for (const page of unbroken.slice(0, -1)) expect(page).toMatch(/word…$/);
  });
});

describe('Ask the report (message context menu)', () => {
  it('answers the question in the message', async () => {
    const reply = await run('Ask the report', {
      content: 'which countries have advanced processing capability?',
      author: { id: '7', name: 'kim' },
    });
    expect(reply.text).toBe('Processing Capability Advanced: China, Japan.');
  });
});

describe('definitions', () => {
  it('builds a valid discord.js definition for every command, with option limits', () => {
    for (const c of commands) {
      const json = builderFor(c).toJSON();
      expect(json.name).toBe(c.name);
    }
    const ask = builderFor(commandNamed('ask')!).toJSON() as {
      options: Array<{ name: string; max_length?: number; required?: boolean }>;
    };
    expect(ask.options[0]).toMatchObject({ name: 'question', max_length: 1000, required: true });
    // /reload answers its owner privately whatever they choose, so it has nothing to hide.
    for (const c of commands.filter((c) => c.kind === 'slash' && !c.ownerOnly)) {
      const json = builderFor(c).toJSON() as { options?: Array<{ name: string }> };
      expect(json.options?.map((o) => o.name)).toContain('hide');
    }
  });
});
