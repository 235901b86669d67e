import { afterEach, describe, expect, it } from 'vitest';
import type { ReplyProgress } from '../../src/bot/context.ts';
import { maybeGenerate } from '../../src/generate/maybeGenerate.ts';
import { throttledParts } from '../../src/generate/progress.ts';
import type { Reply } from '../../src/reply/types.ts';
import { type FakeOpenAi, startFakeOpenAi } from '../fake/openaiServer.ts';
import { engine } from '../helpers.ts';
import { generationIn, generatorAt } from './helpers.ts';

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function recorder() {
  const events: string[] = [];
  const progress: ReplyProgress = {
    begin: () => events.push('begin'),
    show: (r: Reply) => events.push(`show ${r.text}`),
  };
  return { events, progress };
}

describe('showing a generated answer while it is written', () => {
  it('shows a part at most once a second', () => {
    const { events, progress } = recorder();
    let now = 0;
    const show = throttledParts(
      progress,
      (text) => ({ text, tone: 'answer' }),
      () => now,
    );
    show('a');
    now = 400;
    show('a b');
    now = 1000;
    show('a b c');
    now = 1999;
    show('a b c d');
    expect(events).toEqual(['show a', 'show a b c']);
  });

  async function run(mode: 'paraphrasing' | 'hallucinating-number') {
    fake = await startFakeOpenAi(mode);
    const generation = generationIn('generated', generatorAt(fake.url));
    const { events, progress } = recorder();
    const answer = engine.answer('Which rare earths is the Kachin region rich in?');
    const result = await maybeGenerate(answer, { guildId: 'g', services: { generation }, progress });
    return { events, result, answer };
  }

  it('begins at once, and every part shown holds only checked sentences', async () => {
    const { events, result } = await run('paraphrasing');
    expect(events[0]).toBe('begin');
    const shown = events.filter((e) => e.startsWith('show'));
    expect(shown.length).toBeGreaterThan(0);
    for (const e of shown) expect(result.text.startsWith(e.slice(5).replace(/ …$/, ''))).toBe(true);
  });

  it('shows no part of an answer whose only sentence is rejected', async () => {
    const { events, result, answer } = await run('hallucinating-number');
    expect(events).toEqual(['begin']);
    expect(result).toEqual({ ...answer, generationFailed: 'rejected' });
  });
});
