/**
 * npm run soak [-- --burst N] [-- --validate off|on] [-- --seconds N] [-- --users N] [-- --bot-dir DIR]:
 * the real bot, started as `npm start` starts it, against the fake Discord on 127.0.0.1, in two phases:
 *   1. a burst of N slash commands at once (1,000 by default): latency from the click to Discord
 *      receiving the first response (a reply or a deferral), and to the final answer (the reply, or
 *      the deferral's edit), separately;
 *   2. a mixed soak (slash commands, and mentions, DMs and chat in ASK_CHANNEL_IDS channels at the pace
 *      Discord lets a bot answer them), every event from a new user, 100,000 users over 2 minutes by
 *      default (`--seconds 0` skips it): the bot's RSS before, during and after.
 * Then every event that should have been answered is checked: lost (no answer) or doubled (two messages).
 * The bot runs in its own process so its RSS is its own, not the fake's, and each phase reports the
 * CPU time of both processes (from /proc), so a run shows how much of the machine the fake took.
 * `--validate off` stops the fake checking every body against the spec (ajv, about half its CPU).
 * `--bot-dir` runs the bot of another checkout (a previous release) against the same fake and load.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { commands } from '../commands/index.ts';
import { deployCommands } from '../src/adapters/discord/deployCommands.ts';
import { childEnv, parseLogLine, ROOT, startChild, tempDir } from '../tests/e2e/child.ts';
import type { RecordedRequest } from '../tests/e2e/fake/index.ts';
import { FakeDiscord } from '../tests/e2e/fake/index.ts';
import { user } from '../tests/e2e/fake/payloads.ts';

function text(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

function flag(name: string, fallback: number, { zero = false } = {}): number {
  const given = text(name);
  const value = given === undefined ? fallback : Number(given);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zero))
    throw new Error(`--${name} needs a positive number`);
  return value;
}

const SECONDS = flag('seconds', 120, { zero: true });
const USERS = flag('users', 100_000);
const BURST = flag('burst', 1_000);
const VALIDATE = text('validate') ?? 'on';
if (VALIDATE !== 'on' && VALIDATE !== 'off') throw new Error('--validate takes on or off');
/** The checkout whose bot runs: this one, or a previous release's, measured under the same load. */
const BOT_DIR = resolve(text('bot-dir') ?? ROOT);
/** Discord's window for an interaction's first response, and the final-answer target of issue 21. */
const FIRST_RESPONSE_LIMIT_MS = 3_000;
const FINAL_ANSWER_LIMIT_MS = 10_000;
/** How long the burst may take to be answered in full; deferred edits queue at 50/s. */
const BURST_WAIT_MS = 90_000;
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
/**
 * Questions the report answers, so chat in the ask channel (answered only then) is answered too.
 * ("Who leads the military government?" was one until the engine learned the report never says.)
 */
const QUESTIONS = ['When was the KIA founded?', "What is China's market share?"];

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

/** Seconds of CPU (user + system) a process has used, from /proc/<pid>/stat (Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU used by the bot and by this process (the fake Discord and the load) between two moments. */
function cpuMeter(bot: number) {
  const start = { bot: cpuSeconds(bot), fake: cpuSeconds(process.pid), at: Date.now() };
  return () => {
    const wall = (Date.now() - start.at) / 1_000;
    const bot_ = cpuSeconds(bot) - start.bot;
    const fake = cpuSeconds(process.pid) - start.fake;
    return {
      wall,
      bot: bot_,
      fake,
      line: `CPU over ${wall.toFixed(1)} s: bot ${bot_.toFixed(1)} s (${(bot_ / wall).toFixed(2)} cores), fake Discord and load ${fake.toFixed(1)} s (${(fake / wall).toFixed(2)} cores)`,
    };
  };
}

/**
 * The command `npm start` runs in `dir` (its `start` script without `exec`), after its `prestart`
 * (a build) if it has one: the bot measured is the one an operator runs.
 */
function startCommand(dir: string): [string, string[]] {
  const { scripts } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  if (scripts.prestart) {
    const built = spawnSync('npm', ['run', '--silent', 'prestart'], { cwd: dir, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`npm run prestart failed in ${dir}`);
  }
  const [command, ...args] = scripts.start!.replace(/^exec /, '').split(/\s+/);
  if (command !== 'node') throw new Error(`the start script of ${dir} does not run node: ${scripts.start}`);
  // Relative to the checkout, so another checkout's bot runs with its own code and knowledge.
  return [process.execPath, args.map((arg) => (/\.(ts|js|mjs)$/.test(arg) ? join(dir, arg) : arg))];
}

type Kind = 'interaction' | 'mention' | 'dm' | 'chat';

/** What was sent and what came back, keyed by the interaction or user message id. */
class Ledger {
  readonly sentAt = new Map<string, { kind: Kind; at: number }>();
  /** Distinct messages (or successful first responses) each event got. */
  readonly answers = new Map<string, Set<string>>();
  /** Click to the first response Discord accepted: a reply, or a deferral. */
  readonly firstMs = new Map<string, number>();
  /** Click to the answer itself: the reply, or the deferral's edit (or follow-up). */
  readonly finalMs = new Map<string, number>();
  private readonly byToken = new Map<string, string>();

  sent(id: string, kind: Kind, token?: string): void {
    this.sentAt.set(id, { kind, at: Date.now() });
    this.pending.set(id, Date.now());
    if (token) this.byToken.set(token, id);
  }

  /** Reads one REST request of the bot: an interaction callback, a deferral's edit, or a reply in a channel. */
  observe(r: RecordedRequest): void {
    const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(r.path);
    if (callback) {
      if (r.status !== 204) return;
      const id = callback[1]!;
      this.answer(id, `callback:${id}`, r.receivedAt);
      if ((r.body as { type?: number }).type !== DEFERRED) this.final(id, r.receivedAt);
      return;
    }
    const webhook = /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/.exec(r.path);
    if (webhook && r.status === 200 && (r.method === 'PATCH' || r.method === 'POST')) {
      const id = this.byToken.get(webhook[1]!);
      if (id) this.final(id, r.receivedAt);
      return;
    }
    if (r.method !== 'POST' || r.status !== 200 || !/^\/channels\/\d+\/messages$/.test(r.path)) return;
    const source = (r.body as { message_reference?: { message_id?: string } }).message_reference?.message_id;
    const created = (r.response as { id?: string }).id;
    if (source && created) {
      this.answer(source, created, r.receivedAt);
      this.final(source, r.receivedAt);
    }
  }

  /** Events sent and unanswered, not yet given up on: one unanswered for LOST_AFTER_MS is lost, not in flight. */
  private readonly pending = new Map<string, number>();

  get inFlight(): number {
    const now = Date.now();
    // Sent in order, so the oldest come first.
    for (const [id, at] of this.pending) {
      if (now - at < LOST_AFTER_MS) break;
      this.pending.delete(id);
    }
    return this.pending.size;
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
    this.pending.delete(source);
    const set = this.answers.get(source) ?? new Set<string>();
    if (set.size === 0) this.firstMs.set(source, at - sent.at);
    set.add(message);
    this.answers.set(source, set);
  }

  private final(source: string, at: number): void {
    const sent = this.sentAt.get(source);
    if (sent && !this.finalMs.has(source)) this.finalMs.set(source, at - sent.at);
  }
}

/**
 * An event unanswered this long is lost: it no longer holds back the soak's pace (a burst's lost
 * interactions would otherwise fill MAX_IN_FLIGHT for good and throttle the mixed soak).
 */
const LOST_AFTER_MS = 30_000;

/** The callback type of a deferral ("thinking…"), whose answer comes later as an edit. */
const DEFERRED = 5;

/** p50, p99 and max of some latencies, and how many went past `limitMs`. */
function latencyLine(values: number[], limitMs: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  const late = sorted.filter((v) => v > limitMs).length;
  return `p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms, past ${limitMs / 1_000} s ${late}`;
}

/** p50, p99 and the count past the limit, as fields named after `name`, for the JSON line. */
function latencyFigures(name: string, values: number[], limitMs: number): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    [`${name}P50`]: percentile(sorted, 50),
    [`${name}P99`]: percentile(sorted, 99),
    [`${name}Late`]: sorted.filter((v) => v > limitMs).length,
  };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const token = `soak.${'x'.repeat(24)}.token`;
  const fake = await FakeDiscord.start({
    token,
    validateBodies: VALIDATE === 'on',
    // Discord's REST handles one message at a time per channel, so a crowd talks in many channels.
    guilds: [{ channels: CHANNELS.flatMap((i) => [`general-${i}`, `ask-${i}`]) }],
    waitTimeoutMs: 30_000,
    // Only the soak reads the bodies it needs: a body the spec refuses is recorded, not refused.
    rejectInvalidBodies: false,
  });
  const general = fake.guild.channels.filter((c) => c.name?.startsWith('general-'));
  const ask = fake.guild.channels.filter((c) => c.name?.startsWith('ask-'));
  const dataDir = tempDir();
  await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });

  const child = startChild(
    ...startCommand(BOT_DIR),
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
    const loadBefore = load();
    const burstCpu = cpuMeter(pid);
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
    // Done when every interaction has its final answer, or lost its window with no first response.
    const settled = (id: string) =>
      ledger.finalMs.has(id) || (!ledger.answers.has(id) && Date.now() - ledger.sentAt.get(id)!.at > 5_000);
    for (let waited = 0; waited < BURST_WAIT_MS && !burstIds.every(settled); waited += 100) await sleep(100);
    const burstCpuUsed = burstCpu();
    const first = burstIds.flatMap((id) => ledger.firstMs.get(id) ?? []);
    const final = burstIds.flatMap((id) => ledger.finalMs.get(id) ?? []);
    const burstLost = burstIds.filter((id) => !ledger.answers.has(id)).length;
    const burstUnfinished = burstIds.filter((id) => !ledger.finalMs.has(id)).length;
    fake.forget(10_000);
    const burstLines = [
      `Burst of ${BURST.toLocaleString('en')} /ask interactions at once (fake validation ${VALIDATE}, load average ${loadBefore}):`,
      `  first response: ${latencyLine(first, FIRST_RESPONSE_LIMIT_MS)}, none ${burstLost}`,
      `  final answer:   ${latencyLine(final, FINAL_ANSWER_LIMIT_MS)}, none ${burstUnfinished}`,
      `  ${burstCpuUsed.line}`,
    ];
    console.log(burstLines.join('\n'));
    const figures: Record<string, unknown> = {
      burst: BURST,
      validate: VALIDATE,
      botDir: BOT_DIR,
      load: loadBefore,
      ...latencyFigures('first', first, FIRST_RESPONSE_LIMIT_MS),
      noFirst: burstLost,
      ...latencyFigures('final', final, FINAL_ANSWER_LIMIT_MS),
      noFinal: burstUnfinished,
      botCpuS: Number(burstCpuUsed.bot.toFixed(2)),
      fakeCpuS: Number(burstCpuUsed.fake.toFixed(2)),
      wallS: Number(burstCpuUsed.wall.toFixed(2)),
    };
    if (SECONDS === 0) {
      console.log(`SOAK_JSON ${JSON.stringify(figures)}`);
      return;
    }

    // ── 2. Mixed soak ───────────────────────────────────────────────────────
    const ticks = Math.ceil((SECONDS * 1_000) / TICK_MS);
    const rssDuring: number[] = [];
    const soakCpu = cpuMeter(pid);
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
    const soakCpuUsed = soakCpu();
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
      `Mixed soak: ${users.toLocaleString('en')} distinct users in ${soakSeconds.toFixed(0)} s (${(users / soakSeconds).toFixed(0)} events/s): slash commands, and mentions, DMs and ask-channel chat at ${MESSAGES_PER_SECOND}/s`,
      `  ${soakCpuUsed.line}`,
      `RSS: start ${mb(rssStart)}, during max ${mb(Math.max(...rssDuring))} (samples ${rssDuring.map(mb).join(', ')}), after ${mb(rssAfter)}`,
      `Messages: ${all.sent.toLocaleString('en')} events expecting an answer (burst + soak), lost ${all.lost}, doubled ${all.doubled}`,
      ...(['interaction', 'mention', 'dm', 'chat'] as const).map((kind) => {
        const s = ledger.summary(kind);
        return `  ${kind}: sent ${s.sent.toLocaleString('en')}, lost ${s.lost}, doubled ${s.doubled}`;
      }),
      `Bot log lines at warn or above: ${logs.filter((l) => l.level >= 40).length} (error or above: ${logs.filter((l) => l.level >= 50).length})`,
    ];
    console.log(lines.join('\n'));
    Object.assign(figures, {
      rssStartMb: Math.round(rssStart / 1024),
      rssMaxMb: Math.round(Math.max(...rssDuring) / 1024),
      rssAfterMb: Math.round(rssAfter / 1024),
      lost: all.lost,
      doubled: all.doubled,
      soakBotCpuS: Number(soakCpuUsed.bot.toFixed(1)),
      soakFakeCpuS: Number(soakCpuUsed.fake.toFixed(1)),
    });
    console.log(`SOAK_JSON ${JSON.stringify(figures)}`);
  } finally {
    await child.kill();
    await fake.close();
    dataDir.remove();
  }
}

await main();
