import type { KnowledgeBase } from '../knowledge/knowledgeBase.ts';
import type { Report } from '../knowledge/types.ts';

/**
 * Two files in knowledge/ holding the same report (a copy saved under another name, say) make
 * /timeline and /compare list every entry twice. The bot cannot know which copy to keep, so it
 * says which files they are and what to do, at start-up and on every reload.
 */
export function duplicateReports(kb: KnowledgeBase): Array<{ file: string; sameAs: string }> {
  const firstWith = new Map<string, string>();
  const out: Array<{ file: string; sameAs: string }> = [];
  for (const report of kb.reports) {
    const key = contentOf(report);
    const earlier = firstWith.get(key);
    if (earlier === undefined) firstWith.set(key, report.file);
    else out.push({ file: report.file, sameAs: earlier });
  }
  return out;
}

/** One line naming each repeated file, or undefined when every report is its own. */
export function duplicatesWarning(kb: KnowledgeBase): string | undefined {
  const duplicates = duplicateReports(kb);
  if (duplicates.length === 0) return undefined;
  const pairs = duplicates.map((d) => `${d.file} repeats ${d.sameAs}`).join('; ');
  return `knowledge/: ${pairs}, so /timeline and /compare list its entries twice; remove one of the copies.`;
}

/** What a report says, without its title (a second copy's title is suffixed with its file name). */
function contentOf(report: Report): string {
  return JSON.stringify(
    report.sections.map((s) => [s.title, s.paragraphs, s.tables.map((t) => [t.title, t.columns, t.rows])]),
  );
}
