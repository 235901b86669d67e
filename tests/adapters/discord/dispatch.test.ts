/** The one interaction dispatcher, with a recording responder standing in for either transport. */
import { SnowflakeUtil } from 'discord.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { type AnswerQueue, createAnswerQueue, OVERLOAD } from '../../../src/adapters/discord/answerQueue.ts';
import {
  type DispatchDeps,
  dispatchInteraction,
  type InteractionRequest,
  type Responder,
} from '../../../src/adapters/discord/dispatch.ts';
import { SORRY } from '../../../src/adapters/discord/interactionConstants.ts';
import { defineCommand } from '../../../src/bot/command.ts';
import type { Reply } from '../../../src/reply/types.ts';
import { NOTHING_SAVED, StoreWriteError } from '../../../src/store/writeError.ts';
import { engine } from '../../helpers.ts';

const logger = pino({ level: 'silent' });
const noOptions = {
  getSubcommandGroup: () => null,
  getSubcommand: () => null,
  getString: () => null,
  getInteger: () => null,
  getBoolean: () => null,
  getUser: () => null,
  getChannel: () => null,
  getRole: () => null,
};
const slash = (command: string): InteractionRequest => ({
  id: '1',
  invoker: { user: { id: 'u1', name: 'alice' }, guildId: 'g1', canManageGuild: false },
  kind: 'slash',
  command,
  options: noOptions,
});

const later = (ms: number, reply: () => Reply) =>
  new Promise<Reply>((resolve, reject) =>
    setTimeout(() => {
      try {
        resolve(reply());
      } catch (error) {
        reject(error);
      }
    }, ms),
  );
const commands = [
  defineCommand({ name: 'quick', description: 'q', options: {}, run: () => ({ text: 'done' }) }),
  defineCommand({
    name: 'slowprivate',
    description: 's',
    options: {},
    run: () => later(60, () => ({ text: 'secret', ephemeral: true })),
  }),
  defineCommand({
    name: 'slowfail',
    description: 'f',
    options: {},
    run: () =>
      later(60, () => {
        throw new Error('store gone');
      }),
  }),
  defineCommand({
    name: 'diskfull',
    description: 'd',
    options: {},
    run: () => Promise.reject(new StoreWriteError('a curated answer', { code: 'SQLITE_FULL' })),
  }),
];

/** Every call the dispatcher makes, in order, as [method, argument]. */
function recorder(filesInFirstResponse = true) {
  const calls: Array<[string, unknown]> = [];
  const record =
    (name: string) =>
    async (arg?: unknown): Promise<void> =>
      void calls.push([name, arg]);
  const responder: Responder = {
    filesInFirstResponse,
    reply: record('reply'),
    update: record('update'),
    choices: record('choices'),
    modal: record('modal'),
    defer: record('defer'),
    editOriginal: record('editOriginal'),
    deleteOriginal: record('deleteOriginal'),
    followUp: record('followUp'),
  };
  return { calls, responder };
}

const deps = { engine, commands, logger, deferAfterMs: 20 };

describe('dispatching an interaction', () => {
  it('replies at once to a quick command', async () => {
    const { calls, responder } = recorder();
    await dispatchInteraction(slash('quick'), responder, deps);
    expect(calls.map(([name]) => name)).toEqual(['reply']);
    expect(JSON.stringify(calls[0]?.[1])).toContain('done');
  });

  it('defers a slow command publicly, then swaps in a private follow-up, since an edit cannot make it private', async () => {
    const { calls, responder } = recorder();
    await dispatchInteraction(slash('slowprivate'), responder, deps);
    expect(calls.map(([name, arg]) => (name === 'defer' ? `defer ${arg}` : name))).toEqual([
      'defer false',
      'deleteOriginal',
      'followUp',
    ]);
    expect(calls[2]?.[1]).toMatchObject({ flags: 64 });
  });

  it('replaces the deferral with the apology when a slow command fails', async () => {
    const { calls, responder } = recorder();
    await dispatchInteraction(slash('slowfail'), responder, deps);
    expect(calls.map(([name]) => name)).toEqual(['defer', 'editOriginal']);
    expect(calls[1]?.[1]).toMatchObject({ content: SORRY, embeds: [] });
  });

  it('tells the member nothing was saved when the store refused the change, and logs the cause at error', async () => {
    const { calls, responder } = recorder();
    const lines: Array<{ level: number; msg: string; code?: string }> = [];
    const logged = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    await dispatchInteraction(slash('diskfull'), responder, { ...deps, logger: logged });
    expect(calls.map(([name]) => name)).toEqual(['reply']);
    expect(calls[0]?.[1]).toMatchObject({ content: NOTHING_SAVED, flags: 64 });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        code: 'SQLITE_FULL',
        msg: 'a curated answer was not stored: the disk is full (SQLITE_FULL)',
      }),
    );
  });

  it('says so for an unknown command, and for a component it no longer knows', async () => {
    const { calls, responder } = recorder();
    await dispatchInteraction(slash('nope'), responder, deps);
    await dispatchInteraction({ ...slash('x'), kind: 'other' }, responder, deps);
    expect(calls.map(([name, arg]) => [name, (arg as { flags?: number }).flags])).toEqual([
      ['reply', 64],
      ['reply', 64],
    ]);
  });
});

/** Polls until `done`, for what a timer sets off (no time is asserted). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('with an answer queue (overload)', () => {
  const quietQueue = () => createAnswerQueue();
  /** A queue that says the line ahead is long: the interaction's answer would land past the budget. */
  const longQueue = (): AnswerQueue => {
    const real = createAnswerQueue();
    return { ...real, expectedWaitMs: () => OVERLOAD.lineBudgetMs * 2 };
  };
  /** An interaction made `ageMs` ago by Discord's clock (here, this machine's). */
  const madeAgo = (ageMs: number, command: string): InteractionRequest => ({
    ...slash(command),
    id: SnowflakeUtil.generate({ timestamp: Date.now() - ageMs }).toString(),
  });

  /** The dispatcher with a queue and Discord's clock (this machine's); `more` overrides either. */
  const queued = (request: InteractionRequest, responder: Responder, more: Partial<DispatchDeps> = {}) =>
    dispatchInteraction(request, responder, {
      engine,
      commands,
      logger,
      answerQueue: quietQueue(),
      discordNow: Date.now,
      ...more,
    });

  it('replies straight away when the line is short', async () => {
    const { calls, responder } = recorder();
    await queued(madeAgo(0, 'quick'), responder);
    expect(calls.map(([name]) => name)).toEqual(['reply']);
  });

  it("gives a command that is slow once started until the window's budget, not the line's, before deferring it", async () => {
    const { calls, responder } = recorder();
    const slowCommand = defineCommand({
      name: 'slow',
      description: 's',
      options: {},
      run: async () => {
        // Slower than the line's budget, well within the window's and DEFER_AFTER_MS.
        await new Promise((resolve) => setTimeout(resolve, OVERLOAD.lineBudgetMs + 100));
        return { text: 'done' };
      },
    });
    await dispatchInteraction(madeAgo(0, 'slow'), responder, {
      engine,
      commands: [slowCommand],
      logger,
      answerQueue: quietQueue(),
      discordNow: Date.now,
    });
    expect(calls.map(([name]) => name)).toEqual(['reply']);
  });

  it('defers at once, before its turn, when the line ahead would make it miss the window', async () => {
    const { calls, responder } = recorder();
    await queued(madeAgo(0, 'quick'), responder, { answerQueue: longQueue() });
    expect(calls.map(([name]) => name)).toEqual(['defer', 'editOriginal']);
  });

  it('defers one still waiting for its turn at the budget, when the estimate said it would not', async () => {
    const { calls, responder } = recorder();
    const queue = quietQueue();
    // The line ahead: commands that take longer than the estimate knew, as many as may run at once.
    const releases: Array<() => void> = [];
    const ahead = Array.from({ length: OVERLOAD.concurrency }, () =>
      queue.run('fresh', 0, () => new Promise<void>((resolve) => releases.push(resolve))),
    );
    const dispatched = queued(madeAgo(OVERLOAD.lineBudgetMs - 10, 'quick'), responder, { answerQueue: queue });
    await until(() => calls.length > 0);
    for (const release of releases) release();
    await Promise.all([...ahead, dispatched]);
    expect(calls.map(([name]) => name)).toEqual(['defer', 'editOriginal']);
  });

  it('defers one whose turn comes after the budget, before its timer could fire (a busy event loop), while it runs', async () => {
    const { calls, responder } = recorder();
    const real = createAnswerQueue();
    // The line ahead holds the event loop itself: no timer runs until the turn has begun.
    const busy: AnswerQueue = {
      ...real,
      run: (_lane, _createdAt, job) => {
        const until = Date.now() + OVERLOAD.lineBudgetMs + 50;
        while (Date.now() < until);
        return job();
      },
    };
    const awaiting = defineCommand({
      name: 'awaiting',
      description: 'a',
      options: {},
      // Answers after a moment, as a command reading the store does.
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { text: 'done' };
      },
    });
    await dispatchInteraction(madeAgo(0, 'awaiting'), responder, {
      engine,
      commands: [awaiting],
      logger,
      answerQueue: busy,
      discordNow: Date.now,
    });
    expect(calls.map(([name]) => name)).toEqual(['defer', 'editOriginal']);
  });

  it('does not run a command whose window is nearly over when its turn comes, and counts it', async () => {
    const { calls, responder } = recorder();
    const lost: string[] = [];
    let ran = false;
    const watched = [
      defineCommand({
        name: 'watched',
        description: 'w',
        options: {},
        run: () => {
          ran = true;
          return { text: 'x' };
        },
      }),
    ];
    await queued(madeAgo(2_900, 'watched'), responder, {
      commands: watched,
      lost: (reason) => void lost.push(reason),
    });
    expect(calls).toEqual([]);
    expect(ran).toBe(false);
    expect(lost).toEqual(['shed']);
  });

  it("drops nothing on this machine's clock alone: without Discord's, an old-looking interaction is answered", async () => {
    const { calls, responder } = recorder();
    await dispatchInteraction(madeAgo(2_900, 'quick'), responder, {
      engine,
      commands,
      logger,
      answerQueue: quietQueue(),
    });
    expect(calls.map(([name]) => name)).toEqual(['reply']);
  });

  it('sends no apology after 10062 Unknown interaction, and counts it', async () => {
    const lost: string[] = [];
    const { calls, responder } = recorder();
    const refused = Object.assign(new Error('Unknown interaction'), { code: 10062 });
    await dispatchInteraction(
      madeAgo(0, 'quick'),
      {
        ...responder,
        reply: async () => {
          throw refused;
        },
      },
      { engine, commands, logger, answerQueue: quietQueue(), lost: (reason) => void lost.push(reason) },
    );
    expect(calls).toEqual([]);
    expect(lost).toEqual(['expired']);
  });
});
