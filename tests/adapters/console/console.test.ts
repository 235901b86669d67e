import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { executeLine, runConsole, runLine } from '../../../src/adapters/console/console.ts';
import { CLEAR_SCREEN, consoleWord, formatHistory } from '../../../src/adapters/console/consoleWords.ts';
import { parseLine } from '../../../src/adapters/console/parseLine.ts';
import type { Services } from '../../../src/bot/context.ts';
import { commands, engine } from '../../helpers.ts';

describe('reading console lines as commands', () => {
  it('fills the first text option from bare text and named options after it', () => {
    const parsed = parseLine('/compare Japan other:China hide:yes', commands);
    expect(parsed.ok && parsed.args).toEqual({ country: 'Japan', other: 'China', hide: true });
  });

  it('treats a plain line as /ask, keeping colons inside the question', () => {
    // A line starting with "/" is a command; anything else goes to /ask verbatim.
    const parsed = parseLine('What happened in 2025: the timeline?', commands);
    expect(parsed.ok && parsed.command.name).toBe('ask');
    expect(parsed.ok && parsed.args).toEqual({ question: 'What happened in 2025: the timeline?' });
  });

  it('keeps a plain question whole even when it contains an option name', () => {
    const parsed = parseLine('Should India hide: its plans?', commands);
    expect(parsed.ok && parsed.args).toEqual({ question: 'Should India hide: its plans?' });
  });

  it('reads subcommands', () => {
    const parsed = parseLine('/daily set channel:#news time:09:00 timezone:Asia/Kolkata', commands);
    expect(parsed.ok && parsed.args).toEqual({
      subcommand: 'set',
      channel: { id: 'news', name: 'news' },
      time: '09:00',
      timezone: 'Asia/Kolkata',
    });
  });

  it.each([
    ['/nope', 'Unknown command /nope. Type /help to see the commands.'],
    [
      '/compare',
      'Missing country. Usage: /compare country:<string> [other:<string>] [hide:<boolean>] [mention:<user>]',
    ],
    ['/benefits hide:maybe', '"maybe" is not a valid boolean for hide. Usage: /benefits [hide:<boolean>]'],
    [
      '/compare country:',
      'Missing country. Usage: /compare country:<string> [other:<string>] [hide:<boolean>] [mention:<user>]',
    ],
    ['/timeline banana:1', '/timeline has no option "banana". Usage: /timeline [when:<string>] [hide:<boolean>]'],
    [
      '/compare Japan banana:1',
      '/compare has no option "banana". Usage: /compare country:<string> [other:<string>] [hide:<boolean>] [mention:<user>]',
    ],
    [
      '/daily set time:25:99 timezone:Mars/Base',
      [
        'That line has 3 problems:',
        '  • time: The hour must be 00 to 23 (got 25); midnight is 00:00.',
        '  • timezone: Unknown time zone "Mars/Base". Did you mean America/Boise, Antarctica/Casey, Asia/Baku?',
        '  • Missing channel.',
        'Usage: /daily set channel:<channel> time:<string> [timezone:<string>] [hide:<boolean>]',
      ].join('\n'),
    ],
    ['/daily sometimes', '/daily needs one of: set, off, status, preview, now.'],
  ])('explains %j', (line, error) => {
    const parsed = parseLine(line, commands);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toBe(error);
  });
});

describe('what the console quotes back', () => {
  it('clips a 5,000-character option in its error instead of echoing it whole', () => {
    const parsed = parseLine(`/ask question:${'x'.repeat(5000)}`, commands);
    expect(!parsed.ok && parsed.error).toBe(
      'question is too long (5,000 characters; the limit is 1,000). Usage: /ask question:<string> [hide:<boolean>] [mention:<user>]',
    );
    const unknown = parseLine(`/${'y'.repeat(5000)}`, commands);
    expect(!unknown.ok && unknown.error.length).toBeLessThan(100);
    const bare = parseLine(`/benefits ${'z '.repeat(3000)}`, commands);
    expect(!bare.ok && bare.error).toMatch(
      /^\/benefits does not take "(z ){20,}z…"\. Usage: \/benefits \[hide:<boolean>\]$/,
    );
  });

  it('strips bidi controls from a value an option check quotes', () => {
    const parsed = parseLine('/daily set channel:news time:09:00 timezone:Mars\u202e/Base', commands);
    expect(!parsed.ok && parsed.error).toMatch(/^timezone: Unknown time zone "Mars\/Base"\./);
  });

  it('reads prose colons and links as text, not as unknown options', () => {
    const parsed = parseLine('/ask question:Note: see https://example.com first', commands);
    expect(parsed.ok && parsed.args).toEqual({ question: 'Note: see https://example.com first' });
  });

  it('reads a pasted Discord mention as that member, not as a name with brackets', async () => {
    const parsed = parseLine('/ask question:When was the KIA founded? mention:<@123>', commands);
    expect(parsed.ok && parsed.args.mention).toEqual({ id: '123', name: '123' });
    const out = await runLine('/ask question:When was the KIA founded? mention:<@123>', {
      engine,
      commands,
      services: {},
    });
    expect(out.split('\n')[0]).toBe('Answer for @123');
    expect(parseLine('/compare Japan mention:@@sam', commands)).toMatchObject({
      args: { mention: { name: 'sam' } },
    });
  });
});

describe('the console', () => {
  it('answers /compare Japan as text', async () => {
    const out = await runLine('/compare Japan', { engine, commands, services: {} });
    expect(out).toContain('Japan\n─────');
    expect(out).toContain('Strategic Risk Level:\n  Low');
    expect(out).toContain('— India Myanmar Rare Earths › Comparative Analysis of Rare Earth Supply Chains');
  });

  it('runs a session: help, a question, an unknown command, then exit', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const done = runConsole({ engine, commands, services: {}, input, output });
    input.write('help\n');
    input.write('when was the kia founded\n');
    input.write('/frobnicate\n');
    input.write('exit\n');
    await done;
    expect(text).toContain('Tab completes command names');
    expect(text).toContain('established in 1961');
    expect(text).toContain('Unknown command /frobnicate');
  });

  it('takes HELP and EXIT in any case, as words rather than questions', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const done = runConsole({ engine, commands, services: {}, input, output });
    const banner = text;
    input.write('HELP\n');
    input.write('Exit\n');
    // Without "Exit" read as a word, only the end of input would stop the session.
    input.end();
    await done;
    expect(text.slice(banner.length).match(/Tab completes command names/g)).toHaveLength(1);
    expect(text).not.toMatch(/Not a question I can look up|Not in the report/);
  });

  it('ends on Ctrl-D (end of input)', async () => {
    const input = new PassThrough();
    const done = runConsole({ engine, commands, services: {}, input, output: new PassThrough() });
    input.end();
    await expect(done).resolves.toBeUndefined();
  });

  it('ends cleanly when input ends while questions are still being answered', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const done = runConsole({ engine, commands, services: {}, input, output });
    input.end('when was the kia founded\n/summary\n');
    await expect(done).resolves.toBeUndefined();
    expect(text).toContain('1961');
  });

  it('handles clear, history and quit itself: never asked, never recorded for /insights', async () => {
    const recorded: string[] = [];
    const insights = {
      recordQuestion: async (_guild: string, asked: { question: string }) => {
        recorded.push(asked.question);
        return undefined;
      },
    } as unknown as NonNullable<Services['insights']>;
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const done = runConsole({ engine, commands, services: { insights }, input, output });
    input.end('When was the KIA founded?\nclear\nHistory\nquit\nWho won the World Cup?\n');
    await done;
    expect(recorded).toEqual(['When was the KIA founded?']);
    expect(text).toContain(CLEAR_SCREEN);
    expect(text).toContain('1  When was the KIA founded?\n');
    expect(text).not.toMatch(/Not in the report|World Cup/);
  });
});

describe('console words', () => {
  it.each([
    ['clear', 'clear'],
    ['CLS', 'clear'],
    ['history', 'history'],
    ['Quit!', 'exit'],
    ['exit', 'exit'],
    ['?', 'help'],
    ['clear the tables', undefined],
    ['What is the history of the KIA?', undefined],
  ])('reads %j as %j', (line, word) => {
    expect(consoleWord(line)).toBe(word);
  });

  it('numbers the last lines typed, oldest first', () => {
    expect(formatHistory(['a', 'b', 'c'], 2)).toBe('2  b\n3  c');
    expect(formatHistory([])).toBe('No earlier lines yet.');
  });

  it('refuses a console word given to --execute, as a usage error rather than a question', async () => {
    const outcome = await executeLine('clear', { engine, commands, services: {} });
    expect(outcome.kind).toBe('usage');
    expect(outcome.text).toMatch(/^"clear" is a word for the interactive console \(npm start\)\./);
  });
});
