import {
  type APIMessage,
  type Client,
  DiscordAPIError,
  HTTPError,
  type MessageCreateOptions,
  MessagePayload,
  PermissionFlagsBits,
  Routes,
  type SendableChannels,
} from 'discord.js';
import type { Logger } from 'pino';
import { dailyPost } from '../../daily/domain/post.ts';
import type { DailyService } from '../../daily/runtime/dailyService.ts';
import { ownerGone, processOwner } from '../../daily/runtime/owner.ts';
import { DailyScheduler } from '../../daily/runtime/scheduler.ts';
import type { SendResult } from '../../daily/runtime/sendResult.ts';
import { createDailyService } from '../../daily/runtime/service.ts';
import type { ScheduleStore } from '../../daily/store.ts';
import type { KnowledgeBase, KnowledgeSource } from '../../knowledge/knowledgeBase.ts';
import { ownsGuild } from '../../shard/ownership.ts';
import { checkTextChannel, type NeededPermission } from './channelCheck.ts';
import { dailyPostNonce } from './nonce.ts';
import { renderReply } from './render.ts';
import { shardSetOf } from './shards.ts';

const NEEDED: readonly NeededPermission[] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
];

export interface DailyAdapterOptions {
  client: Client;
  store: ScheduleStore;
  /** Read at post time, so a post after a reload summarises the reports then served. */
  knowledge: KnowledgeSource;
  logger: Logger;
  now?: () => Date;
  /** Tests shorten the timer's longest sleep. */
  maxTimerDelayMs?: number;
}

export type DailyRuntime = DailyService & { scheduler: DailyScheduler; start(): void; stop(): Promise<void> };

/** Connect the transport-free daily service to Discord: channel checks, posting, and which guilds this shard holds. */
export function createDailyAdapter(options: DailyAdapterOptions): DailyRuntime {
  const now = options.now ?? (() => new Date());
  const owner = processOwner();
  const scheduler = new DailyScheduler({
    clock: { now },
    store: options.store,
    owner,
    ownerGone: (other) => ownerGone(other, owner),
    // A process posts only for the guilds its shards own by Discord's formula, cached yet or not.
    ownsGuild: (guildId) => ownsGuild(shardSetOf(options.client), guildId),
    send: (schedule, localDate, signal) =>
      sendPost(
        options.client,
        schedule.channelId,
        options.knowledge.kb,
        localDate,
        dailyPostNonce(schedule.guildId, localDate),
        signal,
      ),
    logger: options.logger,
    maxTimerDelayMs: options.maxTimerDelayMs,
  });
  const service = createDailyService({
    knowledge: options.knowledge,
    store: options.store,
    scheduler,
    now,
    checkChannel: (g, c) => checkChannel(options.client, g, c),
    channelName: (id) => `<#${id}>`,
  });
  return {
    ...service,
    scheduler,
    start: () => scheduler.start(),
    // Aborts a post in flight and waits for its claim to be released, so shutdown never closes the store under it.
    stop: () => scheduler.stop(),
  };
}

/** Why the bot cannot post in the channel, naming the missing permission; undefined when it can. */
export function checkChannel(client: Client, guildId: string, channelId: string): Promise<string | undefined> {
  return checkTextChannel(client, guildId, channelId, NEEDED, 'post there');
}

export async function sendPost(
  client: Client,
  channelId: string,
  kb: KnowledgeBase,
  localDate: string,
  nonce?: string,
  signal?: AbortSignal,
): Promise<SendResult> {
  try {
    const channel = await untilAborted(client.channels.fetch(channelId), signal);
    if (!channel?.isSendable()) return permanentFailure(50001, 'not a channel the bot can post in');
    const { flags: _postsAreNeverEphemeral, ...body } = renderReply(dailyPost(kb, localDate));
    // A retried post whose first try Discord stored comes back as that message, not a second post.
    const message = await sendMessage(channel, nonce ? { ...body, nonce, enforceNonce: true } : body, signal);
    return { ok: true, messageId: message.id };
  } catch (error) {
    return classify(error);
  }
}

/**
 * channel.send() with an AbortSignal, which discord.js does not pass on: @discordjs/rest aborts
 * the request in flight and its retries, where its own 15 s timeout would try 4 times.
 */
async function sendMessage(
  channel: SendableChannels,
  options: MessageCreateOptions,
  signal: AbortSignal | undefined,
): Promise<APIMessage> {
  const { body, files } = await MessagePayload.create(channel, options).resolveBody().resolveFiles();
  const request = { body, files: files ?? undefined, signal };
  return (await channel.client.rest.post(Routes.channelMessages(channel.id), request)) as APIMessage;
}

/** Gives up waiting on `work` once `signal` aborts; `work` itself runs on and is ignored. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** Discord's error codes for a lost channel or missing rights are permanent; server errors and timeouts are not. */
export function classify(error: unknown): SendResult {
  if (error instanceof DiscordAPIError) {
    if (error.status >= 500)
      return { ok: false, kind: 'transient', reason: `Discord ${error.status}: ${error.message}` };
    return permanentFailure(Number(error.code), error.message);
  }
  if (error instanceof HTTPError)
    return { ok: false, kind: 'transient', reason: `HTTP ${error.status}: ${error.message}` };
  return { ok: false, kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
}

/**
 * Failures a server admin must fix (channel gone, bot lacks access); posting again each day would
 * only fail again, so the schedule pauses until /daily set. Other permanent failures fail only
 * that day's post: they are not the server's to fix.
 */
const PAUSING_CODES: ReadonlyMap<number, string> = new Map([
  [10003, 'the channel no longer exists'],
  [50001, 'the bot cannot see the channel'],
  [50013, 'the bot lacks permission to post in the channel'],
]);

/** A refused post in the scheduler's terms: Discord's code and message, and whether it pauses the schedule. */
export function permanentFailure(code: number, message: string): SendResult {
  const reason = `Discord error ${code}: ${message}`;
  const explanation = PAUSING_CODES.get(code);
  return {
    ok: false,
    kind: 'permanent',
    reason,
    pauseReason: explanation === undefined ? undefined : `${explanation} (${reason})`,
  };
}
