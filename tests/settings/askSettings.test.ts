import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderReply } from '../../src/adapters/discord/render.ts';
import { effectiveAskSettings } from '../../src/settings/effective.ts';
import { createAskSettingsReader } from '../../src/settings/reader.ts';
import {
  type AskSettingsService,
  answeredByGateway,
  createAskSettingsService,
  NO_MESSAGE_CONTENT,
} from '../../src/settings/service.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { expectWithinDiscordLimits } from '../discordLimits.ts';
import { context, run } from '../helpers.ts';

const DEFAULTS = { askChannelIds: ['111111111111111111'], cooldownSeconds: 5 };

let dir: string;
let store: ReturnType<typeof openSqliteStore>;
let changed: string[];
let service: AskSettingsService;
const admin = () => context({ canManageGuild: true, services: { askSettings: service } });

beforeEach(() => {
  dir = makeTempDir();
  store = openSqliteStore({ dataDir: dir });
  changed = [];
  service = createAskSettingsService({
    store,
    defaults: DEFAULTS,
    now: () => new Date(),
    changed: (guildId) => void changed.push(guildId),
  });
});

afterEach(async () => {
  await store.close();
  removeDir(dir);
});

const channel = (id: string) => ({ id });

describe('effective settings', () => {
  it('are the defaults until a server chooses, then the server’s own', () => {
    expect(effectiveAskSettings({ askChannelIds: [] }, DEFAULTS)).toEqual({
      askChannelIds: new Set(DEFAULTS.askChannelIds),
      threadChannelIds: new Set(),
      channelsFrom: 'defaults',
      cooldownSeconds: 5,
      cooldownFrom: 'defaults',
    });
    expect(effectiveAskSettings({ askChannelIds: ['c1'], cooldownSeconds: 0 }, DEFAULTS)).toEqual({
      askChannelIds: new Set(['c1']),
      threadChannelIds: new Set(),
      channelsFrom: 'server',
      cooldownSeconds: 0,
      cooldownFrom: 'server',
    });
    expect(
      effectiveAskSettings({ askChannelIds: ['c1', 'c2'], threadChannelIds: ['c2'] }, DEFAULTS).threadChannelIds,
    ).toEqual(new Set(['c2']));
  });
});

describe('/settings ask-channels and cooldown', () => {
  it('adds, lists and removes a server’s ask-channels, telling the readers each time', async () => {
    const added = await run('settings', { subcommand: 'ask-channels add', channel: channel('c1') }, admin());
    expect(added).toMatchObject({ title: 'Ask-channel added', tone: 'answer' });
    expect(added.text).toContain('#c1');
    const again = await run('settings', { subcommand: 'ask-channels add', channel: channel('c1') }, admin());
    expect(again).toMatchObject({ text: '#c1 is an ask-channel already.', tone: 'notice' });
    const list = await run('settings', { subcommand: 'ask-channels list' }, admin());
    expect(list.fields?.[0]).toEqual({ name: "This server's ask-channels", value: '#c1', inline: false });
    expect(list.fields?.[1]?.value).toBe("5 s between a member's questions (default, ASK_COOLDOWN_SECONDS)");
    expectWithinDiscordLimits(renderReply(list));

    const removed = await run('settings', { subcommand: 'ask-channels remove', channel: channel('c1') }, admin());
    expect(removed.text).toBe(
      'No more answers to every question in #c1. This server lists none now, so the defaults (ASK_CHANNEL_IDS) apply again.',
    );
    const notListed = await run('settings', { subcommand: 'ask-channels remove', channel: channel('c1') }, admin());
    expect(notListed.tone).toBe('notice');
    expect((await run('settings', { subcommand: 'ask-channels list' }, admin())).fields?.[0]).toEqual({
      name: 'Defaults (ASK_CHANNEL_IDS)',
      value: '#111111111111111111',
      inline: false,
    });
    expect(changed).toEqual(['2000', '2000']);
  });

  it('sets the cooldown in whole seconds from 0 to 3600, refusing others with a clear message', async () => {
    expect((await run('settings', { subcommand: 'cooldown', seconds: 0 }, admin())).text).toBe(
      'No cooldown: members may ask in chat as often as they like.',
    );
    expect((await store.getAskSettings('2000')).cooldownSeconds).toBe(0);
    for (const seconds of [-1, 3601, 2.5]) {
      const reply = await run('settings', { subcommand: 'cooldown', seconds }, admin());
      expect(reply.text).toBe(`The cooldown is a whole number of seconds from 0 to 3600; ${seconds} is not.`);
    }
    expect((await store.getAskSettings('2000')).cooldownSeconds).toBe(0);
    await run('settings', { subcommand: 'cooldown', seconds: 30 }, admin());
    expect((await store.getAskSettings('2000')).cooldownSeconds).toBe(30);
  });

  it('needs Manage Server', async () => {
    const member = context({ services: { askSettings: service } });
    const reply = await run('settings', { subcommand: 'ask-channels add', channel: channel('c1') }, member);
    expect(reply.text).toBe('/settings needs the Manage Server permission.');
    expect((await store.getAskSettings('2000')).askChannelIds).toEqual([]);
  });

  it('stops at 25 ask-channels per server', async () => {
    for (let i = 0; i < 25; i++) await store.addAskChannel('2000', `c${i}`, new Date());
    const reply = await run('settings', { subcommand: 'ask-channels add', channel: channel('c99') }, admin());
    expect(reply.text).toBe('This server has 25 ask-channels, the most it can have. Remove one first.');
  });
});

describe('the settings reader chat uses', () => {
  it('serves a server’s settings from memory for its TTL, and reads again once invalidated or expired', async () => {
    let now = 0;
    const reader = createAskSettingsReader(store, DEFAULTS, { ttlMs: 1000, now: () => now });
    expect([...(await reader.get('g1')).askChannelIds]).toEqual(DEFAULTS.askChannelIds);
    await store.addAskChannel('g1', 'c1', new Date());
    expect([...(await reader.get('g1')).askChannelIds]).toEqual(DEFAULTS.askChannelIds);
    reader.invalidate('g1');
    expect([...(await reader.get('g1')).askChannelIds]).toEqual(['c1']);
    await store.setAskCooldown('g1', 9, new Date());
    now = 999;
    expect((await reader.get('g1')).cooldownSeconds).toBe(5);
    now = 2000;
    expect((await reader.get('g1')).cooldownSeconds).toBe(9);
  });
});

describe('"ask-channels add": a subcommand group on every transport', () => {
  it('is registered with Discord as the group ask-channels holding add, remove and list', async () => {
    const { builderFor } = await import('../../src/adapters/discord/builders.ts');
    const { commandNamed } = await import('../../commands/index.ts');
    const body = builderFor(commandNamed('settings')!).toJSON() as {
      options: Array<{ type: number; name: string; options?: Array<{ name: string; type: number }> }>;
    };
    const group = body.options.find((o) => o.name === 'ask-channels');
    expect(group?.type).toBe(2); // SUB_COMMAND_GROUP
    expect(group?.options?.map((o) => [o.name, o.type])).toEqual([
      ['add', 1],
      ['remove', 1],
      ['list', 1],
    ]);
    expect(body.options.find((o) => o.name === 'cooldown')?.type).toBe(1);
  });

  it('is read by the console parser as one subcommand, with its options', async () => {
    const { parseLine } = await import('../../src/adapters/console/parseLine.ts');
    const { commands } = await import('../../commands/index.ts');
    const parsed = parseLine('/settings ask-channels list', commands);
    expect(parsed).toMatchObject({ ok: true, args: { subcommand: 'ask-channels list' } });
    const wrong = parseLine('/settings ask-channels', commands);
    expect(wrong.ok).toBe(false);
    expect(parseLine('/settings cooldown seconds:10', commands)).toMatchObject({
      ok: true,
      args: { subcommand: 'cooldown', seconds: 10 },
    });
  });
});

describe('without Message Content', () => {
  it('adding an ask-channel says the bot cannot read it yet, and how to fix that', async () => {
    const degraded = createAskSettingsService({
      store,
      defaults: DEFAULTS,
      now: () => new Date(),
      chatReading: () => 'refused',
    });
    const reply = await degraded.addChannel('2000', 'c1');
    expect(reply.tone).toBe('notice');
    expect(reply.text).toContain(NO_MESSAGE_CONTENT);
    expect((await store.getAskSettings('2000')).askChannelIds).toEqual(['c1']);
  });
});

describe('on a process without a gateway (HTTP interactions only)', () => {
  it('says the setting is stored and that the gateway processes answer there once they have Message Content', async () => {
    const httpOnly = createAskSettingsService({
      store,
      defaults: DEFAULTS,
      now: () => new Date(),
      channelName: (id) => `<#${id}>`,
      chatReading: () => 'elsewhere',
    });
    const reply = await httpOnly.addChannel('2000', 'c1');
    expect(reply).toEqual({ title: 'Ask-channel added', text: answeredByGateway('<#c1>'), tone: 'answer' });
    expect(reply.text).toBe(
      "Saved. The bot's gateway processes answer every question asked in <#c1> that the report or a curated answer answers, once they have the Message Content intent.",
    );
    expect(reply.text).not.toContain("I'll answer");
    expect((await store.getAskSettings('2000')).askChannelIds).toEqual(['c1']);
  });
});

describe("a channel the bot can't answer in", () => {
  it('is refused with the reason checkChannel gives, and nothing is stored or announced', async () => {
    const checked: string[] = [];
    const checking = createAskSettingsService({
      store,
      defaults: DEFAULTS,
      now: () => new Date(),
      changed: (guildId) => void changed.push(guildId),
      checkChannel: async (guildId, channelId) => {
        checked.push(`${guildId}/${channelId}`);
        return channelId === 'c1' ? 'I need Read Message History in <#c1> to answer questions there.' : undefined;
      },
    });
    const refused = await checking.addChannel('2000', 'c1');
    expect(refused).toEqual({
      text: 'I need Read Message History in <#c1> to answer questions there.',
      tone: 'notice',
      ephemeral: true,
    });
    expect((await store.getAskSettings('2000')).askChannelIds).toEqual([]);
    expect(changed).toEqual([]);
    expect((await checking.addChannel('2000', 'c2')).title).toBe('Ask-channel added');
    expect(checked).toEqual(['2000/c1', '2000/c2']);
    expect((await store.getAskSettings('2000')).askChannelIds).toEqual(['c2']);
  });
});

describe('/settings status', () => {
  it('shows the ask-channels and cooldown after the forum settings', async () => {
    const { createForumService } = await import('../../src/forum/service.ts');
    const forum = createForumService({ store, now: () => new Date(), readsContent: () => true });
    await store.addAskChannel('2000', 'c1', new Date());
    const reply = await run(
      'settings',
      { subcommand: 'status' },
      context({ canManageGuild: true, services: { forum, askSettings: service } }),
    );
    expect(reply.fields?.map((f) => f.name)).toEqual([
      'Forum answers',
      'Reads from each post',
      "This server's ask-channels",
      'Cooldown',
    ]);
    const askOnly = await run('settings', { subcommand: 'status' }, admin());
    expect(askOnly.fields?.map((f) => f.name)).toEqual(["This server's ask-channels", 'Cooldown']);
  });
});
