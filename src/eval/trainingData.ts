import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeQuestion } from '../answer/question.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import { knowledgeAliases, loadKnowledgeBase, loadReportFile } from '../knowledge/loadKnowledge.ts';
import { sharedWordVectors } from '../semantic/wordVectors.ts';
import { readCases } from './evaluate.ts';
import { type Labelled, labelCases, labelOffTopic, labelSquad, squadKnowledgeBase } from './labelled.ts';
import { chunkArticle, loadSquad, SQUAD_FILE, type SquadArticle, squadAvailable } from './squad.ts';

/** The repo's own questions count this many SQuAD questions each: they are the product's kind of report. */
export const OWN_WEIGHT = 10;
/** One in this many questions of the other articles is asked of each article as an off-topic example. */
export const OFF_TOPIC_EVERY = 8;
/** The parts are many: each gets one in this many of its article's strays. */
export const PART_OFF_TOPIC_EVERY = 2;
/** One in this many questions about an article's other parts is asked of each part as "not covered". */
export const ELSEWHERE_EVERY = 3;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The repo's own reports and the question sets training may read. heldout, blind and nickel
 * (src/eval/sets.ts) stay unseen, for measuring.
 */
export const OWN_TRAINING: ReadonlyArray<{ report?: string; sets: string[] }> = [
  {
    sets: [
      'tests/eval/questions.jsonl',
      'tests/eval/train.jsonl',
      'tests/eval/train2.jsonl',
      'tests/eval/nearmiss-train.jsonl',
    ],
  },
  {
    report: 'tests/fixtures/training-report/vietnam-rare-earths.txt',
    sets: ['tests/eval/vietnam-train.jsonl', 'tests/eval/vietnam-train2.jsonl'],
  },
  { report: 'tests/fixtures/cobalt-report/congo-cobalt.txt', sets: ['tests/eval/cobalt.jsonl'] },
];

/**
 * Chat that has nothing to do with any report, asked of each own report. The reports take
 * alternate lines, so a report held out in cross-validation is scored on strays training never saw.
 */
export const OFF_TOPIC_SET = 'tests/eval/offtopic-train.jsonl';

export interface TrainingData {
  data: Labelled[];
  /** Every group, the unit cross-validation leaves out: each own report and each SQuAD article with its parts. */
  groups: string[];
  squadGroups: string[];
  ownGroups: string[];
}

/** Questions about other texts that name something this report names too ("the capital of Japan"). */
function namesakeStrays(kb: KnowledgeBase, articles: readonly SquadArticle[]): string[] {
  return articles
    .flatMap((a) => a.questions.map((q) => q.question))
    .filter((q) => analyzeQuestion(kb, q).names.size > 0);
}

export function trainingData(squadFile = SQUAD_FILE): TrainingData {
  if (!squadAvailable(squadFile))
    throw new Error(`SQuAD articles not found at ${squadFile}: training needs ../shared/squad beside the repo.`);
  const vectors = sharedWordVectors();
  const aliases = knowledgeAliases();
  const articles = loadSquad(squadFile);
  const sample = (every: number) =>
    articles.flatMap((a) => a.questions.filter((_, k) => k % every === 0).map((q) => q.question));

  const chat = readCases(join(ROOT, OFF_TOPIC_SET));
  const own = OWN_TRAINING.flatMap(({ report, sets }, r) => {
    const kb: KnowledgeBase = report ? loadReportFile(join(ROOT, report)) : loadKnowledgeBase();
    const group = kb.reports[0]!.title;
    return [
      ...sets.flatMap((f) => labelCases(kb, group, readCases(join(ROOT, f)), vectors, OWN_WEIGHT, true)),
      ...labelCases(
        kb,
        group,
        chat.filter((_, k) => k % OWN_TRAINING.length === r),
        vectors,
        OWN_WEIGHT,
        true,
      ),
      ...labelOffTopic(kb, group, sample(OFF_TOPIC_EVERY * 4), vectors, 1),
      ...labelOffTopic(kb, group, namesakeStrays(kb, articles), vectors, 1),
    ];
  });

  const squad = articles.flatMap((article, i) => {
    // Every other article's questions are off-topic here: plenty of realistic strays.
    const strays = articles
      .filter((_, j) => j !== i)
      .flatMap((other) => other.questions.filter((_, k) => k % OFF_TOPIC_EVERY === 0).map((q) => q.question));
    const whole = squadKnowledgeBase(article, aliases);
    const parts = chunkArticle(article).flatMap(({ part, elsewhere }) => {
      const kb = squadKnowledgeBase(part, aliases);
      return [
        ...labelSquad(kb, part, vectors, 1, article.title),
        ...labelCases(
          kb,
          article.title,
          elsewhere
            .filter((_, k) => k % ELSEWHERE_EVERY === 0)
            .map((q) => ({ q, refuse: true, kind: 'not-covered' as const })),
          vectors,
          1,
          false,
        ),
        ...labelOffTopic(
          kb,
          article.title,
          strays.filter((_, k) => k % PART_OFF_TOPIC_EVERY === 0),
          vectors,
          1,
        ),
      ];
    });
    return [
      ...labelSquad(whole, article, vectors),
      ...labelOffTopic(whole, article.title, strays, vectors, 1),
      ...parts,
    ];
  });
  const ownGroups = [...new Set(own.map((d) => d.group))];
  const squadGroups = articles.map((a) => a.title);
  return { data: [...own, ...squad], groups: [...ownGroups, ...squadGroups], squadGroups, ownGroups };
}
