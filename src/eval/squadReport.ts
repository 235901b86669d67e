import { createAnswerEngine } from '../answer/engine.ts';
import { knowledgeAliases } from '../knowledge/loadKnowledge.ts';
import { baselineTop } from './baseline.ts';
import { squadKnowledgeBase } from './labelled.ts';
import { holdsAnswer, loadSquad, SQUAD_FILE, squadAvailable } from './squad.ts';

interface Row {
  title: string;
  answerable: number;
  right: number;
  refused: number;
  unanswerable: number;
  unanswerableRefused: number;
  baselineRight: number;
}

/**
 * Each SQuAD article loaded as a report and asked its questions through the whole engine,
 * beside the baseline (MiniSearch's top sentence with fuzzy and prefix matching, never refusing).
 */
export function squadReport(file = SQUAD_FILE): void {
  if (!squadAvailable(file)) {
    console.log(`SQuAD articles not found at ${file}; they live outside the repo in ../shared/squad.`);
    return;
  }
  const aliases = knowledgeAliases();
  const rows: Row[] = [];
  for (const article of loadSquad(file)) {
    const kb = squadKnowledgeBase(article, aliases);
    const engine = createAnswerEngine(kb);
    const row: Row = {
      title: article.title,
      answerable: 0,
      right: 0,
      refused: 0,
      unanswerable: 0,
      unanswerableRefused: 0,
      baselineRight: 0,
    };
    for (const q of article.questions) {
      const answer = engine.answer(q.question);
      if (q.answers.length === 0) {
        row.unanswerable++;
        if (!answer.answered) row.unanswerableRefused++;
        continue;
      }
      row.answerable++;
      if (!answer.answered) row.refused++;
      else if (holdsAnswer(answer.text, q.answers)) row.right++;
      const top = baselineTop(kb, q.question);
      if (top && holdsAnswer(top.text, q.answers)) row.baselineRight++;
    }
    rows.push(row);
  }
  const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`.padStart(6);
  console.log(`${'article'.padEnd(22)} answerable right  answerable refused  unanswerable refused  | baseline right`);
  const total: Row = rows.reduce(
    (a, r) => ({
      title: 'ALL',
      answerable: a.answerable + r.answerable,
      right: a.right + r.right,
      refused: a.refused + r.refused,
      unanswerable: a.unanswerable + r.unanswerable,
      unanswerableRefused: a.unanswerableRefused + r.unanswerableRefused,
      baselineRight: a.baselineRight + r.baselineRight,
    }),
    { title: 'ALL', answerable: 0, right: 0, refused: 0, unanswerable: 0, unanswerableRefused: 0, baselineRight: 0 },
  );
  for (const r of [...rows, total]) {
    console.log(
      `${r.title.padEnd(22)} ${pct(r.right, r.answerable).padEnd(17)} ${pct(r.refused, r.answerable).padEnd(19)} ${pct(r.unanswerableRefused, r.unanswerable).padEnd(21)} | ${pct(r.baselineRight, r.answerable)}`,
    );
  }
  console.log(
    'answerable right / refused above are in-sample for the six training articles; `npm run train` prints the article-held-out figures.',
  );
}
