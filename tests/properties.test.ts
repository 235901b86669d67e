import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.ts';
import { parseLine } from '../src/adapters/console/parseLine.ts';
import { renderReply } from '../src/adapters/discord/render.ts';
import { optionsOf } from '../src/bot/command.ts';
import { Conversations } from '../src/conversation/conversations.ts';
import { CURATED_SOURCE } from '../src/faq/reply.ts';
import { createFaqService } from '../src/faq/service.ts';
import { sharedFaqModel } from '../src/faq/threshold.ts';
import { CSV_HEADER } from '../src/insights/report.ts';
import { createInsightsService } from '../src/insights/service.ts';
import { renderText } from '../src/reply/renderText.ts';
import { openSqliteStore } from '../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from './daily/helpers.ts';
import { expectWithinDiscordLimits } from './discordLimits.ts';
import { context, run } from './helpers.ts';
import { parseCsv } from './insights/parseCsv.ts';
import { seededRandom } from './seededRandom.ts';

const PIECES = [
  '@everyone',
  '@here',
  '<@&123456789012345678>',
  '<@123456789012345678>',
  '<#123456789012345678>',
  "'",
  '!',
  '^',
  '=',
  '|',
  '$',
  "'japan",
  '!china',
  '^india',
  '=usa$',
  'a | b',
  '**bold**',
  '__u__',
  '~~s~~',
  '`code`',
  '```block```',
  '> quote',
  '# heading',
  '[link](https://x.y)',
  '漢字',
  'ąčęėįšųūž',
  '🙂',
  '👩‍👩‍👧‍👦',
  '\u200b',
  '\u202e',
  'ﷺ',
  '\n',
  '\t',
  '  ',
  'When was the KIA founded?',
  'Japan',
  'China',
  'market share',
  'Sept 2025',
  'compare',
  'which countries',
  'x'.repeat(300),
  'supercalifragilisticexpialidocious',
];

const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

function hostile(random: () => number, max = 1000): string {
  let out = '';
  const parts = 1 + Math.floor(random() * 12);
  for (let i = 0; i < parts; i++) out += PIECES[Math.floor(random() * PIECES.length)]! + (random() < 0.5 ? ' ' : '');
  if (random() < 0.1) out = out.repeat(50);
  return out.slice(0, max);
}

describe('every reply stays within Discord’s limits and pings nobody, whatever is typed', () => {
  const random = seededRandom(20261124);
  const textCommands = commands.filter((c) => c.kind === 'slash');

  it('holds for 600 random and hostile inputs across every command and option', async () => {
    for (let i = 0; i < 600; i++) {
      const command = textCommands[i % textCommands.length]!;
      const args: Record<string, unknown> = {};
      for (const [name, spec] of Object.entries(optionsOf(command))) {
        if (spec.type === 'string' && (spec.required || random() < 0.7))
          args[name] = hostile(random, spec.maxLength ?? 1000);
        if (spec.type === 'boolean' && random() < 0.3) args[name] = random() < 0.5;
      }
      const mention = random() < 0.2 ? { id: '999999999999999999', name: hostile(random, 40) } : undefined;
      if (mention && 'mention' in optionsOf(command)) args.mention = mention;
      const reply = await run(command.name, args);
      const message = renderReply(reply, { pagerOwner: '1', pagerExpiresAt: 0 });
      expectWithinDiscordLimits(message, reply.mention ? [reply.mention.id] : []);
      expect(renderText(reply).trim()).not.toBe('');
      // "\u202e" is among the pieces: whatever a reply quotes back, it must not reorder the text around it.
      expect(renderText(reply)).not.toMatch(BIDI_CONTROL);
    }
  });

  it('reads hostile follow-ups against a real frame without throwing, pinging anyone or echoing bidi controls', async () => {
    // Each form is a follow-up once its subject is a name the report knows: every other case is one.
    const FORMS = ['and ', 'what about ', 'compare it with ', 'vs ', 'and its ', 'how about the '];
    const NAMES = ['Japan', 'the USA', 'Myanmar (KIA)', 'key players', 'Diversification of Supply'];
    const FRAMES = ["What is China's market share?", 'When was the KIA founded?', 'What did Amit Kumar say?'];
    let followed = 0;
    for (let i = 0; i < 300; i++) {
      const ctx = context({ services: { conversations: new Conversations() }, conversation: `member-${i}` });
      await run('ask', { question: FRAMES[i % FRAMES.length] }, ctx);
      const subject = i % 2 === 0 ? NAMES[i % NAMES.length]! : hostile(random, 120);
      const question = `${FORMS[i % FORMS.length]}${subject}${i % 3 === 0 ? hostile(random, 20) : '?'}`;
      const reply = await run('ask', { question }, ctx);
      if (reply.followingUp) followed++;
      expectWithinDiscordLimits(renderReply(reply, { pagerOwner: '1', pagerExpiresAt: 0 }));
      expect(renderText(reply)).not.toMatch(BIDI_CONTROL);
      expect(renderText(reply).trim()).not.toBe('');
    }
    // Guards the checks above against passing because no question was read as a follow-up.
    expect(followed).toBeGreaterThan(50);
  });

  it('answers 1,000-character and unicode questions through the context menu', async () => {
    for (let i = 0; i < 100; i++) {
      const reply = await run('Ask the report', { content: hostile(random, 4000), author: { id: '1', name: 'x' } });
      expectWithinDiscordLimits(renderReply(reply));
    }
  });

  it('/insights over 300 hostile questions and 👎 comments stays within limits, pings nobody, and its CSV parses', async () => {
    const dir = makeTempDir();
    const store = openSqliteStore({ dataDir: dir });
    try {
      const insights = createInsightsService({ store, retentionDays: 90 });
      const ctx = context({ canManageGuild: true, services: { insights } });
      let recorded = 0;
      for (let i = 0; i < 300; i++) {
        const reply =
          i % 3 === 0
            ? await run('Ask the report', { content: hostile(random, 4000), author: { id: '1', name: 'x' } }, ctx)
            : await run('ask', { question: hostile(random, 1000) }, ctx);
        if (reply.feedback) {
          await insights.vote(reply.feedback.record, '2000', `member-${i % 7}`, 'down', ctx.now);
          await insights.comment(reply.feedback.record, '2000', `member-${i % 7}`, hostile(random, 400), ctx.now);
        }
        recorded += reply.feedback || reply.answered === false ? 1 : 0;
      }
      const reply = await run('insights', { period: '30' }, ctx);
      expectWithinDiscordLimits(renderReply(reply));
      expect(renderText(reply)).not.toMatch(BIDI_CONTROL);
      const rows = parseCsv(reply.attachment?.content ?? '');
      expect(rows.length - 1).toBeGreaterThan(100);
      expect(rows.length - 1).toBeLessThanOrEqual(recorded);
      expect(rows.every((r) => r.length === CSV_HEADER.length)).toBe(true);
    } finally {
      await store.close();
      removeDir(dir);
    }
  });

  it('holds for /faq: hostile phrasings and answers curated, listed, edited, and given to hostile questions', async () => {
    const dir = makeTempDir();
    const store = openSqliteStore({ dataDir: dir });
    try {
      const faq = createFaqService({ store, settings: sharedFaqModel(), now: () => new Date() });
      const admin = context({ canManageGuild: true, services: { faq } });
      const member = context({ services: { faq } });
      let curated = 0;
      let given = 0;
      for (let i = 0; i < 150; i++) {
        // Some answers are far over the limit (6,000 characters) and must be refused, not clipped into the store.
        const answer = random() < 0.2 ? hostile(random, 6000).padEnd(6000, 'x') : hostile(random, 1000);
        const question = Array.from({ length: 1 + Math.floor(random() * 6) }, () => hostile(random, 150)).join('|');
        const subcommand = (['add', 'add', 'edit', 'list', 'remove'] as const)[i % 5]!;
        const id = 1 + Math.floor(random() * (curated + 2));
        const reply = await run('faq', { subcommand, question, answer, id, page: i % 3 }, admin);
        const added = reply.title?.endsWith('added') === true;
        if (added) curated++;
        // A phrasing just curated, asked back, is answered by its hostile answer when it has words to match.
        const asked = await run('ask', { question: added ? question.split('|')[0]! : hostile(random, 200) }, member);
        if (asked.source === CURATED_SOURCE) given++;
        for (const r of [reply, asked]) {
          expectWithinDiscordLimits(renderReply(r, { pagerOwner: '1', pagerExpiresAt: 0 }));
          expect(renderText(r).trim()).not.toBe('');
          expect(renderText(r)).not.toMatch(BIDI_CONTROL);
        }
      }
      // Guards the checks above against passing because every hostile input was refused.
      expect(curated).toBeGreaterThan(10);
      expect(given).toBeGreaterThan(5);
      for (const record of await store.listCurated('2000')) expect(record.answer.length).toBeLessThanOrEqual(1000);
    } finally {
      await store.close();
      removeDir(dir);
    }
  });

  it('autocomplete always returns 0–25 choices named 1–100 characters', () => {
    for (let i = 0; i < 300; i++) {
      for (const command of textCommands) {
        if (!command.autocomplete) continue;
        const choices = command.autocomplete('country', hostile(random, 120), context());
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const c of choices) {
          expect(c.name.length).toBeGreaterThanOrEqual(1);
          expect(c.name.length).toBeLessThanOrEqual(100);
          expect(c.value.length).toBeLessThanOrEqual(100);
        }
      }
    }
  });

  it('the console parser never throws on hostile lines, and quotes them back short and without bidi controls', () => {
    for (let i = 0; i < 500; i++) {
      const line = (random() < 0.5 ? '/' : '') + hostile(random, 1500);
      const parsed = parseLine(line, commands);
      if (parsed.ok) expect(commands).toContain(parsed.command);
      else {
        expect(parsed.error.trim()).not.toBe('');
        expect(parsed.error).not.toMatch(BIDI_CONTROL);
        expect(parsed.error.length, line).toBeLessThan(600);
      }
    }
  });
});
