import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';

/** What a reload changed, report by report (by file name). */
export interface KnowledgeChanges {
  added: string[];
  removed: string[];
  changed: string[];
  /** knowledge/aliases.json changed what names mean, which no passage shows. */
  aliases: boolean;
  passages: { before: number; after: number };
}

export function nothingChanged(c: KnowledgeChanges): boolean {
  return c.added.length + c.removed.length + c.changed.length === 0 && !c.aliases;
}

export function compareKnowledge(before: KnowledgeBase, after: KnowledgeBase): KnowledgeChanges {
  const fingerprints = (kb: KnowledgeBase) =>
    new Map(
      kb.reports.map((r) => [
        r.file,
        `${r.title}\n${kb.passages
          .filter((p) => p.reportId === r.id)
          .map((p) => p.text)
          .join('\n')}`,
      ]),
    );
  const old = fingerprints(before);
  const next = fingerprints(after);
  return {
    added: [...next.keys()].filter((f) => !old.has(f)),
    removed: [...old.keys()].filter((f) => !next.has(f)),
    changed: [...next.keys()].filter((f) => old.has(f) && old.get(f) !== next.get(f)),
    aliases: JSON.stringify(before.lexicon.groups) !== JSON.stringify(after.lexicon.groups),
    passages: { before: before.passages.length, after: after.passages.length },
  };
}

/** "1 report added (b.txt), 1 changed (a.txt); 52 → 61 passages", or "no report changed". */
export function describeChanges(c: KnowledgeChanges): string {
  const part = (files: string[], what: string) =>
    files.length === 0
      ? []
      : [`${files.length} ${files.length === 1 ? 'report' : 'reports'} ${what} (${files.join(', ')})`];
  const parts = [...part(c.added, 'added'), ...part(c.removed, 'removed'), ...part(c.changed, 'changed')];
  if (c.aliases) parts.push('aliases changed');
  const passages =
    c.passages.before === c.passages.after
      ? `${c.passages.after} passages`
      : `${c.passages.before} → ${c.passages.after} passages`;
  return `${parts.length > 0 ? parts.join(', ') : 'no report changed'}; ${passages}`;
}
