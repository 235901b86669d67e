import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KNOWLEDGE_DIR, loadKnowledgeBase } from '../knowledge/loadKnowledge.ts';
import type { AliasFile } from '../knowledge/lexicon.ts';
import { sharedWordVectors } from '../semantic/wordVectors.ts';
import { readCases } from './evaluate.ts';
import { labelCases, labelOffTopic, labelSquad, squadKnowledgeBase, type Labelled } from './labelled.ts';
import { loadSquad, SQUAD_FILE, squadAvailable } from './squad.ts';

/** The repo's own questions count this many SQuAD questions each: they are the product's kind of report. */
export const OWN_WEIGHT = 10;
/** One in this many questions of the other articles is asked of each article as an off-topic example. */
export const OFF_TOPIC_EVERY = 8;
/** The sets training may read. heldout, blind and nickel stay unseen, for measuring. */
export const TRAINING_SETS = ['questions.jsonl', 'train.jsonl'];

const EVAL_DIR = fileURLToPath(new URL('../../tests/eval', import.meta.url));

export function trainingData(squadFile = SQUAD_FILE): { data: Labelled[]; groups: string[]; squadGroups: string[] } {
  if (!squadAvailable(squadFile)) throw new Error(`SQuAD articles not found at ${squadFile}: training needs ../shared/squad beside the repo.`);
  const vectors = sharedWordVectors();
  const aliases = JSON.parse(readFileSync(join(KNOWLEDGE_DIR, 'aliases.json'), 'utf8')) as AliasFile;
  const kb = loadKnowledgeBase();
  const own = TRAINING_SETS.flatMap((f) => labelCases(kb, kb.reports[0]!.title, readCases(join(EVAL_DIR, f)), vectors, OWN_WEIGHT));
  const articles = loadSquad(squadFile);
  const squad = articles.flatMap((article, i) => {
    const akb = squadKnowledgeBase(article, aliases);
    // Every other article's questions are off-topic here: plenty of realistic strays.
    const strays = articles.filter((_, j) => j !== i).flatMap((other) => other.questions.filter((_, k) => k % OFF_TOPIC_EVERY === 0).map((q) => q.question));
    return [...labelSquad(akb, article, vectors), ...labelOffTopic(akb, article.title, strays, vectors, 1)];
  });
  const ownStrays = articles.flatMap((a) => a.questions.filter((_, k) => k % (OFF_TOPIC_EVERY * 4) === 0).map((q) => q.question));
  const shipped = labelOffTopic(kb, kb.reports[0]!.title, ownStrays, vectors, 1);
  return { data: [...own, ...shipped, ...squad], groups: [kb.reports[0]!.title, ...articles.map((a) => a.title)], squadGroups: articles.map((a) => a.title) };
}
