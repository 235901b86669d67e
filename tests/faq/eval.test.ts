import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/engine.ts';
import { FAQ_EVAL } from '../../src/faq/evalSets.ts';
import {
  type CuratedEntry,
  chooseSettings,
  evaluateFaqSets,
  type MatchCase,
  matcherFor,
  readJsonLines,
} from '../../src/faq/evaluate.ts';
import { sharedFaqModel } from '../../src/faq/threshold.ts';
import { sharedWordVectors } from '../../src/semantic/wordVectors.ts';

/** Floors under the figures npm run eval prints; the README quotes the figures themselves. */
const FLOORS = {
  tune: { paraphrases: 0.9, nearMisses: 1 },
  blind: { paraphrases: 0.9, nearMisses: 0.93 },
};

const kb = createAnswerEngine().kb;
const vectors = sharedWordVectors();

describe('curated-answer matching, measured', () => {
  const results = evaluateFaqSets(
    kb,
    { curated: FAQ_EVAL.curated, parts: { tune: FAQ_EVAL.tune, blind: FAQ_EVAL.blind } },
    sharedFaqModel(),
    vectors,
  );

  it.each(results.map((r) => [r.name, r] as const))(
    '%s: paraphrases matched and near-misses rejected hold their floors',
    (name, r) => {
      const floor = FLOORS[name as keyof typeof FLOORS];
      const misses = r.scores.misses.map((m) => `${m.case.q} → ${m.best} ${m.score.toFixed(2)}`);
      // Guards the shares below against passing on an empty or one-sided set.
      expect(r.scores.paraphrases).toBeGreaterThanOrEqual(20);
      expect(r.scores.nearMisses).toBeGreaterThanOrEqual(15);
      expect(r.scores.paraphrasesMatched / r.scores.paraphrases, misses.join('\n')).toBeGreaterThanOrEqual(
        floor.paraphrases,
      );
      expect(r.scores.nearMissesRejected / r.scores.nearMisses, misses.join('\n')).toBeGreaterThanOrEqual(
        floor.nearMisses,
      );
    },
  );

  it('model/faq-match.json is what npm run train:faq chooses from the tuning set', () => {
    const matcher = matcherFor(kb, readJsonLines<CuratedEntry>(FAQ_EVAL.curated), vectors);
    const cases = readJsonLines<MatchCase>(FAQ_EVAL.tune);
    const chosen = chooseSettings((omitted) => matcher.score(cases, omitted));
    const model = sharedFaqModel();
    expect({ omitted: model.omitted, threshold: model.threshold }).toEqual(chosen);
  });

  it('the blind set shares no question with the tuning set', () => {
    const tune = new Set(readJsonLines<MatchCase>(FAQ_EVAL.tune).map((c) => c.q.toLowerCase()));
    const blind = readJsonLines<MatchCase>(FAQ_EVAL.blind).map((c) => c.q.toLowerCase());
    expect(blind.filter((q) => tune.has(q))).toEqual([]);
  });
});
