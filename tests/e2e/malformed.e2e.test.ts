import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seededRandom.ts';
import { snowflake } from './fake/payloads.ts';
import type { Harness } from './harness.ts';
import { embedOf, replyOf, settle, useHarness } from './harness.ts';

/** Gateway payloads no real Discord sends: dropped with a log line, and the bot keeps answering. */

const start = useHarness();

type Json = Record<string, unknown>;

const obj = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const DELETE = Symbol('delete');

/**
 * Each breaks a field discord.js reads while it builds the interaction, before any bot code runs:
 * `at` picks the object to change (undefined when the breaker does not fit this payload).
 */
const BREAKERS: Array<{ name: string; at: (p: Json) => Json | undefined; key: string; value: unknown }> = [
  { name: 'context menu without resolved', at: (p) => menuData(p), key: 'resolved', value: DELETE },
  { name: 'context menu target missing', at: (p) => menuData(p), key: 'resolved', value: { messages: {} } },
  { name: 'options not an array', at: (p) => commandData(p), key: 'options', value: { name: 'question' } },
  { name: 'options a string', at: (p) => commandData(p), key: 'options', value: 'question' },
  { name: 'option null', at: (p) => commandData(p), key: 'options', value: [null] },
  {
    name: 'nested options not an array',
    at: (p) => commandData(p),
    key: 'options',
    value: [{ name: 's', type: 1, options: 7 }],
  },
  { name: 'button without message', at: (p) => (p.type === 3 ? p : undefined), key: 'message', value: DELETE },
  { name: 'message without author', at: (p) => obj(p.message), key: 'author', value: DELETE },
  { name: 'no data', at: (p) => p, key: 'data', value: DELETE },
  { name: 'data null', at: (p) => p, key: 'data', value: null },
  { name: 'member a string', at: (p) => p, key: 'member', value: 'me' },
  { name: 'id not a snowflake', at: (p) => p, key: 'id', value: 'x'.repeat(30) },
  { name: 'type a string', at: (p) => p, key: 'type', value: '2' },
  { name: 'token missing', at: (p) => p, key: 'token', value: DELETE },
  { name: 'channel a number', at: (p) => p, key: 'channel', value: 5 },
  { name: 'custom_id a number', at: (p) => (p.type === 3 ? obj(p.data) : undefined), key: 'custom_id', value: 42 },
  { name: 'resolved users garbage', at: (p) => commandData(p), key: 'resolved', value: { users: { 1: 'x' } } },
  { name: 'command name missing', at: (p) => commandData(p), key: 'name', value: DELETE },
];

function commandData(p: Json): Json | undefined {
  return p.type === 2 ? obj(p.data) : undefined;
}

function menuData(p: Json): Json | undefined {
  const data = commandData(p);
  return data?.type === 3 ? data : undefined;
}

function malformed(bases: Json[], count: number, seed: number): Array<{ kind: string; payload: Json }> {
  const random = seededRandom(seed);
  const out: Array<{ kind: string; payload: Json }> = [];
  for (let i = 0; i < count; i++) {
    const payload = structuredClone(bases[Math.floor(random() * bases.length)]!);
    payload.id = snowflake();
    payload.token = `malformed-${i}`;
    // Draw until a breaker fits: some only apply to one kind of interaction.
    for (let tries = 0; tries < 50; tries++) {
      const breaker = BREAKERS[Math.floor(random() * BREAKERS.length)]!;
      const target = breaker.at(payload);
      if (!target) continue;
      if (breaker.value === DELETE) delete target[breaker.key];
      else target[breaker.key] = breaker.value;
      out.push({ kind: breaker.name, payload });
      break;
    }
  }
  return out;
}

async function stillAnswers(h: Harness): Promise<void> {
  const data = await replyOf(h.fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' }));
  expect(embedOf(data).description).toContain('1961');
}

describe('malformed gateway payloads', () => {
  it('1,000 of them are dropped, each logged with its event id, and the bot keeps answering', async () => {
    const h = await start();
    const target = h.fake.messageCreate({ content: 'a message to act on' });
    // Real payloads to break, answered once each as a baseline.
    const menu = h.fake.interaction.messageContextMenu('Answer this', target);
    const ask = h.fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' });
    const button = h.fake.interaction.button('garbage', target);
    await Promise.all([menu, ask, button].map((s) => s.waitForCallback()));
    const bases = [menu, ask, button].map((s) => s.payload as unknown as Json);

    const bad = malformed(bases, 1_000, 9);
    expect(bad).toHaveLength(1_000);
    for (const { payload } of bad) h.fake.dispatch('INTERACTION_CREATE', payload);
    await stillAnswers(h);
    await settle(h);

    const dropped = h.logs().filter((l) => l.msg === 'malformed interaction dropped');
    expect(dropped).toHaveLength(1_000);
    expect(new Set(dropped.map((l) => (l.event as { id?: string }).id))).toEqual(
      new Set(bad.map(({ payload }) => String(payload.id).slice(0, 32))),
    );
    expect(h.logs().filter((l) => l.level >= 50)).toEqual([]);
    // None of them reached a command, so none was answered.
    expect(h.fake.requests.filter((r) => r.path.includes('/malformed-'))).toEqual([]);
    expect(h.bot.client.isReady()).toBe(true);
    h.fake.assertNoViolations();
  });
});
