import { describe, expect, it } from 'vitest';
import { commandNamed } from '../../commands/index.ts';
import { builderFor } from '../../src/adapters/discord/builders.ts';
import { createForumService, TITLE_AND_MESSAGE, TITLE_FOR_NOW, TITLE_ONLY } from '../../src/forum/service.ts';
import { context, run } from '../helpers.ts';
import { memoryForumStore } from './memoryStore.ts';

const NOW = new Date('2026-12-01T12:00:00Z');

function services(readsContent = true, cannot?: string, refused?: boolean) {
  const store = memoryForumStore();
  const forum = createForumService({
    store,
    now: () => NOW,
    readsContent: () => readsContent,
    ...(refused === undefined ? {} : { contentRefused: () => refused }),
    checkChannel: async () => cannot,
    channelName: (id) => `<#${id}>`,
  });
  return { store, ctx: context({ canManageGuild: true, services: { forum } }) };
}

describe('/settings', () => {
  it('is for server admins only, and only in a server', async () => {
    const { ctx } = services();
    const member = await run('settings', { subcommand: 'status' }, { ...ctx, canManageGuild: false });
    expect(member.text).toBe('/settings needs the Manage Server permission.');
    const dm = await run('settings', { subcommand: 'status' }, { ...ctx, guildId: undefined });
    expect(dm.text).toBe('/settings only works in a server.');
  });

  it('says so where no store backs it (a console without a database)', async () => {
    const reply = await run('settings', { subcommand: 'status' }, context({ canManageGuild: true }));
    expect(reply).toMatchObject({ text: 'Settings are not available here.', ephemeral: true });
  });

  it('forum-answer saves the forum, status shows it, forum-off clears it', async () => {
    const { store, ctx } = services();
    const set = await run('settings', { subcommand: 'forum-answer', channel: { id: '777' } }, ctx);
    expect(set.title).toBe('Forum posts answered');
    expect(set.text).toContain('<#777>');
    expect(set.text).not.toContain(TITLE_ONLY);
    expect(set.text).not.toContain(TITLE_FOR_NOW);
    expect(await store.getForumChannel('2000')).toBe('777');
    const status = await run('settings', { subcommand: 'status', hide: true }, ctx);
    expect(status.ephemeral).toBe(true);
    expect(status.fields).toEqual([
      { name: 'Forum answers', value: '<#777>', inline: false },
      { name: 'Reads from each post', value: TITLE_AND_MESSAGE, inline: false },
    ]);
    const off = await run('settings', { subcommand: 'forum-off' }, ctx);
    expect(off.text).toBe('No more answers in <#777>. Use /settings forum-answer to start again.');
    expect(await store.getForumChannel('2000')).toBeUndefined();
    expect((await run('settings', { subcommand: 'forum-off' }, ctx)).text).toBe('No forum is answered in this server.');
  });

  it('refuses a channel the transport says it cannot answer in, saving nothing', async () => {
    const { store, ctx } = services(true, 'Pick a forum channel.');
    const reply = await run('settings', { subcommand: 'forum-answer', channel: { id: '777' } }, ctx);
    expect(reply).toMatchObject({ text: 'Pick a forum channel.', tone: 'notice', ephemeral: true });
    expect(await store.getForumChannel('2000')).toBeUndefined();
  });

  const reads = (reply: { fields?: Array<{ name: string; value: string }> }) =>
    reply.fields?.find((f) => f.name === 'Reads from each post')?.value;

  it('when Discord refused Message Content, forum-answer and status say only titles are read, until a restart', async () => {
    const { ctx } = services(false, undefined, true);
    const set = await run('settings', { subcommand: 'forum-answer', channel: { id: '777' } }, ctx);
    expect(set.text).toContain(TITLE_ONLY);
    expect(set.text).not.toContain(TITLE_FOR_NOW);
    expect(reads(await run('settings', { subcommand: 'status' }, ctx))).toBe(TITLE_ONLY);
  });

  it('when the session merely lacks Message Content, they say it is asked for, and what to do if refused', async () => {
    // Not refused (the bot reconnects with it), or not known to be: neither may claim a refusal.
    for (const refused of [false, undefined]) {
      const { ctx } = services(false, undefined, refused);
      const set = await run('settings', { subcommand: 'forum-answer', channel: { id: '777' } }, ctx);
      expect(set.text, String(refused)).toContain(TITLE_FOR_NOW);
      expect(set.text).not.toContain(TITLE_ONLY);
      expect(reads(await run('settings', { subcommand: 'status' }, ctx))).toBe(TITLE_FOR_NOW);
    }
    // A session that reads content says so, whatever was refused before.
    const { ctx } = services(true, undefined, true);
    expect(reads(await run('settings', { subcommand: 'status' }, ctx))).toBe(TITLE_AND_MESSAGE);
  });

  it('registers its channel option as forum channels only, for Manage Server', () => {
    const json = builderFor(commandNamed('settings')!).toJSON() as {
      default_member_permissions?: string;
      options?: Array<{ name: string; options?: Array<{ name: string; channel_types?: number[] }> }>;
    };
    expect(json.default_member_permissions).toBe('32');
    const channel = json.options?.find((o) => o.name === 'forum-answer')?.options?.find((o) => o.name === 'channel');
    expect(channel?.channel_types).toEqual([15]);
  });
});
