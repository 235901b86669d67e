import { describe, expect, it } from 'vitest';
import { checkAnswer, namesOf, numbersOf } from '../../src/generate/check.ts';
import { citedSentence } from '../../src/generate/sentences.ts';
import { readSupportCases, type SupportCase } from '../../src/generate/supportEval.ts';
import { seededRandom } from '../seededRandom.ts';

/**
 * 1,000 hallucinating answers made by seeded random mutations of supported ones: a number changed,
 * a name swapped for one of the other report's, a citation moved to a source that does not hold
 * the claim. Each answer is a supported sentence followed by the mutated one, so the check must
 * fail the whole answer on one bad sentence. None may pass.
 */
const cases = readSupportCases();
const supported = cases.filter((c) => c.label === 'supported' && c.sources.length === 1);
const namesByReport = new Map<string, string[]>();
for (const c of cases)
  for (const n of namesOf(c.sources.join(' ')))
    namesByReport.set(c.report, [...new Set([...(namesByReport.get(c.report) ?? []), n])]);

type Mutation = (c: SupportCase, random: () => number) => { sentence: string; sources: string[] } | undefined;

const pick = <T>(xs: readonly T[], random: () => number): T => xs[Math.floor(random() * xs.length)]!;

const changeNumber: Mutation = (c, random) => {
  const numbers = [...c.sentence.replace(/\[\d+(?:,\s*\d+)*\]/g, '').matchAll(/\d+(?:\.\d+)?/g)];
  if (numbers.length === 0) return undefined;
  const m = pick(numbers, random);
  const held = new Set(numbersOf(c.sources.join(' ')));
  const original = m[0];
  const variants = [
    [...original].reverse().join(''),
    String(Number(original) + 1 + Math.floor(random() * 9)),
    String(Math.max(0, Number(original) - 1 - Math.floor(random() * 9))),
    original.replace(/\d/, (d) => String((Number(d) + 1 + Math.floor(random() * 8)) % 10)),
  ].filter((v) => v !== original && !held.has(String(Number(v))));
  if (variants.length === 0) return undefined;
  const replacement = pick(variants, random);
  return {
    sentence: c.sentence.slice(0, m.index) + replacement + c.sentence.slice(m.index! + original.length),
    sources: c.sources,
  };
};

const swapName: Mutation = (c, random) => {
  const names = namesOf(citedSentence(c.sentence).claim);
  if (names.length === 0) return undefined;
  const name = pick(names, random);
  const sourceText = c.sources.join(' ').toLowerCase();
  const others = [...namesByReport.entries()]
    .filter(([report]) => report !== c.report)
    .flatMap(([, ns]) => ns)
    .filter((n) => !sourceText.includes(n.toLowerCase()));
  return { sentence: c.sentence.replace(name, pick(others, random)), sources: c.sources };
};

const moveCitation: Mutation = (c, random) => {
  const distractor = pick(
    cases.filter((o) => o.report !== c.report),
    random,
  ).sources[0]!;
  return { sentence: c.sentence.replace(/\[1\]/g, '[2]'), sources: [c.sources[0]!, distractor] };
};

const MUTATIONS: Mutation[] = [changeNumber, swapName, moveCitation];

describe('1,000 fuzzed hallucinating answers', () => {
  it('none passes the support check', () => {
    const random = seededRandom(24);
    const passed: string[] = [];
    let made = 0;
    while (made < 1000) {
      const c = pick(supported, random);
      const mutated = pick(MUTATIONS, random)(c, random);
      if (!mutated || mutated.sentence === c.sentence) continue;
      made++;
      // A supported sentence first, citing [1], then the mutated one against the same numbered sources.
      const lead = pick(supported, random);
      const sources = [...mutated.sources, lead.sources[0]!];
      const leadSentence = lead.sentence.replace(/\[1\]/g, `[${sources.length}]`);
      const answer = `${leadSentence} ${mutated.sentence}`;
      if (checkAnswer(answer, sources).supported) passed.push(answer);
    }
    expect(made).toBe(1000);
    expect(passed).toEqual([]);
  });
});
