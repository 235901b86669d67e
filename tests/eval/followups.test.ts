import { describe, expect, it } from 'vitest';
import { share } from '../../src/eval/evaluate.ts';
import { evaluateFollowUps, followUpEngines, readFollowUps } from '../../src/eval/followups.ts';
import { FOLLOW_UP_SETS } from '../../src/eval/sets.ts';

const root = (p: string) => new URL(`../../${p}`, import.meta.url).pathname;
const engineFor = followUpEngines(root);

it('holds at least 40 two-turn exchanges, on more than one report', () => {
  const exchanges = readFollowUps(root('tests/eval/followups.jsonl'));
  expect(exchanges.length).toBeGreaterThanOrEqual(40);
  expect(new Set(exchanges.map((e) => e.report)).size).toBeGreaterThanOrEqual(2);
});

describe.each(FOLLOW_UP_SETS)('follow-up set $file', ({ file, floor }) => {
  const exchanges = readFollowUps(root(`tests/eval/${file}`));
  const read = evaluateFollowUps(engineFor, exchanges);
  const why = read.misses.map((m) => `${JSON.stringify(m.exchange.turns)} → ${m.why}: ${m.answer}`).join('\n');

  it(`answers at least ${floor * 100}% of second turns right`, () => {
    expect(share(read.right, read.cases), why).toBeGreaterThanOrEqual(floor);
  });

  it('does better than answering each turn alone', () => {
    const alone = evaluateFollowUps(engineFor, exchanges, { remember: false });
    expect(read.right).toBeGreaterThan(alone.right + exchanges.length / 4);
  });
});
