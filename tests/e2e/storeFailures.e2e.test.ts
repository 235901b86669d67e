import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandOptionType as Option,
  PermissionFlagsBits,
} from 'discord.js';
import { afterAll, describe, expect, it } from 'vitest';
import { NOTHING_SAVED } from '../../src/store/writeError.ts';
import { freePort } from '../freePort.ts';
import { partlyCorruptDatabase } from '../store/fixtures/corrupt.ts';
import { fillDisk, mountSmallDisk } from '../store/fixtures/smallDisk.ts';
import { botEnv, type Child, nodeTsx, runChild } from './child.ts';
import type { FakeDiscord } from './fake/index.ts';
import { DEFAULT_PERMISSIONS } from './fake/payloads.ts';
import { callbackBody, embedOf, makeToken, replyOf } from './harness.ts';
import { useProcesses } from './useProcesses.ts';

/**
 * The real bot process (npm start's entry) on an operator's bad day under DATA_DIR: a second real
 * process holding bot.sqlite's write lock (BEGIN EXCLUSIVE), as a backup tool or a sqlite3 shell in
 * a transaction would; DATA_DIR deleted under it; a partly corrupt file at start. Answers go on,
 * a change is never confirmed unless stored, and /healthz says why it is 503.
 */

const STARTUP_MS = 20_000;
/** Longer than a write's whole wait for the lock (LOCK_WAIT.totalMs, 10 s), so the write gives up. */
const LOCK_HELD_MS = 13_000;
const HOLD_LOCK = join(import.meta.dirname, '..', 'store', 'fixtures', 'holdLock.mjs');
const ADMIN = (BigInt(DEFAULT_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();

const started = useProcesses();

/** A bot process with /healthz, connected to a fresh fake Discord. */
async function startBot(dataDir: string) {
  const token = makeToken();
  const fake = await started.fake({ token });
  const port = await freePort();
  const bot = started.start(
    ...nodeTsx('src/main.ts'),
    botEnv({ token, apiUrl: fake.apiUrl, dataDir }, { HEALTH_PORT: String(port) }),
  );
  await bot.waitForLog('connected to Discord', STARTUP_MS);
  return { fake, port, bot };
}

async function health(port: number): Promise<{ status: number; body: { store: unknown }; tookMs: number }> {
  const at = Date.now();
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: (await res.json()) as { store: unknown }, tookMs: Date.now() - at };
}

function faq(fake: FakeDiscord, name: string, options: APIApplicationCommandInteractionDataOption[] = []) {
  const sub = { type: Option.Subcommand, name, options } as APIApplicationCommandInteractionDataOption;
  return fake.interaction.chatInput('faq', [sub], { permissions: ADMIN });
}

function addCurated(fake: FakeDiscord, answer = 'Armed groups, mostly.') {
  return faq(fake, 'add', [
    { type: Option.String, name: 'question', value: 'Who runs the mines?' },
    { type: Option.String, name: 'answer', value: answer },
  ] as APIApplicationCommandInteractionDataOption[]);
}

/** What the operator sees of a curated answer not stored: one error line naming the cause, and /healthz 503 with its code. */
async function expectNotStored(bot: Child, port: number, code: string, cause: string): Promise<void> {
  expect(bot.logs()).toContainEqual(
    expect.objectContaining({ level: 50, code, msg: `a curated answer was not stored: ${cause} (${code})` }),
  );
  expect(await health(port)).toMatchObject({ status: 503, body: { store: { reachable: false, error: code } } });
}

describe('another process holding the SQLite write lock', () => {
  it('/ask is answered as usual, /faq add fails cleanly after its wait, /healthz says 503 SQLITE_BUSY at once', async () => {
    const dataDir = started.tempDir();
    const { fake, port, bot } = await startBot(dataDir.path);
    expect((await health(port)).status).toBe(200);

    const holder = started.start(
      process.execPath,
      [HOLD_LOCK, join(dataDir.path, 'bot.sqlite'), String(LOCK_HELD_MS)],
      process.env,
    );
    await holder.waitForLine((line) => line === 'locked', 10_000);

    const adding = addCurated(fake);
    const askedAt = Date.now();
    const asked = await replyOf(fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' }));
    const answeredInMs = Date.now() - askedAt;
    expect(embedOf(asked).description).toContain('1961');
    // Before the fix the bot froze for SQLite's 5 s busy timeout and this interaction was lost.
    expect(answeredInMs).toBeLessThan(2_500);

    const locked = await health(port);
    expect(locked.status).toBe(503);
    expect(locked.body.store).toEqual({ reachable: false, error: 'SQLITE_BUSY' });
    expect(locked.tookMs).toBeLessThan(2_500);

    // The write waited within Discord's window by deferring, then said plainly that nothing was saved.
    expect(callbackBody(await adding.waitForCallback(3_000)).type).toBe(5);
    const edit = await adding.waitForEdit(15_000);
    expect(edit.body).toMatchObject({ content: NOTHING_SAVED });
    expect(bot.logs()).toContainEqual(
      expect.objectContaining({
        level: 50,
        code: 'SQLITE_BUSY',
        msg: 'a curated answer was not stored: another process held the database lock for too long (SQLITE_BUSY)',
      }),
    );

    await holder.exited;
    expect((await health(port)).status).toBe(200);
    const listed = await replyOf(faq(fake, 'list'));
    expect(embedOf(listed).description).toContain('no curated answers yet');
    fake.assertNoViolations();
  }, 60_000);
});

const disk = mountSmallDisk();
afterAll(() => disk?.unmount());

describe.skipIf(disk === undefined)('the disk under DATA_DIR full (a 2 MB tmpfs)', () => {
  it('/ask goes on; /faq add says nothing was saved, the log names a full disk, /healthz 503 SQLITE_FULL', async () => {
    const dataDir = join(disk!.path, 'data');
    const { fake, port, bot } = await startBot(dataDir);
    const filler = fillDisk(disk!.path);
    try {
      const asked = await replyOf(fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' }));
      expect(embedOf(asked).description).toContain('1961');
      // Long enough to need pages the disk no longer has.
      const added = await replyOf(addCurated(fake, 'Armed groups, mostly. '.repeat(45)));
      expect(added.content).toBe(NOTHING_SAVED);
      await expectNotStored(bot, port, 'SQLITE_FULL', 'the disk is full');
    } finally {
      rmSync(filler);
    }
    expect((await health(port)).status).toBe(200);
    const listed = await replyOf(faq(fake, 'list'));
    expect(embedOf(listed).description).toContain('no curated answers yet');
    fake.assertNoViolations();
  }, 40_000);
});

describe('DATA_DIR deleted while the bot runs', () => {
  it('/faq add says nothing was saved instead of "added", the log names the cause, /healthz 503 FILE_GONE', async () => {
    const dataDir = started.tempDir();
    const { fake, port, bot } = await startBot(dataDir.path);
    rmSync(dataDir.path, { recursive: true });

    const asked = await replyOf(fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' }));
    expect(embedOf(asked).description).toContain('1961');
    const added = await replyOf(addCurated(fake));
    expect(added.content).toBe(NOTHING_SAVED);
    const cause = 'the database file under DATA_DIR was deleted or replaced while the bot ran';
    await expectNotStored(bot, port, 'FILE_GONE', cause);
    fake.assertNoViolations();
  }, 40_000);
});

describe('a partly corrupt bot.sqlite at start', () => {
  it('exits 1 with one line saying the file is corrupt and what to do', async () => {
    const dataDir = started.tempDir();
    const file = await partlyCorruptDatabase(dataDir.path);
    const token = makeToken();
    const fake = await started.fake({ token });
    const run = await runChild(
      ...nodeTsx('src/main.ts'),
      botEnv({ token, apiUrl: fake.apiUrl, dataDir: dataDir.path }),
      STARTUP_MS,
    );
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^Cannot open the settings database at ${file}: the file is corrupt \\(.+\\); stop the bot and restore a backup \\(docs/operations.md, Backups\\); check DATA_DIR`,
      ),
    );
    expect(fake.identifies).toEqual([]);
  }, 40_000);
});
