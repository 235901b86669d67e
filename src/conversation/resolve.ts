import { holdsType, typedSpan } from '../answer/answerType.ts';
import { answerOf, notGiven } from '../answer/compose.ts';
import type { AnswerEngine } from '../answer/engine.ts';
import { cellDraft } from '../answer/propose/tables.ts';
import { analyzeQuestion } from '../answer/question.ts';
import type { Answer } from '../answer/types.ts';
import { cellOf, matchColumns } from '../knowledge/cells.ts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { Entity, Passage } from '../knowledge/types.ts';
import { clip } from '../text/clip.ts';
import { escapeRegExp } from '../text/escapeRegExp.ts';
import { type FollowUp, readFollowUp } from './followUp.ts';
import type { Frame } from './frame.ts';
import { CONVERSATION } from './limits.ts';

/** One answered turn: what to say, and the frame the next question is read against. */
export interface Turn {
  answer: Answer;
  /** The earlier question this one was read against, in the member's words. */
  followingUp?: string;
  /** What to remember; undefined keeps the earlier frame (a refusal answers nothing to follow). */
  frame?: Omit<Frame, 'at'>;
}

/** A thing a question is about: a country, or a row of a list table such as a benefit. */
interface Subject {
  name: string;
  /** Ways a question may spell it, longest first. */
  forms: string[];
  entity?: Entity;
}

/** A question on its own: the engine's answer, remembered when it answered. */
export function ownTurn(engine: AnswerEngine, text: string): Turn {
  const answer = engine.answer(text);
  return { answer, frame: answer.answered ? frameFor(text, text, answer) : undefined };
}

/**
 * The question read against the frame, or undefined when it stands on its own: a question
 * that names its own subject is never rewritten, even inside the follow-up window.
 */
export function followUpTurn(engine: AnswerEngine, frame: Frame, text: string): Turn | undefined {
  const kb = engine.kb;
  const intent = readFollowUp(text) ?? bareSubject(kb, text);
  if (!intent) return undefined;
  const turn = resolve(engine, frame, intent);
  return turn && { ...turn, followingUp: frame.label };
}

function resolve(engine: AnswerEngine, frame: Frame, intent: FollowUp): Omit<Turn, 'followingUp'> | undefined {
  const kb = engine.kb;
  switch (intent.kind) {
    case 'own':
      return undefined;
    case 'swap':
      return swapSubject(engine, frame, intent.subject);
    case 'compare': {
      const [previous] = subjectsIn(kb, frame.question);
      if (!previous || !resolveSubject(kb, intent.other)) return undefined;
      const columns = frame.answer.kind === 'cell' ? (frame.answer.table?.columns.slice(1) ?? []) : [];
      const question = `compare ${previous.name} and ${intent.other} ${columns.join(' ')}`.trim();
      return rewritten(engine, question, `${previous.name} compared with ${intent.other}`);
    }
    case 'why': {
      const label = `why ${withoutQuestionWord(frame.label)}`;
      const asked = rewritten(engine, `why ${withoutQuestionWord(frame.question)}`, label);
      // An answer that says again what was just said, with no reason in it, explains nothing:
      // what the report says next usually does.
      const { answer } = asked;
      if (answer.answered && (givesReason(answer.text) || (!repeats(answer, frame.answer) && !fromTable(kb, answer))))
        return asked;
      const next = moreTurn(kb, frame, { prose: true });
      if (next.answer.answered) return { ...next, answer: { ...next.answer, question: label } };
      // A table row states a figure but never why: saying so beats passing a row off as a reason.
      return { answer: notGiven("The report doesn't say why.", label) };
    }
    case 'when':
      return whenTurn(engine, frame);
    case 'more':
      return moreTurn(kb, frame);
    case 'pronoun': {
      const [previous] = subjectsIn(kb, frame.question);
      const focus = frame.answer.focus && !/\d/.test(frame.answer.focus) ? frame.answer.focus : undefined;
      const stand = focus ?? previous?.name;
      // Without a subject to stand in, the earlier question's words still steer the search.
      const question = stand
        ? intent.question.replace(new RegExp(`\\b${intent.pronoun}\\b`, 'i'), stand)
        : `${intent.question.replace(/\?+$/, '')} ${withoutQuestionWord(frame.question)}`;
      return rewritten(engine, question, question);
    }
  }
}

/** "Japan?" alone reads as "and Japan?" when it names a subject of the report. */
function bareSubject(kb: KnowledgeBase, text: string): FollowUp | undefined {
  const phrase = text.trim().replace(/[\s?.!]+$/, '');
  if (phrase.split(/\s+/).length > 3 || !resolveSubject(kb, phrase)) return undefined;
  return { kind: 'swap', subject: phrase.replace(/^the /i, '') };
}

function swapSubject(engine: AnswerEngine, frame: Frame, phrase: string): Omit<Turn, 'followingUp'> | undefined {
  const kb = engine.kb;
  const target = resolveSubject(kb, phrase);
  if (!target) return otherColumn(engine, frame, phrase) ?? unlistedRow(frame, phrase);
  // A table cell: the same columns for the other row, or an honest "not given".
  if (frame.answer.kind === 'cell' && frame.answer.table && target.entity) {
    const columns = frame.answer.table.columns.slice(1);
    const draft = cellDraft(
      target.entity,
      columns.filter((column) => cellOf(target.entity!, column)).map((column) => ({ column })),
    );
    if (!draft) return notListed(target.name, columns);
    const label = `${target.name}'s ${columns.map(columnPhrase).join(' and ')}`;
    const answer = answerOf(label, draft, frame.answer.confidence);
    return { answer, frame: frameFor(label, label, answer) };
  }
  const [previous] = subjectsIn(kb, frame.question).filter((s) => s.name !== target.name);
  if (!previous) return undefined;
  const question = replaceSubject(frame.question, previous, phrase);
  const label = replaceSubject(frame.label, previous, phrase);
  return rewritten(engine, question, label);
}

/** "and its key players?": the same subject, asked about another column. */
function otherColumn(engine: AnswerEngine, frame: Frame, phrase: string): Omit<Turn, 'followingUp'> | undefined {
  const kb = engine.kb;
  const columns = matchColumns(kb, new Set(analyzeQuestion(kb, phrase).terms.map((t) => t.term)));
  const [previous] = subjectsIn(kb, frame.question);
  if (columns.length === 0 || !previous) return undefined;
  const asked = phrase.replace(/^(?:its|their|the) /i, '');
  return rewritten(engine, `what is ${previous.name}'s ${asked}`, `${previous.name}'s ${asked}`);
}

/**
 * "and Peru?" after a table answer: a name the table has no row for. The member asked for
 * the same column of another row, and the honest reply is that the report does not give it.
 */
function unlistedRow(frame: Frame, phrase: string): Omit<Turn, 'followingUp'> | undefined {
  const columns = frame.answer.kind === 'cell' ? (frame.answer.table?.columns.slice(1) ?? []) : [];
  const name = phrase.trim();
  if (columns.length === 0 || !/^\p{Lu}/u.test(name) || name.split(/\s+/).length > 3) return undefined;
  return notListed(name, columns);
}

/** "Japan: market share not given in the report.": the columns asked for, of a row the table lacks. */
function notListed(name: string, columns: readonly string[]): Omit<Turn, 'followingUp'> {
  const asked = columns.map(columnPhrase).join(' and ');
  return { answer: notGiven(`${name}: ${asked} not given in the report.`, `${name}'s ${asked}`) };
}

/** The date of the last answer's event: asked of the engine, or read off the answer itself. */
function whenTurn(engine: AnswerEngine, frame: Frame): Omit<Turn, 'followingUp'> {
  const label = `when ${withoutQuestionWord(frame.label)}`;
  const asked = rewritten(engine, `when ${withoutQuestionWord(frame.question)}`, label);
  if (asked.answer.answered && holdsType('date', asked.answer.text, NONE) > 0) return asked;
  const date = typedSpan('date', frame.answer.text, '');
  if (!date || !frame.answer.source) return asked;
  const answer: Answer = { ...frame.answer, question: label, focus: date, related: [], suggestions: [] };
  return { answer, frame: frameFor(label, label, answer) };
}

/** What the report says next in the same section, past what the member has already seen. */
function moreTurn(kb: KnowledgeBase, frame: Frame, options: { prose?: boolean } = {}): Omit<Turn, 'followingUp'> {
  const source = frame.answer.source;
  const label = `more on ${frame.label.replace(/\?+$/, '')}`;
  if (!source) return { answer: notGiven('There is nothing more to add to that.', label) };
  const row = options.prose ? undefined : wholeRow(kb, frame);
  if (row) return passagesTurn(frame, [row], label);
  const section = kb.passages.filter(
    (p) =>
      p.source.document === source.document &&
      p.source.section === source.section &&
      p.sectionKind !== 'disclaimer' &&
      (!options.prose || p.kind === 'prose'),
  );
  const seen = (p: Passage) => frame.shown.includes(p.id) || frame.answer.text.includes(p.text);
  const lastSeen = Math.max(-1, ...section.filter(seen).map((p) => p.id));
  const unseen = section.filter((p) => !seen(p));
  const next = [...unseen.filter((p) => p.id > lastSeen), ...unseen.filter((p) => p.id < lastSeen)];
  if (next.length === 0) return { answer: notGiven(`The report says no more under “${source.section}”.`, label) };
  const taken: Passage[] = [];
  let length = 0;
  for (const p of next) {
    if (taken.length > 0 && length + p.text.length > CONVERSATION.moreMaxChars) break;
    taken.push(p);
    length += p.text.length + 1;
  }
  return passagesTurn(frame, taken, label);
}

/** After a cell, "more" is the rest of its row: the other columns of the same country. */
function wholeRow(kb: KnowledgeBase, frame: Frame): Passage | undefined {
  const key = frame.answer.kind === 'cell' ? frame.answer.table?.rows[0]?.[0] : undefined;
  const source = frame.answer.source;
  if (!key || !source) return undefined;
  return kb.passages.find(
    (p) =>
      p.kind === 'row' &&
      p.source.section === source.section &&
      p.source.document === source.document &&
      p.text.startsWith(`${key}:`) &&
      !frame.shown.includes(p.id),
  );
}

function passagesTurn(frame: Frame, taken: readonly Passage[], label: string): Omit<Turn, 'followingUp'> {
  const text = clip(taken.map((p) => p.text).join(' '), CONVERSATION.moreMaxChars);
  const answer = answerOf(
    label,
    { text, source: taken[0]!.source, kind: 'passage', passage: taken[0] },
    frame.answer.confidence,
  );
  const shown = [...new Set([...frame.shown, ...taken.map((p) => p.id)])];
  return { answer, frame: { ...frameFor(frame.question, frame.label, answer), shown } };
}

/** Whether an answer is a table's cell, row or grid rather than the report's prose. */
function fromTable(kb: KnowledgeBase, answer: Answer): boolean {
  if (answer.passageId !== undefined) return kb.passages[answer.passageId]?.kind === 'row';
  return answer.kind !== 'passage' && answer.kind !== 'definition' && answer.kind !== 'summary';
}

/** Purpose as well as cause: "established in 1961 to represent …", "the aim was to …". */
const PURPOSE =
  /\b(?:the aim|aim(?:ed|s)? (?:at|to)|in a bid to|so as to|(?:established|set up|founded|created|formed|designed|meant|intended)\b[^.]{0,40}\bto [a-z]+)/i;

function givesReason(text: string): boolean {
  return holdsType('reason', text, NONE) > 0 || PURPOSE.test(text);
}

/** Whether an answer only says again what the member was just told. */
function repeats(answer: Answer, earlier: Answer): boolean {
  const core = (a: Answer) => a.text.replace(/…$/, '').slice(0, 120);
  return earlier.text.includes(core(answer)) || answer.text.includes(core(earlier));
}

function rewritten(engine: AnswerEngine, question: string, label: string): Omit<Turn, 'followingUp'> {
  const answer = { ...engine.answer(question), question: label };
  return { answer, frame: answer.answered ? frameFor(question, label, answer) : undefined };
}

function frameFor(question: string, label: string, answer: Answer): Omit<Frame, 'at'> {
  // Thousands of frames are kept at once: related passages, suggestions and the evidence for a
  // generated answer are never read again (npm run bench prints a frame's footprint).
  const { evidence: _evidence, ...rest } = answer;
  const kept: Answer = { ...rest, related: [], suggestions: [] };
  return { question, label, answer: kept, shown: answer.passageId === undefined ? [] : [answer.passageId] };
}

/** The subjects a question names, in the order it names them. */
function subjectsIn(kb: KnowledgeBase, text: string): Subject[] {
  const entities = analyzeQuestion(kb, text).entities.map(entitySubject);
  const canonical = kb.lexicon.canonicalize(text);
  const rows = listRows(kb).filter((s) => containsWords(canonical, kb.lexicon.canonicalize(s.name)));
  return [...entities, ...rows]
    .map((s) => ({ s, at: spanOf(text, s)?.index ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.at - b.at)
    .map(({ s }) => s);
}

/** The subject a short phrase names: a country or region, else a row of a list table. */
function resolveSubject(kb: KnowledgeBase, phrase: string): Subject | undefined {
  const [entity] = analyzeQuestion(kb, phrase).entities;
  if (entity) return entitySubject(entity);
  const canonical = kb.lexicon.canonicalize(phrase).trim();
  if (canonical.length < 3) return undefined;
  return listRows(kb).find((s) => containsWords(kb.lexicon.canonicalize(s.name), canonical));
}

function entitySubject(entity: Entity): Subject {
  const forms = [entity.name, ...entity.rows.map((r) => r.row.key), ...entity.names];
  return { name: entity.name, forms: byLength(forms), entity };
}

function listRows(kb: KnowledgeBase): Subject[] {
  return kb.tables
    .filter((t) => t.kind === 'list')
    .flatMap((t) => t.rows.map((r) => ({ name: r.key, forms: [r.key] })));
}

function byLength(forms: string[]): string[] {
  return [...new Set(forms.map((f) => f.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
}

/** Where the text names the subject, with a "the" before it; short forms count only in capitals ("US", not "us"). */
function spanOf(text: string, subject: Subject): RegExpExecArray | undefined {
  for (const form of subject.forms) {
    const short = form.replace(/[^\p{L}\p{N}]/gu, '').length <= 3;
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])(?:the\\s+)?${escapeRegExp(form)}(?![\\p{L}\\p{N}])`,
      short ? 'u' : 'iu',
    );
    const found = pattern.exec(text);
    if (found && (!short || found[0].replace(/^the\s+/i, '') === found[0].replace(/^the\s+/i, '').toUpperCase()))
      return found;
  }
  return undefined;
}

function replaceSubject(text: string, previous: Subject, replacement: string): string {
  const span = spanOf(text, previous);
  if (!span) return `${text.replace(/\?+$/, '')} ${replacement}`;
  return `${text.slice(0, span.index)}${replacement}${text.slice(span.index + span[0].length)}`;
}

function containsWords(haystack: string, needle: string): boolean {
  const n = needle.trim();
  return n !== '' && new RegExp(`(?<![a-z0-9])${escapeRegExp(n)}(?![a-z0-9])`).test(haystack);
}

/** "When was the KIA founded?" → "was the KIA founded", ready for another question word. */
function withoutQuestionWord(question: string): string {
  return question
    .trim()
    .replace(/[?!.]+$/, '')
    .replace(/^(?:and |so )?(?:what|when|where|which|who|whom|whose|how(?: much| many| long| far| often)?)\b\s*/i, '');
}

/** "Market Share (%)" → "market share". */
function columnPhrase(column: string): string {
  return column
    .replace(/\s*\([^)]*\)\s*/g, ' ')
    .trim()
    .toLowerCase();
}

const NONE: ReadonlySet<string> = new Set();
