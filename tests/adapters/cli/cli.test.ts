import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { answerJson } from '../../../src/adapters/cli/answerJson.ts';
import { planAsk, USAGE } from '../../../src/adapters/cli/askArgs.ts';
import { childEnv, nodeTsx, ROOT, runChild, tempDir } from '../../e2e/child.ts';
import { engine } from '../../helpers.ts';

/** The command-line entry points as a person or a script runs them: real processes, real exit codes. */

const PROCESS_MS = 30_000;
const dataDir = tempDir();
afterAll(() => dataDir.remove());
const env = () => childEnv({ DATA_DIR: dataDir.path, LOG_LEVEL: 'silent' });

describe('npm start -- --execute', () => {
  it(
    'prints the reply on stdout and exits 0',
    async () => {
      const run = await runChild(...nodeTsx('src/main.ts', '--execute', '/compare Japan'), env(), PROCESS_MS);
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(run.stdout).toContain('Strategic Risk Level:\n  Low');
    },
    PROCESS_MS,
  );

  it(
    'exits 2 with the error on stderr for an unknown command',
    async () => {
      const run = await runChild(...nodeTsx('src/main.ts', '--execute', '/bogus'), env(), PROCESS_MS);
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: 'Unknown command /bogus. Type /help to see the commands.\n',
      });
    },
    PROCESS_MS,
  );

  it(
    'exits 2 for a misused command and for no command at all',
    async () => {
      const misused = await runChild(...nodeTsx('src/main.ts', '--execute', '/compare country:'), env(), PROCESS_MS);
      expect([misused.code, misused.stdout]).toEqual([2, '']);
      expect(misused.stderr).toMatch(/^Missing country\. Usage: \/compare /);
      const empty = await runChild(...nodeTsx('src/main.ts', '--execute'), env(), PROCESS_MS);
      expect([empty.code, empty.stdout]).toEqual([2, '']);
      expect(empty.stderr).toContain('--execute needs a command');
    },
    PROCESS_MS,
  );
});

describe('npm run ask', () => {
  it(
    'prints the usage on --help and exits 0, without answering it as a question',
    async () => {
      const run = await runChild(...nodeTsx('src/adapters/cli/ask.ts', '--help'), env(), PROCESS_MS);
      expect(run).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: '' });
    },
    PROCESS_MS,
  );

  it(
    'refuses an unknown flag with exit 2 instead of folding it into the question',
    async () => {
      const run = await runChild(...nodeTsx('src/adapters/cli/ask.ts', '--jsno', 'When was the KIA founded?'), env());
      expect(run).toEqual({ code: 2, stdout: '', stderr: `Unknown option --jsno.\n${USAGE}\n` });
    },
    PROCESS_MS,
  );

  it(
    'answers one question as JSON with every documented key',
    async () => {
      const run = await runChild(...nodeTsx('src/adapters/cli/ask.ts', '--json', 'When was the KIA founded?'), env());
      expect(run.code).toBe(0);
      const json = JSON.parse(run.stdout);
      expect(Object.keys(json)).toEqual([
        'question',
        'answered',
        'answer',
        'focus',
        'source',
        'confidence',
        'kind',
        'related',
        'suggestions',
        'table',
      ]);
      expect(json).toMatchObject({ answered: true, focus: '1961', table: null });
    },
    PROCESS_MS,
  );

  it(
    'keeps one conversation across input lines with --conversation, and only then',
    async () => {
      const turns = 'When was the KIA founded?\nwhy?\n';
      const read = async (args: string[]) => {
        const [node, nodeArgs] = nodeTsx('src/adapters/cli/ask.ts', ...args);
        const child = spawn(node, nodeArgs, { cwd: ROOT, env: env(), detached: true });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
        });
        child.stdin.end(turns);
        const code = await new Promise((done) => child.once('exit', done));
        return { code, out };
      };
      const [kept, alone] = await Promise.all([read(['--conversation']), read([])]);
      expect(kept.code).toBe(0);
      expect(kept.out).toContain('(following up on “When was the KIA founded”)');
      expect(alone.code).toBe(0);
      expect(alone.out).not.toContain('following up on');
    },
    PROCESS_MS,
  );

  // A terminal needs a pseudo-terminal; util-linux `script` gives one on Linux.
  it.skipIf(process.platform !== 'linux' || !existsSync('/usr/bin/script'))(
    'prompts at a terminal instead of waiting in silence',
    async () => {
      const child = spawn(
        '/usr/bin/script',
        ['-qec', `${process.execPath} --import tsx src/adapters/cli/ask.ts`, '/dev/null'],
        {
          cwd: ROOT,
          env: env(),
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let seen = '';
      let asked = false;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        seen += chunk;
        if (seen.includes('question> ') && !asked) {
          asked = true;
          child.stdin.write('When was the KIA founded?\r');
        }
        if (seen.includes('1961') && seen.split('question> ').length > 2) child.stdin.write('\u0004');
      });
      // Without a prompt nothing is ever typed, so the wait ends here rather than in the test's timeout.
      const timer = setTimeout(() => child.kill('SIGKILL'), PROCESS_MS - 5_000);
      const code = await new Promise((done) => child.once('exit', (c, signal) => done(c ?? signal)));
      clearTimeout(timer);
      expect(code, seen).toBe(0);
      expect(seen).toContain('Type a question and press Enter; Ctrl-D ends.');
      expect(seen).toContain('established in 1961');
    },
    PROCESS_MS,
  );
});

describe('reading npm run ask’s arguments', () => {
  it.each([
    [['--help'], { kind: 'help' }],
    [['-h', 'ignored'], { kind: 'help' }],
    [['When', 'was', 'it?'], { kind: 'question', question: 'When was it?', json: false }],
    [['q?', '--json'], { kind: 'question', question: 'q?', json: true }],
    [['--', '--help', 'me'], { kind: 'question', question: '--help me', json: false }],
    [['-5 degrees?'], { kind: 'question', question: '-5 degrees?', json: false }],
    [['--verbose', 'q'], { kind: 'misuse', problem: 'Unknown option --verbose.' }],
    [['--json'], { kind: 'lines', json: true, prompt: false }],
    [['--conversation'], { kind: 'lines', json: false, prompt: false, conversation: true }],
    [['--conversation', 'q?'], { kind: 'question', question: 'q?', json: false }],
  ])('reads %j', (argv, plan) => {
    expect(planAsk(argv, false)).toEqual(plan);
  });

  it('prompts only when a person types at a terminal', () => {
    expect(planAsk([], true)).toEqual({ kind: 'lines', json: false, prompt: true });
    expect(planAsk([], false)).toEqual({ kind: 'lines', json: false, prompt: false });
  });
});

describe('the JSON shape', () => {
  it('has table and source as null rather than missing on a plain refusal', () => {
    const json = JSON.parse(answerJson(engine.answer('Who won the 2022 World Cup?')));
    expect(json).toMatchObject({ answered: false, source: null, table: null });
  });

  it('carries the table on a table answer', () => {
    const json = JSON.parse(answerJson(engine.answer('Compare China and India')));
    expect(json.table.columns).toEqual(['', 'China', 'India']);
  });
});
