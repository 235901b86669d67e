import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands as realCommands } from '../../../commands/index.ts';
import { encodeFeedbackId } from '../../../src/adapters/discord/feedbackId.ts';
import {
  CURATION_UNAVAILABLE,
  FEEDBACK_UNAVAILABLE,
  type FeedbackInput,
  type FeedbackPlan,
  planFeedback,
} from '../../../src/adapters/discord/feedbackPlan.ts';
import { commandContext, type Invoker } from '../../../src/adapters/discord/interactionPlan.ts';
import { encodePager } from '../../../src/adapters/discord/pagerId.ts';
import type { Answer } from '../../../src/answer/types.ts';
import { createInsightsService, type InsightsService } from '../../../src/insights/service.ts';
import { createLogger } from '../../../src/logger.ts';
import { openSqliteStore } from '../../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../../daily/helpers.ts';
import { engine } from '../../e2e/harness.ts';

/** The decisions both the gateway and the HTTP endpoint send, read as plain data over a real SQLite store. */

const GUILD = '100000000000000001';
const member: Invoker = { user: { id: '200000000000000001', name: 'Ann' }, guildId: GUILD, canManageGuild: false };
const admin: Invoker = { ...member, canManageGuild: true };

let dir: string;
let store: ReturnType<typeof openSqliteStore>;
let insights: InsightsService;
beforeEach(() => {
  dir = makeTempDir();
  store = openSqliteStore({ dataDir: dir });
  insights = createInsightsService({ store, retentionDays: 90 });
});
afterEach(async () => {
  await store.close();
  removeDir(dir);
});

function plan(input: FeedbackInput, invoker = member, commands = realCommands): Promise<FeedbackPlan | undefined> {
  const deps = { engine: engine(), commands, logger: createLogger('silent'), services: { insights } };
  return planFeedback(input, commandContext(invoker, deps), commands);
}
const button = (customId: string): FeedbackInput => ({ kind: 'button', customId });
const form = (customId: string, fields: Record<string, string>): FeedbackInput => ({
  kind: 'modal',
  customId,
  field: (id) => fields[id],
});
const text = (p: FeedbackPlan | undefined) => (p?.kind === 'reply' ? p.reply.text : `(${p?.kind})`);

async function recorded(question: string): Promise<string> {
  const answer = { kind: 'not-covered', question, answered: false } as unknown as Answer;
  const id = await insights.recordQuestion(GUILD, answer, new Date());
  if (!id) throw new Error('not recorded');
  return id;
}

describe('planFeedback', () => {
  it('is not asked about ids that are not feedback’s: a page button’s', async () => {
    const pager = encodePager({ command: 'section', key: '0', page: 2, owner: member.user.id, expiresAt: Date.now() });
    expect(await plan(button(pager))).toBeUndefined();
  });

  it('a 👍 is stored and acknowledged; a 👎 is stored and answered with the form', async () => {
    const record = await recorded('When was the KIA founded?');
    const up = await plan(button(encodeFeedbackId({ kind: 'vote', record, vote: 'up' })));
    expect(up).toEqual({ kind: 'reply', reply: { text: 'Thanks for the 👍!', tone: 'notice', ephemeral: true } });

    const down = await plan(button(encodeFeedbackId({ kind: 'vote', record, vote: 'down' })));
    expect(down?.kind).toBe('modal');
    if (down?.kind !== 'modal') return;
    expect(down.modal.custom_id).toBe(encodeFeedbackId({ kind: 'comment', record }));
    expect((await store.votesSince(GUILD, new Date(0))).map((v) => v.vote)).toEqual(['down']);
  });

  it('the form: a comment is stored; one left empty (or missing) keeps the 👎 alone', async () => {
    const record = await recorded('When was the KIA founded?');
    await plan(button(encodeFeedbackId({ kind: 'vote', record, vote: 'down' })));
    const id = encodeFeedbackId({ kind: 'comment', record });

    expect(text(await plan(form(id, {})))).toBe('Thanks for the 👎!');
    expect(text(await plan(form(id, { comment: '  Wrong year  ' })))).toMatch(/admins will see what was wrong/);
    expect((await store.votesSince(GUILD, new Date(0)))[0]?.comment).toBe('Wrong year');
  });

  it('"Answer" needs Manage Server and /faq, and opens the form with the recorded question', async () => {
    const record = await recorded('Who won the football world cup?');
    const id = encodeFeedbackId({ kind: 'curate', record });

    expect(text(await plan(button(id)))).toMatch(/needs the Manage Server permission/);
    const withoutFaq = realCommands.filter((c) => c.name !== 'faq');
    expect(text(await plan(button(id), admin, withoutFaq))).toBe(CURATION_UNAVAILABLE);
    const opened = await plan(button(id), admin);
    expect(opened?.kind === 'modal' && JSON.stringify(opened.modal)).toContain(
      '"value":"Who won the football world cup?"',
    );
  });

  it('the /faq add form becomes /faq add with its options, checked as typed ones are', async () => {
    const id = encodeFeedbackId({ kind: 'curated' });
    const ran = await plan(form(id, { question: 'Where are the rules?', answer: 'Read #rules.' }), admin);
    expect(ran?.kind === 'run' && [ran.command.name, ran.args]).toEqual([
      'faq',
      { subcommand: 'add', question: 'Where are the rules?', answer: 'Read #rules.' },
    ]);

    const long = await plan(form(id, { question: 'Where?', answer: 'x'.repeat(1001) }), admin);
    expect(text(long)).toBe('The answer is 1001 characters; /faq add takes at most 1000.');
    expect(text(await plan(form(id, { question: 'Where?' }), admin))).toBe(
      'The form has no answer. Press "Answer" again.',
    );
    // The form's id pressed as a button has no fields to read.
    expect(text(await plan(button(id), admin))).toBe(CURATION_UNAVAILABLE);
  });

  it('forged ids and a DM get a clear notice, never a throw', async () => {
    for (const id of ['fb|u|../../etc', 'fb|x|abc', 'faq|', 'fbc|a|b', 'fb'])
      expect(text(await plan(button(id)))).toMatch(/don't have this answer on record/);
    const record = await recorded('When was the KIA founded?');
    const inDm = { ...member, guildId: undefined };
    expect(text(await plan(button(encodeFeedbackId({ kind: 'vote', record, vote: 'up' })), inDm))).toBe(
      FEEDBACK_UNAVAILABLE,
    );
  });
});
