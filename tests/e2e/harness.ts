import { randomBytes } from 'node:crypto';
import type { APIEmbed } from 'discord.js';
import { afterEach, beforeEach, expect } from 'vitest';
import { commands as realCommands } from '../../commands/index.ts';
import type { Bot, BotDeps } from '../../src/adapters/discord/bot.ts';
import { createBot } from '../../src/adapters/discord/bot.ts';
import { deployCommands } from '../../src/adapters/discord/deployCommands.ts';
import type { AnswerEngine } from '../../src/answer/engine.ts';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import type { Command } from '../../src/bot/command.ts';
import { readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import type { FakeDiscordOptions, RecordedRequest, SentInteraction } from './fake/index.ts';
import { FakeDiscord } from './fake/index.ts';

/** One fake Discord and one real bot per test, torn down after it. */

export interface HarnessOptions {
  fake?: FakeDiscordOptions;
  /** Extra environment for readConfig, e.g. ASK_CHANNEL_IDS. The token and API URL are set already. */
  env?: (fake: FakeDiscord) => Record<string, string>;
  commands?: readonly Command[];
  interaction?: BotDeps['interaction'];
  /** The daily-post runtime, built from the bot's client as src/main.ts builds it. */
  daily?: BotDeps['daily'];
  /** The features' services src/main.ts supplies (follow-ups, reloading). */
  services?: BotDeps['services'];
  /** Another engine than the shared one, e.g. a live engine a test reloads. */
  engine?: AnswerEngine;
  /**
   * Register the commands with the fake first (as deploy-commands would), so interactions carry
   * the registered ids and option types, as Discord's do.
   */
  register?: boolean;
}

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  token: string;
  /** Every line the bot's logger wrote, raw. */
  rawLogs: string[];
  logs(): LogLine[];
  close(): Promise<void>;
}

let sharedEngine: AnswerEngine | undefined;

/** Loading knowledge/ is the slow part of start-up, and the engine is immutable: one per test file. */
export function engine(): AnswerEngine {
  sharedEngine ??= createAnswerEngine();
  return sharedEngine;
}

/** Long, unique and space-free, so readConfig accepts it and a leak is unmistakable. */
export function makeToken(): string {
  return `e2e.${randomBytes(18).toString('base64url')}.token`;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const token = makeToken();
  // The fake enforces the token, so a bot that sent anything else would fail to log in.
  const fake = await FakeDiscord.start({ token, ...options.fake });
  const rawLogs: string[] = [];
  let bot: Bot | undefined;
  try {
    const commands = options.commands ?? realCommands;
    const env = { DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, ...options.env?.(fake) };
    const configured = readConfig(env);
    if (!configured.ok) throw new Error(`readConfig refused the test environment: ${configured.problems.join(' ')}`);
    if (options.register !== false) {
      await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
    }
    const logger = createLogger('debug', { write: (line: string) => void rawLogs.push(line) });
    bot = createBot({
      config: configured.config,
      engine: options.engine ?? engine(),
      commands,
      logger,
      interaction: options.interaction,
      daily: options.daily,
      services: options.services,
    });
    await bot.start();
  } catch (error) {
    await bot?.stop().catch(() => undefined);
    await fake.close();
    throw error;
  }
  const started = bot;
  return {
    fake,
    bot: started,
    token,
    rawLogs,
    logs: () => rawLogs.map((line) => JSON.parse(line) as LogLine),
    close: async () => {
      await started.stop();
      await fake.close();
    },
  };
}

/**
 * Registers an afterEach that stops every bot and fake the test started, and checks the
 * bot never logged its token, whatever the test was about.
 */
export function useHarness(): (options?: HarnessOptions) => Promise<Harness> {
  const started: Harness[] = [];
  afterEach(async () => {
    const open = started.splice(0);
    await Promise.all(open.map((h) => h.close()));
    for (const h of open) {
      expect(h.rawLogs.filter((line) => line.includes(h.token))).toEqual([]);
      // A route the fake lacks would be answered 404 and could hide a real failure.
      expect(h.fake.unhandledRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    }
  });
  return async (options) => {
    const h = await startHarness(options);
    started.push(h);
    return h;
  };
}

// ── Reading what Discord received ──────────────────────────────────────────

export interface MessageData {
  content?: string;
  embeds?: APIEmbed[];
  components?: unknown[];
  flags?: number;
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean };
  message_reference?: { message_id?: string; channel_id?: string; fail_if_not_exists?: boolean };
}

export interface CallbackBody {
  type: number;
  data?: MessageData & { choices?: Array<{ name: string; value: string | number }> };
}

export function callbackBody(request: RecordedRequest): CallbackBody {
  return request.body as CallbackBody;
}

export function messageBody(request: RecordedRequest): MessageData {
  return request.body as MessageData;
}

/** The single embed every reply of this bot carries. */
export function embedOf(data: MessageData | undefined): APIEmbed {
  const embeds = data?.embeds ?? [];
  expect(embeds).toHaveLength(1);
  return embeds[0]!;
}

export function fieldValue(embed: APIEmbed, name: string): string | undefined {
  return embed.fields?.find((f) => f.name === name)?.value;
}

export const EPHEMERAL = 1 << 6;

/** The answer of a command answered straight away (type 4). */
export async function replyOf(sent: SentInteraction): Promise<MessageData> {
  const callback = await sent.waitForCallback();
  expect(callback.status).toBe(204);
  const body = callbackBody(callback);
  expect(body.type).toBe(4);
  return body.data ?? {};
}

/**
 * The answer of a command that may have waited in line (replayed after a reconnect, say): the
 * reply itself (type 4), or, when the bot deferred it (type 5), the edit that finished it.
 */
export async function answerOf(sent: SentInteraction): Promise<MessageData> {
  const callback = await sent.waitForCallback();
  expect(callback.status).toBe(204);
  const body = callbackBody(callback);
  if (body.type === 4) return body.data ?? {};
  expect(body.type).toBe(5);
  return messageBody(await sent.waitForEdit());
}

/** POSTs that created a message in a channel (free-text replies), oldest first. */
export function channelPosts(h: Harness, channelId?: string): RecordedRequest[] {
  return h.fake.requests.filter(
    (r) =>
      r.method === 'POST' &&
      /^\/channels\/\d+\/messages$/.test(r.path) &&
      (channelId === undefined || r.path === `/channels/${channelId}/messages`),
  );
}

/** The successful reply to a user's message, whenever it comes. */
export function waitForReplyTo(h: Harness, messageId: string, timeoutMs?: number): Promise<RecordedRequest> {
  return h.fake.waitForRequest(
    (r) =>
      r.method === 'POST' &&
      r.status === 200 &&
      /^\/channels\/\d+\/messages$/.test(r.path) &&
      messageBody(r).message_reference?.message_id === messageId,
    timeoutMs,
  );
}

export function repliesTo(h: Harness, messageId: string): RecordedRequest[] {
  return channelPosts(h).filter((r) => messageBody(r).message_reference?.message_id === messageId);
}

/**
 * Proves a negative without sleeping blindly: the bot handles gateway events in order, so once
 * it has answered a later /help, anything it was going to do about earlier events has begun.
 * A short grace then covers the HTTP round trip still in flight.
 */
export async function settle(h: Harness, graceMs = 50): Promise<void> {
  const probe = h.fake.interaction.chatInput('help', { hide: true });
  await probe.waitForCallback();
  await new Promise((resolve) => setTimeout(resolve, graceMs));
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/**
 * A SQLite store in a new folder for each test, and the harnesses the test starts (push them on
 * `running`), closed after it with the checks every e2e file makes: no token in the logs, no
 * request the fake did not know.
 */
export function storePerTest(): {
  current: () => { store: ReturnType<typeof openSqliteStore>; dir: string };
  running: Harness[];
} {
  let now: { store: ReturnType<typeof openSqliteStore>; dir: string } | undefined;
  const running: Harness[] = [];
  beforeEach(() => {
    const dir = makeTempDir();
    now = { store: openSqliteStore({ dataDir: dir }), dir };
  });
  afterEach(async () => {
    for (const h of running.splice(0)) {
      await h.close();
      expect(h.rawLogs.filter((line) => line.includes(h.token))).toEqual([]);
      expect(h.fake.unhandledRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
      await h.fake.close();
    }
    await now?.store.close();
    if (now) removeDir(now.dir);
    now = undefined;
  });
  return {
    current: () => {
      if (!now) throw new Error('storePerTest: read inside a test');
      return now;
    },
    running,
  };
}
