/**
 * npm run soak [-- --seconds N] [-- --users N]: the real bot (`src/main.ts`, as `npm start` runs it)
 * against the fake Discord on 127.0.0.1, in two phases:
 *   1. a burst of 1,000 slash commands at once: latency from the click to Discord receiving the answer;
 *   2. a mixed soak (slash commands, and mentions, DMs and chat in ASK_CHANNEL_IDS channels at the pace
 *      Discord lets a bot answer them), every event from a new user, 100,000 users over 2 minutes by
 *      default: the bot's RSS before, during and after.
 * Then every event that should have been answered is checked: lost (no answer) or doubled (two messages).
 * The bot runs in its own process so its RSS is its own, not the fake's.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { commands } from '../commands/index.ts';
import { deployCommands } from '../src/adapters/discord/deployCommands.ts';
import { childEnv, nodeTsx, parseLogLine, startChild, tempDir } from '../tests/e2e/child.ts';
import type { RecordedRequest } from '../tests/e2e/fake/index.ts';
import { FakeDiscord } from '../tests/e2e/fake/index.ts';
import { user } from '../tests/e2e/fake/payloads.ts';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const SECONDS = flag('seconds', 120);
const USERS = flag('users', 100_000);
const BURST = 1_000;
/** Events sent but not yet answered; beyond this the soak waits, so a slow bot is measured, not buried. */
const MAX_IN_FLIGHT = 1_000;
/**
 * Messages (mentions, DMs, ask-channel chat) per second. Every answer to one is a REST call, and
 * Discord allows a bot 50 of those a second (interaction callbacks aside), a limit @discordjs/rest
 * enforces in the bot: a faster stream of chat would only queue. The other users use slash commands.
 */
const MESSAGES_PER_SECOND = 40;
const TICK_MS = 50;
const CHANNELS = Array.from({ length: 16 }, (_, i) => i);
/** Questions the report answers, so chat in the ask channel (answered only then) is answered too. */
const QUESTIONS = ['When was the KIA founded?', 'Who leads the military government?'];

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** tsx runs the script in a node process of its own: that one is the bot. */
function botPid(wrapper: number): number {
  try {
    const children = readFileSync(`/proc/${wrapper}/task/${wrapper}/children`, 'utf8').trim().split(/\s+/);
    return children[0] ? Number(children[0]) : wrapper;
  } catch {
    return wrapper;
  }
}

/** The bot process's resident memory, in kB, from /proc (Linux). */
function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

type Kind = 'interaction' | 'mention' | 'dm' | 'chat';

/** What was sent and what came back, keyed by the interaction or user message id. */
class Ledger {
  readonly sentAt = new Map<string, { kind: Kind; at: number }>();
  /** Distinct messages (or successful callbacks) each event got. */
  readonly answers = new Map<string, Set<string>>();
  readonly latencyMs = new Map<string, number>();
  private readonly byToken = new Map<string, string>();

  sent(id: string, kind: Kind, token?: string): void {
    this.sentAt.set(id, { kind, at: Date.now() });
    if (token) this.byToken.set(token, id);
  }

  /** Reads one REST request of the bot: an interaction callback or a reply in a channel. */
  observe(r: RecordedRequest): void {
    const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(r.path);
    if (callback) {
      if (r.status === 204) this.answer(callback[1]!, `callback:${callback[1]}`, r.receivedAt);
      return;
    }
    if (r.method !== 'POST' || r.status !== 200 || !/^\/channels\/\d+\/messages$/.test(r.path)) return;
    const source = (r.body as { message_reference?: { message_id?: string } }).message_reference?.message_id;
    const created = (r.response as { id?: string }).id;
    if (source && created) this.answer(source, created, r.receivedAt);
  }

  get inFlight(): number {
    return this.sentAt.size - this.answers.size;
  }

  summary(kind?: Kind) {
    const ids = [...this.sentAt].filter(([, s]) => kind === undefined || s.kind === kind).map(([id]) => id);
    return {
      sent: ids.length,
      lost: ids.filter((id) => !this.answers.has(id)).length,
      doubled: ids.filter((id) => (this.answers.get(id)?.size ?? 0) > 1).length,
    };
  }

  private answer(source: string, message: string, at: number): void {
    const sent = this.sentAt.get(source);
    if (!sent) return;
    const set = this.answers.get(source) ?? new Set<string>();
    if (set.size === 0) this.latencyMs.set(source, at - sent.at);
    set.add(message);
    this.answers.set(source, set);
  }
}

async function main(): Promise<void> {
  const token = `soak.${'x'.repeat(24)}.token`;
  const fake = await FakeDiscord.start({
    token,
    // Discord's REST handles one message at a time per channel, so a crowd talks in many channels.
    guilds: [{ channels: CHANNELS.flatMap((i) => [`general-${i}`, `ask-${i}`]) }],
    waitTimeoutMs: 30_000,
    // Only the soak reads the bodies it needs; checking each against the spec would make the fake the bottleneck.
    rejectInvalidBodies: false,
  });
  const general = fake.guild.channels.filter((c) => c.name?.startsWith('general-'));
  const ask = fake.guild.channels.filter((c) => c.name?.startsWith('ask-'));
  const dataDir = tempDir();
  await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });

  const child = startChild(
    ...nodeTsx('src/main.ts'),
    childEnv({
      DISCORD_TOKEN: token,
      DISCORD_API_URL: fake.apiUrl,
      DATA_DIR: dataDir.path,
      ASK_CHANNEL_IDS: ask.map((c) => c.id).join(','),
      LOG_LEVEL: 'warn',
    }),
  );
  const ledger = new Ledger();
  fake.onRequest((r) => ledger.observe(r));
  try {
    await fake.waitForGateway((e) => e.kind === 'dispatch' && e.t === 'GUILD_CREATE', 30_000);
    await sleep(500);
    const pid = botPid(child.process.pid!);
    const rssStart = rssKb(pid);

    // ── 1. Burst ────────────────────────────────────────────────────────────
    const burstIds: string[] = [];
    for (let i = 0; i < BURST; i++) {
      const sent = fake.interaction.chatInput(
        'ask',
        { question: QUESTIONS[i % QUESTIONS.length]! },
        { user: user(), channelId: general[i % general.length]!.id },
      );
      ledger.sent(sent.id, 'interaction', sent.token);
      burstIds.push(sent.id);
    }
    for (let waited = 0; waited < 30_000 && burstIds.some((id) => !ledger.answers.has(id)); waited += 100) {
      await sleep(100);
    }
    const burst = burstIds.flatMap((id) => ledger.latencyMs.get(id) ?? []).sort((a, b) => a - b);
    const burstLost = burstIds.filter((id) => !ledger.answers.has(id)).length;
    fake.forget(10_000);

    // ── 2. Mixed soak ───────────────────────────────────────────────────────
    const ticks = Math.ceil((SECONDS * 1_000) / TICK_MS);
    const rssDuring: number[] = [];
    const soakStart = Date.now();
    let users = 0;
    let owedMessages = 0;
    let messages = 0;
    const mention = `<@${fake.botUser.id}>`;
    for (let tick = 0; tick < ticks; tick++) {
      // Users due by the end of this tick: the pace catches up after a tick the in-flight cap held back.
      const due = Math.round((USERS * (tick + 1)) / ticks);
      owedMessages += (MESSAGES_PER_SECOND * TICK_MS) / 1_000;
      while (users < due && ledger.inFlight < MAX_IN_FLIGHT) {
        const asMessage = owedMessages >= 1;
        if (asMessage) owedMessages -= 1;
        const author = user();
        const question = QUESTIONS[Math.floor(users / 4) % QUESTIONS.length]!;
        const kind = asMessage ? (['mention', 'dm', 'chat'] as const)[messages++ % 3]! : 'interaction';
        users += 1;
        if (kind === 'interaction') {
          const channelId = general[users % general.length]!.id;
          const sent = fake.interaction.chatInput('ask', { question }, { user: author, channelId });
          ledger.sent(sent.id, kind, sent.token);
        } else {
          const message = fake.messageCreate({
            author,
            content: kind === 'mention' ? `${mention} ${question}` : question,
            channelId: (kind === 'chat' ? ask : general)[users % CHANNELS.length]!.id,
            dm: kind === 'dm',
          });
          ledger.sent(message.id, kind);
        }
      }
      if (tick % (5_000 / TICK_MS) === 0) rssDuring.push(rssKb(pid));
      if (tick % (10_000 / TICK_MS) === 0) {
        console.error(
          `soak: ${Math.round((Date.now() - soakStart) / 1_000)} s, ${users} users, ${ledger.inFlight} unanswered`,
        );
      }
      if (tick % (10_000 / TICK_MS) === 0) fake.forget(30_000);
      await sleep(Math.max(0, soakStart + (tick + 1) * TICK_MS - Date.now()));
    }
    const soakSeconds = (Date.now() - soakStart) / 1_000;
    for (let waited = 0; waited < 30_000 && ledger.inFlight > 0; waited += 100) await sleep(100);
    await sleep(5_000); // Idle: what the bot keeps once the crowd has gone.
    const rssAfter = rssKb(pid);

    // ── Report ──────────────────────────────────────────────────────────────
    const logs = child
      .stderr()
      .split('\n')
      .flatMap((line) => parseLogLine(line) ?? []);
    const all = ledger.summary();
    const lines = [
      `Soak against the fake Discord (bot in its own process, ${SECONDS} s, ${USERS.toLocaleString('en')} users)`,
      `Burst of ${BURST.toLocaleString('en')} /ask interactions at once: p50 ${percentile(burst, 50)} ms, p99 ${percentile(burst, 99)} ms, max ${burst.at(-1)} ms, unanswered ${burstLost}`,
      `Mixed soak: ${users.toLocaleString('en')} distinct users in ${soakSeconds.toFixed(0)} s (${(users / soakSeconds).toFixed(0)} events/s): slash commands, and mentions, DMs and ask-channel chat at ${MESSAGES_PER_SECOND}/s`,
      `RSS: start ${mb(rssStart)}, during max ${mb(Math.max(...rssDuring))} (samples ${rssDuring.map(mb).join(', ')}), after ${mb(rssAfter)}`,
      `Messages: ${all.sent.toLocaleString('en')} events expecting an answer (burst + soak), lost ${all.lost}, doubled ${all.doubled}`,
      ...(['interaction', 'mention', 'dm', 'chat'] as const).map((kind) => {
        const s = ledger.summary(kind);
        return `  ${kind}: sent ${s.sent.toLocaleString('en')}, lost ${s.lost}, doubled ${s.doubled}`;
      }),
      `Bot log lines at warn or above: ${logs.filter((l) => l.level >= 40).length} (error or above: ${logs.filter((l) => l.level >= 50).length})`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await child.kill();
    await fake.close();
    dataDir.remove();
  }
}

await main();
