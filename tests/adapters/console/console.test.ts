import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole, runLine } from '../../../src/adapters/console/console.ts';
import { parseLine } from '../../../src/adapters/console/parseLine.ts';
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
    ['/benefits hide:maybe', '"maybe" is not a valid boolean for hide.'],
    ['/daily sometimes', '/daily needs one of: set, off, status, preview, now.'],
  ])('explains %j', (line, error) => {
    const parsed = parseLine(line, commands);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toBe(error);
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

  it('ends on Ctrl-D (end of input)', async () => {
    const input = new PassThrough();
    const done = runConsole({ engine, commands, services: {}, input, output: new PassThrough() });
    input.end();
    await expect(done).resolves.toBeUndefined();
  });
});
