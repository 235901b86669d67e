import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { duplicateWarning, withoutDuplicates } from './duplicates.ts';
import { buildKnowledgeBase, type KnowledgeBase } from './knowledgeBase.ts';
import type { AliasFile } from './lexicon.ts';
import { LARGE_REPORT_BYTES, megabytes, readReportFile } from './readReports.ts';

export const KNOWLEDGE_DIR = resolve(fileURLToPath(new URL('../../knowledge', import.meta.url)));
const REPORT_FILE = /\.(txt|md|markdown)$/i;
const ALIASES = 'aliases.json';

/** Where a report that is refused or worth a warning is told about: the bot's logger, or stderr. */
export type KnowledgeWarn = (fields: object, message: string) => void;

const toStderr: KnowledgeWarn = (_fields, message) => console.warn(message);

/**
 * Every .txt and .md file in the folder is a report; README files explain the folder and are skipped.
 * Whatever is no report (a link out of the folder, a FIFO, a binary file) is skipped with one warning.
 * A report that copies another is loaded once, with a warning naming both files.
 */
export function loadKnowledgeBase(
  dirs: string | readonly string[] = KNOWLEDGE_DIR,
  options: { warn?: KnowledgeWarn; largeReportBytes?: number } = {},
): KnowledgeBase {
  const warn = options.warn ?? toStderr;
  const started = performance.now();
  const folders = typeof dirs === 'string' ? [dirs] : dirs;
  const files = folders.flatMap((dir) =>
    readFolder(dir)
      .filter((f) => REPORT_FILE.test(f) && !/^readme/i.test(f))
      .sort()
      .flatMap((file) => readReport(dir, file, warn)),
  );
  if (files.length === 0) throw new Error(`No report found in ${folders.join(', ')}: add a .txt or .md file.`);
  const { unique, duplicates } = withoutDuplicates(files.map((f) => ({ ...f, name: f.path })));
  for (const d of duplicates) warn({ file: d.name, duplicateOf: d.of }, duplicateWarning(d));
  const kb = buildKnowledgeBase(
    unique.map(({ file, raw }) => ({ file, raw })),
    readAliases(folders),
  );
  warnLarge(files, options.largeReportBytes ?? LARGE_REPORT_BYTES, performance.now() - started, warn);
  return kb;
}

/** Large reports slow every start and reload; the operator sees how large and how slow. */
function warnLarge(
  files: readonly { path: string; bytes: number }[],
  largeBytes: number,
  ms: number,
  warn: KnowledgeWarn,
): void {
  for (const { path, bytes } of files.filter((f) => f.bytes > largeBytes)) {
    warn(
      { file: path, bytes, loadMs: Math.round(ms) },
      `${path} is ${megabytes(bytes)}, a large report: loading the reports took ${(ms / 1000).toFixed(1)} s`,
    );
  }
}

function readFolder(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    throw new Error(
      `Cannot read the folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/**
 * A report's text; a file that cannot be read or holds nothing is named in the error, since the
 * maintainer must fix it. Something that is no report is skipped with one line naming it.
 */
function readReport(
  dir: string,
  file: string,
  warn: KnowledgeWarn,
): { file: string; raw: string; path: string; bytes: number }[] {
  const path = join(dir, file);
  const read = readReportFile(dir, file);
  if (!read.ok && read.refused) {
    warn({ file: path }, `${path} skipped: it ${read.reason}`);
    return [];
  }
  if (!read.ok) throw new Error(`Cannot read ${path}: ${read.error}`);
  if (read.text.trim() === '') throw new Error(`${path} is empty: add the report's text, or remove the file.`);
  return [{ file, raw: read.text, path, bytes: read.bytes }];
}

/** The aliases every report is read with: knowledge/aliases.json. */
export function knowledgeAliases(): AliasFile {
  return readAliases([]);
}

/** One report file outside knowledge/ (an evaluation or training fixture), read with the shipped aliases. */
export function loadReportFile(path: string): KnowledgeBase {
  return buildKnowledgeBase([{ file: basename(path), raw: readFileSync(path, 'utf8') }], knowledgeAliases());
}

function readAliases(folders: readonly string[]): AliasFile {
  const merged: AliasFile = { synonyms: [], exactCase: [] };
  // knowledge/ is read once, whether or not it is also one of the folders asked for.
  for (const dir of new Set([KNOWLEDGE_DIR, ...folders].map((f) => resolve(f)))) {
    // Read like a report, so a FIFO or a link out of the folder named aliases.json cannot block or leak either.
    const read = readReportFile(dir, ALIASES);
    if (!read.ok) continue;
    const text = read.text;
    const file = parseAliases(text, join(dir, ALIASES));
    merged.synonyms.push(...file.synonyms);
    merged.exactCase!.push(...(file.exactCase ?? []));
  }
  return merged;
}

/** aliases.json, checked for its shape so that a typo in it names the file rather than failing later. */
function parseAliases(text: string, path: string): AliasFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const file = parsed as Partial<AliasFile> | null;
  const strings = (list: unknown) => Array.isArray(list) && list.every((m) => typeof m === 'string');
  if (
    typeof file !== 'object' ||
    file === null ||
    !Array.isArray(file.synonyms) ||
    !file.synonyms.every(strings) ||
    (file.exactCase !== undefined && !strings(file.exactCase))
  ) {
    throw new Error(
      `${path} must hold "synonyms": a list of lists of names (and optionally "exactCase": a list of names).`,
    );
  }
  return file as AliasFile;
}
