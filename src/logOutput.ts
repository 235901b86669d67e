import pino from 'pino';

/**
 * Where log lines go, and in what shape. A person at a terminal reads one short line per event;
 * a log collector (Docker, systemd, a file) reads pino's JSON, one object per line. LOG_FORMAT
 * chooses; by default (auto) the terminal gets lines and anything else JSON.
 */
export type LogFormat = 'pretty' | 'json';
export const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;

/** LOG_FORMAT as set (empty or absent is auto), or undefined when it is none of auto, pretty, json. */
export function readLogFormat(setting: string | undefined, isTerminal: boolean): LogFormat | undefined {
  const value = (setting ?? '').trim().toLowerCase();
  if (value === '' || value === 'auto') return isTerminal ? 'pretty' : 'json';
  return value === 'pretty' || value === 'json' ? value : undefined;
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** pino's own fields, and those a reader at a terminal has no use for. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err', 'v']);

/**
 * One JSON log line as a person reads it: `09:14:03 warn  message (key=value, …)`. A fatal line
 * is the process's last word before it exits, so it is the message alone: a sentence.
 */
export function formatLogLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const level = typeof record.level === 'number' ? record.level : 30;
  const err = record.err as { message?: unknown; code?: unknown } | undefined;
  const msg = String(record.msg ?? '');
  const cause =
    err && typeof err.message === 'string' && err.message !== '' && !msg.includes(err.message)
      ? `: ${err.message}${typeof err.code === 'string' ? ` (${err.code})` : ''}`
      : '';
  if (level >= 60) return `${msg}${cause}\n`;
  const extras = Object.entries(record)
    // Empty lists and false flags say nothing a person needs at a glance; the JSON format keeps them.
    .filter(([key, value]) => !HIDDEN.has(key) && !isBlank(value))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 19) : '';
  const tag = (LEVELS[level] ?? String(level)).padEnd(5);
  return `${time} ${tag} ${msg}${cause}${extras.length ? ` (${extras.join(', ')})` : ''}\n`;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0);
}

/**
 * The interactive console, while its prompt waits for a line, takes each log line: it clears the
 * prompt, lets the line print, and draws the prompt again with what was being typed, so a log line
 * (a reload, a folder change) never lands in the middle of a question.
 */
export type AbovePrompt = (print: () => void) => void;
let abovePrompt: AbovePrompt | undefined;

/** Registers the console's hook; the function returned removes it. */
export function printLogsAbovePrompt(hook: AbovePrompt): () => void {
  abovePrompt = hook;
  return () => {
    if (abovePrompt === hook) abovePrompt = undefined;
  };
}

/**
 * A pino destination in the chosen format, on stderr through pino's own synchronous writer (which
 * copes with a full pipe), so a fatal line is out before the process exits.
 */
export function logOutput(
  format: LogFormat,
  sink: { write: (text: string) => unknown } = pino.destination({ dest: 2, sync: true }),
): pino.DestinationStream {
  return {
    write(line: string) {
      const print = () => {
        sink.write(format === 'pretty' ? formatLogLine(line.trimEnd()) : line);
      };
      if (abovePrompt) abovePrompt(print);
      else print();
    },
  };
}
