import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { duplicateWarning, withoutDuplicates } from './duplicates.ts';
import { buildKnowledgeBase, type KnowledgeBase } from './knowledgeBase.ts';
import type { AliasFile } from './lexicon.ts';

export const KNOWLEDGE_DIR = resolve(fileURLToPath(new URL('../../knowledge', import.meta.url)));
const REPORT_FILE = /\.(txt|md|markdown)$/i;
const ALIASES = 'aliases.json';

/** Where a report worth a warning is told about: the bot's logger, or stderr. */
export type KnowledgeWarn = (fields: object, message: string) => void;

const toStderr: KnowledgeWarn = (_fields, message) => console.warn(message);

/**
 * Every .txt and .md file in the folder is a report; README files explain the folder and are skipped.
 * A report that copies another is loaded once, with a warning naming both files.
 */
export function loadKnowledgeBase(
  dirs: string | readonly string[] = KNOWLEDGE_DIR,
  options: { warn?: KnowledgeWarn } = {},
): KnowledgeBase {
  const warn = options.warn ?? toStderr;
  const folders = typeof dirs === 'string' ? [dirs] : dirs;
  const files = folders.flatMap((dir) =>
    readFolder(dir)
      .filter((f) => REPORT_FILE.test(f) && !/^readme/i.test(f))
      .sort()
      .map((file) => ({ file, raw: readReport(join(dir, file)), name: join(dir, file) })),
  );
  if (files.length === 0) throw new Error(`No report found in ${folders.join(', ')}: add a .txt or .md file.`);
  const { unique, duplicates } = withoutDuplicates(files);
  for (const d of duplicates) warn({ file: d.name, duplicateOf: d.of }, duplicateWarning(d));
  return buildKnowledgeBase(
    unique.map(({ file, raw }) => ({ file, raw })),
    readAliases(folders),
  );
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

/** A report's text; a file that cannot be read or holds nothing is named in the error, since the maintainer must fix it. */
function readReport(path: string): string {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (raw.trim() === '') throw new Error(`${path} is empty: add the report's text, or remove the file.`);
  return raw;
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
  for (const dir of [KNOWLEDGE_DIR, ...folders]) {
    let text: string;
    try {
      text = readFileSync(join(dir, ALIASES), 'utf8');
    } catch {
      continue;
    }
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
