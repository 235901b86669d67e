import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKnowledgeBase, type KnowledgeBase } from './knowledgeBase.ts';
import type { AliasFile } from './lexicon.ts';

export const KNOWLEDGE_DIR = resolve(fileURLToPath(new URL('../../knowledge', import.meta.url)));
const REPORT_FILE = /\.(txt|md|markdown)$/i;
const ALIASES = 'aliases.json';

/** Every .txt and .md file in the folder is a report; README files explain the folder and are skipped. */
export function loadKnowledgeBase(dirs: string | readonly string[] = KNOWLEDGE_DIR): KnowledgeBase {
  const folders = typeof dirs === 'string' ? [dirs] : dirs;
  const files = folders.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => REPORT_FILE.test(f) && !/^readme/i.test(f))
      .sort()
      .map((file) => ({ file, raw: readFileSync(join(dir, file), 'utf8') })),
  );
  if (files.length === 0) throw new Error(`No report found in ${folders.join(', ')}: add a .txt or .md file.`);
  return buildKnowledgeBase(files, readAliases(folders));
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
    const file = JSON.parse(text) as AliasFile;
    merged.synonyms.push(...file.synonyms);
    merged.exactCase!.push(...(file.exactCase ?? []));
  }
  return merged;
}
