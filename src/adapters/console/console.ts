import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandContext } from '../../bot/context.ts';
import { execute } from '../../bot/execute.ts';
import { printLogsAbovePrompt } from '../../logOutput.ts';
import { renderText } from '../../reply/renderText.ts';
import type { Reply, ReplyImage } from '../../reply/types.ts';
import type { Core, Transport } from '../transport.ts';
import { CLEAR_SCREEN, consoleWord, formatHistory, wordOutsideConsole } from './consoleWords.ts';
import { parseLine } from './parseLine.ts';

export interface ConsoleOptions extends Core {
  input?: Readable;
  output?: Writable;
  /** Where earlier sessions' lines are kept for the up arrow; none when undefined. */
  historyFile?: string;
  userName?: string;
}

const HELP = `Type a question, or a command as in Discord:
  /ask When was the KIA founded?      /timeline when:2025
  /compare Japan other:China          /market Australia
  /benefits   /summary   /section Why Myanmar Matters   /help
  /daily preview   /daily now   /daily set channel:news time:09:00 timezone:Asia/Kolkata
Tab completes command names, the arrows recall earlier lines; "history" lists them, "clear" clears
the screen, "exit" or Ctrl-D quits.`;

/**
 * A line's outcome: a reply, with the charts its pages carry (a terminal prints the text; --charts
 * writes these), or a line that named no command or misused one (exit code 2 for --execute).
 */
export type LineOutcome = { kind: 'reply'; text: string; images: ReplyImage[] } | { kind: 'usage'; text: string };

/** Run one console line to text. The console acts as the server's admin and the bot's owner, so /daily and /reload work here too. */
export async function runLine(line: string, options: ConsoleOptions): Promise<string> {
  return (await executeLine(line, options)).text;
}

export async function executeLine(line: string, options: ConsoleOptions): Promise<LineOutcome> {
  // The interactive console handles its words before this; anywhere else one is a mistake, not a question.
  if (consoleWord(line)) return { kind: 'usage', text: wordOutsideConsole(line) };
  const parsed = parseLine(line, options.commands);
  if (!parsed.ok) return { kind: 'usage', text: parsed.error };
  const ctx = contextFor(options);
  const first = await execute(parsed.command, parsed.args, ctx);
  const pages: Reply[] = [first];
  // Buttons cannot be pressed in a terminal, so every page is printed.
  if (first.pager && parsed.command.kind !== 'message' && parsed.command.page) {
    for (let n = 2; n <= first.pager.total; n++) pages.push(parsed.command.page(first.pager.key, n, ctx));
  }
  const images = pages.flatMap((p) => (p.image ? [p.image] : []));
  return { kind: 'reply', text: pages.map(renderText).join('\n\n'), images };
}

function contextFor(options: ConsoleOptions): CommandContext {
  return {
    engine: options.engine,
    user: { id: 'console', name: options.userName ?? 'you' },
    guildId: 'console',
    canManageGuild: true,
    // Whoever runs the console runs the bot, and has one conversation with it.
    isOwner: true,
    conversation: 'console',
    now: new Date(),
    services: options.services,
  };
}

/** The console as a transport: it serves one person at a terminal until they quit or the process stops. */
export function createConsole(options: ConsoleOptions): Transport {
  const stopped = new AbortController();
  return {
    start: () => runConsole(options, stopped.signal),
    stop: async () => stopped.abort(),
  };
}

export async function runConsole(options: ConsoleOptions, signal?: AbortSignal): Promise<void> {
  const output = options.output ?? process.stdout;
  const names = options.commands.filter((c) => c.kind !== 'message').map((c) => `/${c.name}`);
  const rl: Interface = createInterface({
    input: options.input ?? process.stdin,
    output,
    prompt: 'report> ',
    history: readHistory(options.historyFile),
    historySize: 500,
    completer: (line: string) => {
      const hits = names.filter((n) => n.startsWith(line));
      return [hits.length ? hits : names, line];
    },
  });
  output.write(`${HELP}\n`);
  // While the prompt waits, a log line (a reload, a folder change) goes above it and the line being
  // typed is drawn again under it; while an answer is printed, the log line simply follows.
  let waiting = false;
  const terminal = (output as { isTTY?: boolean }).isTTY === true;
  const releaseLogs = terminal
    ? printLogsAbovePrompt((print) => {
        if (!waiting) return print();
        clearLine(output, 0);
        cursorTo(output, 0);
        print();
        rl.prompt(true);
      })
    : undefined;
  rl.once('close', () => releaseLogs?.());
  signal?.addEventListener('abort', () => rl.close(), { once: true });
  // Ctrl-D during an answer closes the interface while buffered lines are still read (Node 24 throws on a prompt then).
  let closed = false;
  rl.once('close', () => {
    closed = true;
  });
  // Oldest first, as `history` prints them: earlier sessions' lines, then this one's.
  const typed = readHistory(options.historyFile).reverse();
  rl.prompt();
  waiting = true;
  for await (const raw of rl) {
    waiting = false;
    const line = raw.trim();
    const word = consoleWord(line);
    if (word === 'exit') break;
    if (word === 'help') output.write(`${HELP}\n`);
    else if (word === 'clear') output.write(CLEAR_SCREEN);
    else if (word === 'history') output.write(`${formatHistory(typed)}\n`);
    else if (line !== '') {
      typed.push(line);
      saveHistory(options.historyFile, line);
      try {
        output.write(`${await runLine(line, options)}\n\n`);
      } catch (error) {
        output.write(`Sorry, something went wrong: ${(error as Error).message}\n\n`);
      }
    }
    if (!closed) {
      rl.prompt();
      waiting = true;
    }
  }
  rl.close();
}

function readHistory(file: string | undefined): string[] {
  if (!file) return [];
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 500);
  } catch {
    return [];
  }
}

function saveHistory(file: string | undefined, line: string): void {
  if (!file) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${line.replace(/\n/g, ' ')}\n`);
  } catch {
    // History is a convenience; an unwritable data folder must not stop the console.
  }
}
