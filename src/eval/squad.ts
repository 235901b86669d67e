import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReportFile } from '../knowledge/knowledgeBase.ts';
import { fold } from '../text/fold.ts';

/**
 * SQuAD 2.0 articles read as reports: the engine is trained and validated on questions
 * people wrote about text it was never built for. The data stays outside the repo.
 */
export const SQUAD_FILE = fileURLToPath(new URL('../../../shared/squad/squad2-dev-6-articles.json', import.meta.url));

/** The first characters of an answered reply that count when scoring a SQuAD answer. */
export const SQUAD_WINDOW = 400;

export interface SquadQuestion {
  id: string;
  question: string;
  /** Gold answers; empty when the question is deliberately unanswerable from the article. */
  answers: string[];
  /** Plausible-looking spans for unanswerable questions, never correct. */
  plausible: string[];
  /** Index of the paragraph it was written about. */
  paragraph: number;
}

export interface SquadArticle {
  title: string;
  paragraphs: string[];
  questions: SquadQuestion[];
}

interface RawSquad {
  data: Array<{
    title: string;
    paragraphs: Array<{
      context: string;
      qas: Array<{
        id: string;
        question: string;
        is_impossible?: boolean;
        answers: Array<{ text: string }>;
        plausible_answers?: Array<{ text: string }>;
      }>;
    }>;
  }>;
}

export function squadAvailable(file = SQUAD_FILE): boolean {
  return existsSync(file);
}

export function loadSquad(file = SQUAD_FILE): SquadArticle[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawSquad;
  return raw.data.map((a) => ({
    title: a.title.replace(/_/g, ' '),
    paragraphs: a.paragraphs.map((p) => p.context.replace(/\s+/g, ' ').trim()),
    questions: a.paragraphs.flatMap((p, paragraph) =>
      p.qas.map((q) => ({
        paragraph,
        id: q.id,
        question: q.question,
        answers: q.is_impossible ? [] : [...new Set(q.answers.map((x) => x.text))],
        plausible: [...new Set((q.plausible_answers ?? []).map((x) => x.text))],
      })),
    ),
  }));
}

/**
 * A news analysis runs to about ten SQuAD paragraphs. Cutting an article into runs of this
 * many gives short reports whose neighbours' questions are on topic yet unanswered there:
 * the "related but not covered" case the product meets most.
 */
export const CHUNK_PARAGRAPHS = 10;

export interface ArticleChunk {
  /** The part as an article of its own, holding only its paragraphs' questions. */
  part: SquadArticle;
  /** Questions about the article's other parts whose answers this part does not contain. */
  elsewhere: string[];
}

export function chunkArticle(article: SquadArticle, size = CHUNK_PARAGRAPHS): ArticleChunk[] {
  const count = Math.max(1, Math.round(article.paragraphs.length / size));
  const bounds = Array.from({ length: count + 1 }, (_, i) => Math.round((i * article.paragraphs.length) / count));
  return bounds.slice(1).map((end, i) => {
    const start = bounds[i]!;
    const inside = (q: SquadQuestion) => q.paragraph >= start && q.paragraph < end;
    const text = normalise(article.paragraphs.slice(start, end).join(' '));
    return {
      part: {
        title: `${article.title} (part ${i + 1})`,
        paragraphs: article.paragraphs.slice(start, end),
        questions: article.questions.filter(inside).map((q) => ({ ...q, paragraph: q.paragraph - start })),
      },
      // A gold answer that also occurs here might be answered here too: leave such questions out.
      elsewhere: article.questions
        .filter((q) => !inside(q) && q.answers.length > 0 && !q.answers.some((a) => text.includes(normalise(a))))
        .map((q) => q.question),
    };
  });
}

/** An article as a Markdown report file: its title as the heading, one paragraph per context. */
export function articleReport(article: SquadArticle): ReportFile {
  const slug = article.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return { file: `${slug}.md`, raw: `# ${article.title}\n\n${article.paragraphs.join('\n\n')}\n` };
}

/** Does the reply's opening hold one of the gold answers? */
export function holdsAnswer(reply: string, answers: readonly string[]): boolean {
  const text = normalise(reply.slice(0, SQUAD_WINDOW));
  return answers.some((a) => text.includes(normalise(a)));
}

function normalise(text: string): string {
  return fold(text).replace(/\s+/g, ' ').trim();
}
