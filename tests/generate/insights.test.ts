import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.ts';
import { GENERATED_KINDS } from '../../src/generate/kinds.ts';
import { buildInsights } from '../../src/insights/report.ts';
import type { Asked, InsightsService } from '../../src/insights/service.ts';
import { type FakeMode, startFakeOpenAi } from '../fake/openaiServer.ts';
import { context, run } from '../helpers.ts';
import { generationIn, generatorAt } from './helpers.ts';

async function recordedKind(mode: FakeMode): Promise<{ kind: string; feedback: boolean }> {
  const fake = await startFakeOpenAi(mode);
  try {
    const generation = generationIn('generated', generatorAt(fake.url));
    const kinds: string[] = [];
    const insights = {
      recordQuestion: async (_g: string, asked: Answer | Asked) => {
        kinds.push(asked.kind);
        return 'record-1';
      },
    } as unknown as InsightsService;
    const reply = await run(
      'ask',
      { question: 'When was the KIA founded?' },
      context({ services: { generation, insights } }),
    );
    return { kind: kinds[0]!, feedback: reply.feedback !== undefined };
  } finally {
    await fake.close();
  }
}

describe('/insights and generated answers', () => {
  it('records each mode, so 👍/👎 say which answer they judged', async () => {
    expect(await recordedKind('faithful')).toEqual({ kind: GENERATED_KINDS.shown, feedback: true });
    expect(await recordedKind('hallucinating-number')).toEqual({ kind: GENERATED_KINDS.rejected, feedback: true });
    expect(await recordedKind('failing-500')).toEqual({ kind: GENERATED_KINDS.fallback, feedback: true });
  });

  it('counts generated answers, rejections and fallbacks', () => {
    const at = new Date('2026-12-07T10:00:00Z');
    const record = (id: string, kind: string) => ({ id, guildId: 'g', question: `q${id}`, answered: true, kind, at });
    const reply = buildInsights({
      questions: [
        record('1', GENERATED_KINDS.shown),
        record('2', GENERATED_KINDS.shown),
        record('3', GENERATED_KINDS.rejected),
        record('4', GENERATED_KINDS.fallback),
        record('5', 'passage'),
      ],
      votes: [],
      days: 7,
      retentionDays: 90,
    });
    expect(reply.text).toContain(
      'Generated answers: 2 shown; 1 rejected for an unsupported sentence and 1 with the model unavailable',
    );
    const none = buildInsights({ questions: [record('5', 'passage')], votes: [], days: 7, retentionDays: 90 });
    expect(none.text).not.toContain('Generated answers');
  });
});
