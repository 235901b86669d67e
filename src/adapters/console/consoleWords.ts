/**
 * Words that steer the console itself rather than ask the report anything. Typed at the prompt
 * they are handled here, so they are never answered as questions, never recorded for /insights,
 * and never kept in the history file.
 */
export type ConsoleWord = 'exit' | 'help' | 'clear' | 'history';

const WORDS: Record<string, ConsoleWord> = {
  exit: 'exit',
  quit: 'exit',
  help: 'help',
  '?': 'help',
  clear: 'clear',
  cls: 'clear',
  history: 'history',
};

/** The word a line is, in any case and with or without a trailing "!" or ".", or undefined. */
export function consoleWord(line: string): ConsoleWord | undefined {
  const word = line
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');
  return Object.hasOwn(WORDS, word) ? WORDS[word] : undefined;
}

/** The screen cleared and the cursor home, as `clear` does in a shell. */
export const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H';

/** The last `count` lines typed, oldest first and numbered, as a shell's `history` prints them. */
export function formatHistory(lines: readonly string[], count = 20): string {
  if (lines.length === 0) return 'No earlier lines yet.';
  const start = Math.max(0, lines.length - count);
  const width = String(lines.length).length;
  return lines
    .slice(start)
    .map((line, i) => `${String(start + i + 1).padStart(width)}  ${line}`)
    .join('\n');
}

/** For --execute, which runs one line and exits: a console word there has nothing to act on. */
export function wordOutsideConsole(typed: string): string {
  return `"${typed.trim()}" is a word for the interactive console (npm start). --execute runs one command or question, e.g. npm start -- --execute "/compare India".`;
}
