import type { Examined } from '../answer/decide.ts';
import { examineQuestion } from '../answer/engine.ts';
import { buildKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { AliasFile } from '../knowledge/lexicon.ts';
import type { WordVectors } from '../semantic/wordVectors.ts';
import { baselineTop } from './baseline.ts';
import { type EvalCase, missingFacts } from './evaluate.ts';
import { articleReport, holdsAnswer, type SquadArticle } from './squad.ts';

/** A question with its candidates, each marked right or wrong, for training and scoring. */
export interface Labelled {
  /** The report or article it was asked about, the unit cross-validation leaves out. */
  group: string;
  question: string;
  answerable: boolean;
  /** About the report at all; false for off-topic questions. */
  onTopic: boolean;
  /** Undefined when analysis already refuses (no content words, a month the timeline lacks). */
  examined?: Examined;
  /** Per candidate of `examined`: does its draft hold the expected answer? */
  correct: boolean[];
  weight: number;
  /** Asked of one of the repo's own reports, the product's kind, rather than a SQuAD article. */
  own: boolean;
  /** Does the baseline's top sentence (src/eval/baseline.ts) hold the expected answer? */
  baselineRight: boolean;
}

export function squadKnowledgeBase(article: SquadArticle, aliases: AliasFile): KnowledgeBase {
  return buildKnowledgeBase([articleReport(article)], aliases);
}

export function labelSquad(
  kb: KnowledgeBase,
  article: SquadArticle,
  vectors: WordVectors | undefined,
  weight = 1,
  group = article.title,
): Labelled[] {
  return article.questions.map((sq) => {
    const { candidates } = examineQuestion(kb, sq.question, vectors);
    return {
      group,
      question: sq.question,
      answerable: sq.answers.length > 0,
      onTopic: true,
      examined: candidates,
      correct:
        candidates?.candidates.map((c) => sq.answers.length > 0 && holdsAnswer(c.candidate.draft.text, sq.answers)) ??
        [],
      weight,
      own: false,
      baselineRight: sq.answers.length > 0 && holdsAnswer(baselineTop(kb, sq.question)?.text ?? '', sq.answers),
    };
  });
}

/** Questions written about other texts, asked of this one: off-topic by construction. */
export function labelOffTopic(
  kb: KnowledgeBase,
  group: string,
  questions: readonly string[],
  vectors: WordVectors | undefined,
  weight: number,
): Labelled[] {
  return questions.map((question) => {
    const { candidates } = examineQuestion(kb, question, vectors);
    return {
      group,
      question,
      answerable: false,
      onTopic: false,
      examined: candidates,
      correct: candidates?.candidates.map(() => false) ?? [],
      weight,
      own: false,
      baselineRight: false,
    };
  });
}

export function labelCases(
  kb: KnowledgeBase,
  group: string,
  cases: readonly EvalCase[],
  vectors: WordVectors | undefined,
  weight: number,
  own: boolean,
): Labelled[] {
  return cases.map((c) => {
    const { candidates } = examineQuestion(kb, c.q, vectors);
    return {
      group,
      question: c.q,
      answerable: !c.refuse,
      onTopic: !c.refuse || c.kind === 'not-covered',
      examined: candidates,
      correct:
        candidates?.candidates.map((x) => !c.refuse && missingFacts(c, x.candidate.draft.text).length === 0) ?? [],
      weight,
      own,
      baselineRight: !c.refuse && missingFacts(c, baselineTop(kb, c.q)?.text ?? '').length === 0,
    };
  });
}
