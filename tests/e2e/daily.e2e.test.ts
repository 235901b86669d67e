import {
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandOptionType,
  PermissionFlagsBits,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDailyAdapter, type DailyRuntime } from '../../src/adapters/discord/dailyAdapter.ts';
import type { ScheduleStore } from '../../src/daily/store.ts';
import { createLogger } from '../../src/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { FakeClock, makeTempDir, removeDir } from '../daily/helpers.ts';
import { DiscordErrors } from './fake/index.ts';
import { DEFAULT_PERMISSIONS } from './fake/payloads.ts';
import {
  channelPosts,
  EPHEMERAL,
  embedOf,
  engine,
  fieldValue,
  type Harness,
  messageBody,
  replyOf,
  useHarness,
} from './harness.ts';

const ADMIN = (BigInt(DEFAULT_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();

function sub(
  name: string,
  options: APIApplicationCommandInteractionDataOption[] = [],
): APIApplicationCommandInteractionDataOption[] {
  return [
    { type: ApplicationCommandOptionType.Subcommand, name, options } as APIApplicationCommandInteractionDataOption,
  ];
}

const text = (name: string, value: string) =>
  ({ type: ApplicationCommandOptionType.String, name, value }) as APIApplicationCommandInteractionDataOption;

describe('daily summary posts through Discord', () => {
  const start = useHarness();
  let dir: string;
  let store: ScheduleStore;
  let clock: FakeClock;
  let runtime: DailyRuntime | undefined;

  beforeEach(() => {
    dir = makeTempDir();
    store = openSqliteStore({ dataDir: dir });
    clock = new FakeClock('2026-11-24T08:00:00Z');
    runtime = undefined;
  });

  afterEach(async () => {
    await store.close();
    removeDir(dir);
  });

  async function startWithDaily(): Promise<Harness> {
    const h = await start({
      daily: (client) =>
        (runtime = createDailyAdapter({
          client,
          store,
          knowledge: engine(),
          logger: createLogger('silent'),
          now: () => clock.now(),
        })),
    });
    return h;
  }

  async function daily(
    h: Harness,
    name: string,
    options: APIApplicationCommandInteractionDataOption[] = [],
    permissions = ADMIN,
  ) {
    return replyOf(h.fake.interaction.chatInput('daily', sub(name, options), { permissions }));
  }

  async function setAtNine(h: Harness) {
    const channel = {
      type: ApplicationCommandOptionType.Channel,
      name: 'channel',
      value: h.fake.channel.id,
    } as APIApplicationCommandInteractionDataOption;
    return daily(h, 'set', [channel, text('time', '09:00'), text('timezone', 'UTC')]);
  }

  it('lets only members with Manage Server schedule posts, and only in a server', async () => {
    const h = await startWithDaily();
    const member = await daily(h, 'status', [], DEFAULT_PERMISSIONS);
    expect(member.flags).toBe(EPHEMERAL);
    expect(embedOf(member).description).toBe('/daily needs the Manage Server permission.');
    const dm = await replyOf(h.fake.interaction.chatInput('daily', sub('status'), { dm: true }));
    expect(embedOf(dm).description).toBe('/daily only works in a server.');
    h.fake.assertNoViolations();
  });

  it('names every bad option of /daily set at once, as the console does', async () => {
    const h = await startWithDaily();
    const channel = {
      type: ApplicationCommandOptionType.Channel,
      name: 'channel',
      value: h.fake.channel.id,
    } as APIApplicationCommandInteractionDataOption;
    const reply = await daily(h, 'set', [channel, text('time', '25:99'), text('timezone', 'Mars/Base')]);
    const said = embedOf(reply).description ?? reply.content ?? '';
    expect(said).toContain('The hour must be 00 to 23 (got 25)');
    expect(said).toContain('Unknown time zone "Mars/Base"');
    expect(await store.getSchedule(h.fake.guild.id)).toBeUndefined();
    h.fake.assertNoViolations();
  });

  it('posts the summary when the clock reaches the slot, once per day', async () => {
    const h = await startWithDaily();
    const set = await setAtNine(h);
    expect(embedOf(set).title).toBe('Daily summary scheduled');
    expect(embedOf(set).description).toContain('Next post: 2026-11-24 09:00 UTC, in 1 h.');

    clock.set('2026-11-24T09:00:20Z');
    const events = await runtime!.scheduler.tick();
    expect(events.map((e) => e.kind)).toEqual(['sent']);
    const posts = channelPosts(h, h.fake.channel.id);
    expect(posts).toHaveLength(1);
    const body = messageBody(posts[0]!);
    expect(embedOf(body).title).toBe('Daily brief · India Myanmar Rare Earths');
    expect(fieldValue(embedOf(body), 'Key numbers')).toContain('China 85%');
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });

    clock.set('2026-11-24T15:00:00Z');
    expect(await runtime!.scheduler.tick()).toEqual([]);
    clock.set('2026-11-25T09:01:00Z');
    await runtime!.scheduler.tick();
    expect(channelPosts(h, h.fake.channel.id)).toHaveLength(2);
    h.fake.assertNoViolations();
  });

  it('pauses on 403 Missing Permissions, shows why in /daily status, and resumes on /daily set', async () => {
    const h = await startWithDaily();
    await setAtNine(h);
    h.fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, ...DiscordErrors.missingPermissions });
    clock.set('2026-11-24T09:00:10Z');
    const events = await runtime!.scheduler.tick();
    expect(events.map((e) => e.kind)).toEqual(['paused']);
    expect((await store.getSchedule(h.fake.guild.id))?.paused).toBe(true);

    const status = embedOf(await daily(h, 'status'));
    expect(fieldValue(status, 'State')).toMatch(
      /^Paused: the bot lacks permission to post in the channel \(Discord error 50013/,
    );
    expect(fieldValue(status, 'Next post')).toBe('None while paused');

    clock.set('2026-11-25T08:00:00Z');
    const resumed = embedOf(await setAtNine(h));
    expect(resumed.description).toContain('it is running again');
    clock.set('2026-11-25T09:00:30Z');
    expect((await runtime!.scheduler.tick()).map((e) => e.kind)).toEqual(['sent']);
    h.fake.assertNoViolations();
  });

  it('/daily now posts at once and counts as today’s post; preview is private', async () => {
    const h = await startWithDaily();
    await setAtNine(h);
    const now = await daily(h, 'now');
    expect(embedOf(now).description).toContain("Posted today's summary (2026-11-24)");
    expect(embedOf(await daily(h, 'now')).description).toBe("Today's summary (2026-11-24) is already posted.");
    clock.set('2026-11-24T09:00:30Z');
    await runtime!.scheduler.tick();
    expect(channelPosts(h, h.fake.channel.id)).toHaveLength(1);

    const preview = await daily(h, 'preview');
    expect(preview.flags).toBe(EPHEMERAL);
    expect(embedOf(preview).title).toBe('Daily brief · India Myanmar Rare Earths');
    h.fake.assertNoViolations();
  });

  it('says which time zone was meant, and autocompletes zones', async () => {
    const h = await startWithDaily();
    const channel = {
      type: ApplicationCommandOptionType.Channel,
      name: 'channel',
      value: h.fake.channel.id,
    } as APIApplicationCommandInteractionDataOption;
    const typo = await daily(h, 'set', [channel, text('time', '09:00'), text('timezone', 'Asia/Kolkatta')]);
    expect(embedOf(typo).description).toMatch(/Unknown time zone "Asia\/Kolkatta". Did you mean Asia\/Kolkata/);
    const auto = await h.fake.interaction
      .autocomplete(
        'daily',
        sub('set', [{ ...text('timezone', 'kolk'), focused: true } as APIApplicationCommandInteractionDataOption]),
        'timezone',
        { permissions: ADMIN },
      )
      .waitForCallback();
    expect((auto.body as { data: { choices: Array<{ value: string }> } }).data.choices[0]?.value).toBe('Asia/Kolkata');
    h.fake.assertNoViolations();
  });
});
