/**
 * npm run smoke: a newcomer's first hour, run by a script. On a copy of the repository as git
 * has it (a fresh clone, with this checkout's node_modules linked in: no network, no token), it
 * does what the README's quick start says and checks what a person would see:
 *   .env.example copied to .env; the console answering a question typed at it;
 *   npm start -- --execute, for a command, a question and a mistake; npm run ask, for people and --json;
 *   a second report dropped into knowledge/, answered by the console and npm run ask; a copy of
 *   a report dropped in, which is named;
 *   an empty knowledge/, which both refuse in one line, without a stack trace.
 * Each step prints one line; the first wrong output stops the script with status 1.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const STEP_MS = 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What a person types, run in the copy; no setting of this shell may stand in for its .env. */
function run(command: string, args: string[], cwd: string, input = ''): Run {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(DISCORD_|DAILY_|GUILD_ID|ASK_|DATABASE_URL|LOG_)/.test(name)),
  );
  const result = spawnSync(command, args, { cwd, env: { ...env, NO_COLOR: '1' }, input, timeout: STEP_MS });
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

const failures: string[] = [];
function check(step: string, result: Run, expectations: Array<[string, boolean]>): void {
  const wrong = expectations.filter(([, ok]) => !ok).map(([what]) => what);
  if (wrong.length === 0) {
    console.log(`ok    ${step}`);
    return;
  }
  failures.push(step);
  console.log(`FAIL  ${step}: ${wrong.join('; ')}`);
  console.log(`      exit ${result.code}\n----- stdout\n${result.stdout}----- stderr\n${result.stderr}-----`);
}

/** The files a clone would have: those git tracks, and new ones not ignored (so a change is smoked before its commit). */
function freshCopy(): string {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const copy = mkdtempSync(join(tmpdir(), 'report-bot-smoke-'));
  for (const file of listed.stdout.split('\0').filter((f) => f && existsSync(join(ROOT, f)))) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(copy, file));
  }
  // npm install is the one step not repeated: CI has just run npm ci, and the smoke needs no network.
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

const repo = freshCopy();
const knowledge = join(repo, 'knowledge');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
try {
  copyFileSync(join(repo, '.env.example'), join(repo, '.env'));

  const console1 = run(npm, ['start', '--silent'], repo, 'When was the KIA founded?\nclear\nhistory\nquit\n');
  check('cp .env.example .env && npm start: the console opens and answers', console1, [
    ['exit 0', console1.code === 0],
    ['says it is the local console', console1.stdout.includes('this is the local console')],
    ['answers the question', console1.stdout.includes('established in 1961')],
    ['"clear" and "history" are not asked as questions', !console1.stdout.includes('Not in the report')],
    ['nothing on stderr', console1.stderr === ''],
  ]);

  const compare = run(npm, ['start', '--', '--execute', '/compare India'], repo);
  check('npm start -- --execute "/compare India" (as the README has it)', compare, [
    ['exit 0', compare.code === 0],
    ['India’s rows', compare.stdout.includes('Strategic Risk Level:\n  High')],
  ]);
  const two = run(npm, ['start', '--silent', '--', '--execute', '/compare Japan other:China'], repo);
  check('npm start --silent -- --execute "/compare Japan other:China"', two, [
    ['exit 0', two.code === 0],
    ['both countries side by side', two.stdout.startsWith('Japan vs China\n')],
  ]);

  const question = run(npm, ['start', '--silent', '--', '--execute', 'When was the KIA founded?'], repo);
  check('npm start -- --execute with a question, not a command', question, [
    ['exit 0', question.code === 0],
    ['answered as /ask would', question.stdout.includes('1961')],
  ]);

  const mistake = run(npm, ['start', '--silent', '--', '--execute', '/compare country:'], repo);
  check('npm start -- --execute with a misused command', mistake, [
    ['exit 2', mistake.code === 2],
    ['says what is missing, on stderr', /^Missing country\. Usage: \/compare /.test(mistake.stderr)],
    ['nothing on stdout', mistake.stdout === ''],
  ]);

  const ask = run(npm, ['run', '--silent', 'ask', '--', 'When was the KIA founded?'], repo);
  check('npm run ask -- "When was the KIA founded?"', ask, [
    ['exit 0', ask.code === 0],
    ['answers', ask.stdout.includes('1961')],
  ]);

  const json = run(npm, ['run', '--silent', 'ask', '--', '--json'], repo, 'When was the KIA founded?\ntl;dr\n');
  const objects = json.stdout
    .trim()
    .split('\n')
    .map((line) => {
      try {
        return JSON.parse(line) as { answered?: boolean };
      } catch {
        return undefined;
      }
    });
  check('npm run --silent ask -- --json < questions', json, [
    ['exit 0', json.code === 0],
    ['one JSON object per line, both answered', objects.length === 2 && objects.every((o) => o?.answered === true)],
  ]);

  copyFileSync(
    join(repo, 'tests/fixtures/second-report/indonesia-nickel.txt'),
    join(knowledge, 'indonesia-nickel.txt'),
  );
  const second = run(npm, ['start', '--silent', '--', '--execute', 'When did Indonesia ban nickel ore exports?'], repo);
  check('a second report dropped into knowledge/, asked at the console', second, [
    ['exit 0', second.code === 0],
    ['answers from it', second.stdout.includes('2020')],
  ]);
  const both = run(npm, ['run', '--silent', 'ask', '--', 'When was the KIA founded?'], repo);
  check('…and the first report still answers, through npm run ask', both, [
    ['exit 0', both.code === 0],
    ['answers', both.stdout.includes('1961')],
  ]);

  copyFileSync(join(knowledge, 'india-myanmar-rare-earths.txt'), join(knowledge, 'report-copy.txt'));
  const copied = run(npm, ['start', '--silent', '--', '--execute', '/timeline when:Sept 2025'], repo);
  check('the same report dropped in twice: loaded once, the files named', copied, [
    ['exit 0', copied.code === 0],
    [
      'names both files and what to do',
      /report-copy\.txt is the same text as \S*india-myanmar-rare-earths\.txt: loaded once, from \S*india-myanmar-rare-earths\.txt\. Remove one of the two files\./.test(
        copied.stderr,
      ),
    ],
    ['lists the entry once', copied.stdout.split('Reports emerge').length === 2],
  ]);
  unlinkSync(join(knowledge, 'report-copy.txt'));

  for (const file of readdirSync(knowledge)) if (/\.(txt|md)$/.test(file)) unlinkSync(join(knowledge, file));
  const emptyStart = run(npm, ['start', '--silent', '--', '--execute', '/summary'], repo);
  const emptyAsk = run(npm, ['run', '--silent', 'ask', '--', 'When was the KIA founded?'], repo);
  for (const [step, result] of [
    ['npm start with no report in knowledge/', emptyStart],
    ['npm run ask with no report in knowledge/', emptyAsk],
  ] as const) {
    check(step, result, [
      ['exit 1', result.code === 1],
      [
        'one line saying to add a report',
        /^Could not load the reports in knowledge\/: No report found in .*add a \.txt or \.md file\.\n$/.test(
          result.stderr,
        ),
      ],
      ['no stack trace', !result.stderr.includes('    at ')],
    ]);
  }
} finally {
  rmSync(repo, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.log(`\n${failures.length} smoke step(s) failed.`);
  process.exit(1);
}
console.log('\nThe quick start works as the README says.');
