/** Settings from the environment (and .env), checked once at start-up. */
import { forgeableKeyProblem } from './adapters/discord/http/publicKeyCheck.ts';
import { parseTime, validateTimezone } from './daily/domain/time.ts';
import { DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS } from './insights/retention.ts';
import { LOG_FORMATS, readLogFormat } from './logOutput.ts';
import type { ShardSet } from './shard/ownership.ts';

export interface Config {
  token?: string;
  clientId?: string;
  guildId?: string;
  askChannelIds: string[];
  apiUrl: string;
  logLevel: string;
  cooldownSeconds: number;
  dataDir: string;
  /** Postgres for the daily store when set (several hosts, one database); SQLite in dataDir otherwise. */
  databaseUrl?: string;
  daily?: { channelId: string; time: string; timezone: string };
  /** Slash commands, autocomplete and buttons over HTTP (an Interactions Endpoint URL) when set. */
  interactions?: { port: number; publicKey: string };
  /** How many shards `npm run start:shards` runs; 'auto' asks Discord (GET /gateway/bot). */
  shardCount: number | 'auto';
  /** Serves GET /healthz here when set (gateway state per shard, store reachability). */
  healthPort?: number;
  /** The shards this process runs, when a launcher (discord.js's ShardingManager) set SHARDS; one process runs all otherwise. */
  shards?: ShardSet;
  /** Days questions and votes are kept for /insights before the daily purge deletes them. */
  feedbackRetentionDays: number;
  /** An OpenAI-compatible server for generated answers (servers opt in by /settings answers); unset: extractive only. */
  llm?: LlmSettings;
  /** How long a shutdown may take before the process exits anyway (SHUTDOWN_DEADLINE_SECONDS; 8 s when unset). */
  shutdownDeadlineMs?: number;
  /** Every attempt of one request to Discord together (DISCORD_REQUEST_TIMEOUT_SECONDS; 10 s when unset). */
  requestBudgetMs?: number;
}

export interface LlmSettings {
  baseUrl: string;
  model: string;
  /** Never logged; most local servers (Ollama, llama.cpp) need none. */
  apiKey?: string;
  /** The whole generated answer, queue wait included, must arrive within this; the extractive one is sent otherwise. */
  timeoutMs: number;
  /** Requests in flight to the server at once, across every Discord server. */
  concurrency: number;
}

export const DEFAULT_LLM_TIMEOUT_MS = 8000;
export const DEFAULT_LLM_CONCURRENCY = 2;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const SNOWFLAKE = /^\d{17,20}$/;
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const DEFAULT_API_URL = 'https://discord.com/api';

/** One clear line per problem, each naming its variable; a token's value is never repeated back. */
export function readConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };
  const snowflake = (name: string) => {
    const v = value(name);
    if (v !== undefined && !SNOWFLAKE.test(v))
      problems.push(`${name} must be a Discord ID (17–20 digits), got "${v.slice(0, 40)}".`);
    return v;
  };

  const token = value('DISCORD_TOKEN');
  if (token !== undefined && (/\s/.test(token) || token.length < 20)) {
    problems.push(
      'DISCORD_TOKEN does not look like a bot token (copy it again from the Bot page of the developer portal).',
    );
  }
  const clientId = snowflake('DISCORD_CLIENT_ID');
  const guildId = snowflake('GUILD_ID');

  const askChannelIds = (value('ASK_CHANNEL_IDS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const badChannel = askChannelIds.find((id) => !SNOWFLAKE.test(id));
  if (badChannel)
    problems.push(`ASK_CHANNEL_IDS must be channel IDs separated by commas; "${badChannel.slice(0, 40)}" is not one.`);

  const apiUrl = (value('DISCORD_API_URL') ?? DEFAULT_API_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(apiUrl))
    problems.push(`DISCORD_API_URL must be an http(s) URL such as ${DEFAULT_API_URL}.`);
  // The REST client adds /v10 itself (and the REST proxy strips /api/v10), so a version here would be doubled.
  else if (/\/v\d+$/.test(apiUrl))
    problems.push(
      `DISCORD_API_URL names the API without its version, such as ${DEFAULT_API_URL} or http://PROXY-HOST:8080/api.`,
    );

  const logLevel = (value('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LEVELS.join(', ')}.`);
  // The logger reads it itself (it exists before the config); here it is only checked.
  if (readLogFormat(value('LOG_FORMAT'), false) === undefined)
    problems.push(`LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')} (auto: lines on a terminal, JSON otherwise).`);

  const cooldownRaw = value('ASK_COOLDOWN_SECONDS') ?? '5';
  const cooldownSeconds = Number(cooldownRaw);
  if (!/^\d+(\.\d+)?$/.test(cooldownRaw) || cooldownSeconds > 3600)
    problems.push('ASK_COOLDOWN_SECONDS must be a number of seconds from 0 to 3600.');

  const retentionRaw = value('FEEDBACK_RETENTION_DAYS') ?? String(DEFAULT_RETENTION_DAYS);
  const feedbackRetentionDays = Number(retentionRaw);
  if (!/^\d+$/.test(retentionRaw) || feedbackRetentionDays < 1 || feedbackRetentionDays > MAX_RETENTION_DAYS)
    problems.push(
      `FEEDBACK_RETENTION_DAYS must be a whole number of days from 1 to ${MAX_RETENTION_DAYS} (default ${DEFAULT_RETENTION_DAYS}).`,
    );

  const dataDir = value('DATA_DIR') ?? './data';
  const databaseUrl = readDatabaseUrl(value('DATABASE_URL'), problems);

  const shardCount = readShardCount(value('SHARD_COUNT'), problems);
  const healthPort = readPort('HEALTH_PORT', value('HEALTH_PORT'), problems);
  const shards = readShards(value('SHARDS'), shardCount, problems);

  const dailyChannel = snowflake('DAILY_CHANNEL_ID');
  const dailySettings = readDailySettings(value, dailyChannel);
  problems.push(...dailySettings.problems);
  const daily = dailySettings.daily;
  // Asked of the variable being set, not of a valid schedule: a mistyped channel and a missing
  // GUILD_ID are both named in one run, rather than the second only after the first is fixed.
  if (dailyChannel !== undefined && value('GUILD_ID') === undefined)
    problems.push('GUILD_ID is needed with DAILY_CHANNEL_ID: the default schedule belongs to that server.');

  const interactions = readInteractions(value('INTERACTIONS_PORT'), value('DISCORD_PUBLIC_KEY'), problems);
  const llm = readLlm(value, problems);
  // Docker's default stop timeout is 10 s: a shutdown deadline past it would never be reached.
  const shutdownDeadlineMs = readSeconds(
    'SHUTDOWN_DEADLINE_SECONDS',
    value('SHUTDOWN_DEADLINE_SECONDS'),
    1,
    60,
    problems,
  );
  const requestBudgetMs = readSeconds(
    'DISCORD_REQUEST_TIMEOUT_SECONDS',
    value('DISCORD_REQUEST_TIMEOUT_SECONDS'),
    1,
    60,
    problems,
  );

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      token,
      clientId,
      guildId,
      askChannelIds,
      apiUrl,
      logLevel,
      cooldownSeconds,
      dataDir,
      databaseUrl,
      daily,
      ...(interactions ? { interactions } : {}),
      shardCount,
      ...(healthPort === undefined ? {} : { healthPort }),
      ...(shards === undefined ? {} : { shards }),
      feedbackRetentionDays,
      ...(llm ? { llm } : {}),
      ...(shutdownDeadlineMs === undefined ? {} : { shutdownDeadlineMs }),
      ...(requestBudgetMs === undefined ? {} : { requestBudgetMs }),
    },
  };
}

/** A number of seconds within bounds, in milliseconds; undefined when unset (the caller's default applies). */
function readSeconds(name: string, raw: string | undefined, min: number, max: number, problems: string[]) {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || seconds < min || seconds > max) {
    problems.push(`${name} must be a number of seconds from ${min} to ${max}, got "${raw.slice(0, 40)}".`);
    return undefined;
  }
  return Math.round(seconds * 1000);
}

/**
 * LLM_BASE_URL turns generated answers on (LLM_MODEL with it); without it the other LLM_*
 * variables are named as problems rather than silently ignored. The key is never quoted back.
 */
function readLlm(value: (name: string) => string | undefined, problems: string[]): LlmSettings | undefined {
  const baseUrl = value('LLM_BASE_URL')?.replace(/\/+$/, '');
  const model = value('LLM_MODEL');
  const apiKey = value('LLM_API_KEY');
  const timeoutText = value('LLM_TIMEOUT_MS');
  const concurrencyText = value('LLM_CONCURRENCY');
  if (baseUrl === undefined) {
    const stray = ['LLM_MODEL', 'LLM_API_KEY', 'LLM_TIMEOUT_MS', 'LLM_CONCURRENCY'].filter(
      (n) => value(n) !== undefined,
    );
    if (stray.length > 0)
      problems.push(`${stray.join(', ')} set without LLM_BASE_URL: generated answers need the server's URL.`);
    return undefined;
  }
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl) || !URL.canParse(baseUrl))
    problems.push('LLM_BASE_URL must be an http(s) URL such as http://localhost:11434/v1 (Ollama).');
  if (model === undefined) problems.push('LLM_MODEL is needed with LLM_BASE_URL, e.g. llama3.1:8b.');
  const timeoutMs = Number(timeoutText ?? DEFAULT_LLM_TIMEOUT_MS);
  if (!/^\d+$/.test(String(timeoutText ?? DEFAULT_LLM_TIMEOUT_MS)) || timeoutMs < 500 || timeoutMs > 120_000)
    problems.push(`LLM_TIMEOUT_MS must be milliseconds from 500 to 120000 (default ${DEFAULT_LLM_TIMEOUT_MS}).`);
  const concurrency = Number(concurrencyText ?? DEFAULT_LLM_CONCURRENCY);
  if (!/^\d+$/.test(String(concurrencyText ?? DEFAULT_LLM_CONCURRENCY)) || concurrency < 1 || concurrency > 64)
    problems.push(`LLM_CONCURRENCY must be a whole number from 1 to 64 (default ${DEFAULT_LLM_CONCURRENCY}).`);
  if (model === undefined) return undefined;
  return { baseUrl, model, ...(apiKey ? { apiKey } : {}), timeoutMs, concurrency };
}

/** Both or neither: a port without the key could not tell Discord's requests from anyone's. */
function readInteractions(
  portText: string | undefined,
  key: string | undefined,
  problems: string[],
): Config['interactions'] {
  if (portText === undefined && key === undefined) return undefined;
  const port = readPort('INTERACTIONS_PORT', portText, problems);
  if (key !== undefined && !/^[0-9a-fA-F]{64}$/.test(key))
    problems.push(
      'DISCORD_PUBLIC_KEY must be the Public Key from General Information in the developer portal: 64 hexadecimal characters.',
    );
  else if (key !== undefined && forgeableKeyProblem(key))
    // Anyone could sign interactions for such a key; Discord never issues one, so it is a copying mistake.
    problems.push(
      `DISCORD_PUBLIC_KEY is refused: ${forgeableKeyProblem(key)}. Copy the Public Key from General Information in the developer portal.`,
    );
  if (portText === undefined)
    problems.push(
      'INTERACTIONS_PORT is needed with DISCORD_PUBLIC_KEY: the port the interactions endpoint listens on.',
    );
  if (key === undefined)
    problems.push(
      "DISCORD_PUBLIC_KEY is needed with INTERACTIONS_PORT: without it the endpoint cannot check Discord's signatures.",
    );
  return port !== undefined && key !== undefined ? { port, publicKey: key.toLowerCase() } : undefined;
}

/** Discord caps a bot's shards far below this; a larger number is a typo, not a plan. */
const MAX_SHARDS = 4096;

function readShardCount(text: string | undefined, problems: string[]): number | 'auto' {
  if (text === undefined || text.toLowerCase() === 'auto') return 'auto';
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1 || count > MAX_SHARDS) {
    problems.push(
      `SHARD_COUNT must be "auto" or a whole number of shards from 1 to ${MAX_SHARDS}, got "${text.slice(0, 40)}".`,
    );
    return 'auto';
  }
  return count;
}

/** SHARDS is what ShardingManager gives each child: its shard id (or a JSON array of ids) out of SHARD_COUNT. */
function readShards(text: string | undefined, count: number | 'auto', problems: string[]): ShardSet | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const ids = typeof parsed === 'number' ? [parsed] : parsed;
  if (count === 'auto') {
    problems.push('SHARDS is set, so SHARD_COUNT must be the whole number of shards the bot runs, not "auto".');
    return undefined;
  }
  const valid =
    Array.isArray(ids) && ids.length > 0 && ids.every((id) => Number.isInteger(id) && id >= 0 && id < count);
  if (!valid) {
    problems.push(
      `SHARDS must be a shard id from 0 to ${count - 1} (or a JSON array of them), got "${text.slice(0, 40)}".`,
    );
    return undefined;
  }
  return { ids: [...new Set(ids as number[])], count };
}

/** A TCP port setting: every *_PORT variable (HEALTH_PORT, INTERACTIONS_PORT, PROXY_PORT) is read here. */
export function readPort(name: string, text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65_535) {
    problems.push(`${name} must be a port number from 1 to 65535, got "${text.slice(0, 40)}".`);
    return undefined;
  }
  return port;
}

/** The value is never quoted back: it usually holds the database password. */
function readDatabaseUrl(url: string | undefined, problems: string[]): string | undefined {
  if (url === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url) || !URL.canParse(url)) {
    problems.push(
      'DATABASE_URL must be a postgres:// (or postgresql://) URL such as postgres://bot:PASSWORD@db.example:5432/bot; ' +
        'its value is not shown, as it may hold a password.',
    );
  }
  return url;
}

type DailyDefault = NonNullable<Config['daily']>;

/**
 * Each DAILY_* variable is checked on its own, so a mistyped zone is reported even when the
 * others are unset; together they make the one-server default schedule.
 */
function readDailySettings(
  value: (name: string) => string | undefined,
  channelId: string | undefined,
): { daily?: DailyDefault; problems: string[] } {
  const problems: string[] = [];
  const timeText = value('DAILY_TIME');
  const zoneText = value('DAILY_TIMEZONE');
  const time = timeText === undefined ? undefined : parseTime(timeText);
  if (time && !time.ok) problems.push(`DAILY_TIME: ${time.error}`);
  // The zone's own message already offers the nearest names.
  const zone = validateTimezone(zoneText ?? 'UTC');
  if (!zone.ok) problems.push(`DAILY_TIMEZONE: ${zone.error}`);

  if (channelId === undefined && timeText === undefined) {
    if (zoneText !== undefined && zone.ok)
      problems.push('DAILY_TIMEZONE is set, but a default schedule also needs DAILY_CHANNEL_ID and DAILY_TIME.');
    return { problems };
  }
  if (channelId === undefined) problems.push('DAILY_CHANNEL_ID is needed when DAILY_TIME is set.');
  if (timeText === undefined) problems.push('DAILY_TIME (HH:MM) is needed when DAILY_CHANNEL_ID is set.');
  if (channelId === undefined || !time?.ok || !zone.ok) return { problems };
  return { daily: { channelId, time: time.text, timezone: zone.timezone }, problems };
}
