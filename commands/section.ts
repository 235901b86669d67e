import { defineCommand, HIDE } from '../src/bot/command.ts';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.ts';
import { allSections, findSection } from '../src/knowledge/resolve.ts';
import type { Section } from '../src/knowledge/types.ts';
import { rankChoices } from '../src/reply/autocomplete.ts';
import type { Reply } from '../src/reply/types.ts';
import { echo } from '../src/text/echo.ts';
import { paginate } from '../src/text/paginate.ts';
import { sourceLine } from '../src/text/sourceLine.ts';

/** Room for one page of section text inside a single embed description. */
export const PAGE_SIZE = 3800;

const section = defineCommand({
  name: 'section',
  description: 'Read one section of the report',
  options: {
    name: {
      type: 'string',
      description: 'The section, e.g. "Why Myanmar Matters"',
      required: true,
      autocomplete: true,
      maxLength: 100,
    },
    hide: HIDE,
  },
  examples: ['/section name:Why Myanmar Matters'],
  autocomplete: (_option, typed, ctx) =>
    rankChoices(
      allSections(ctx.engine.kb).map((s, i) => ({
        name: s.title,
        value: String(i),
        content: s.paragraphs.join(' ').slice(0, 300),
      })),
      typed,
    ),
  run: ({ name, hide }, ctx) => {
    const { kb } = ctx.engine;
    // Autocomplete sends the section's index; typed text is matched by title.
    const picked = /^\d+$/.test(name) ? allSections(kb)[Number(name)] : undefined;
    const found = picked ? { match: picked, suggestions: [] } : findSection(kb, name);
    if (!found.match) {
      return {
        title: 'Section not found',
        text: `No section is called "${echo(name)}".`,
        tone: 'notice',
        ephemeral: hide,
        suggestions: found.suggestions.map((s) => `/section name:${s}`),
      };
    }
    return { ...sectionPage(kb, found.match, 1), ephemeral: hide };
  },
  page: (key, page, ctx) => {
    const match = allSections(ctx.engine.kb)[Number(key)];
    return match
      ? sectionPage(ctx.engine.kb, match, page)
      : { text: 'That section is no longer in the report.', tone: 'notice', ephemeral: true };
  },
});
export default section;

function sectionText(section: Section): string {
  const tables = section.tables.map((t) =>
    t.rows.map((r) => `• ${r.cells.map((c) => c.value).join(' — ')}`).join('\n'),
  );
  return [...section.paragraphs, ...tables].join('\n\n');
}

function sectionPage(kb: KnowledgeBase, s: Section, page: number): Reply {
  const pages = paginate(sectionText(s), PAGE_SIZE);
  const n = Math.min(Math.max(1, page), pages.length);
  const report = kb.reports.find((r) => r.id === s.reportId);
  return {
    title: s.title,
    text: pages[n - 1],
    source: sourceLine({ document: report?.title ?? '', section: s.title }),
    tone: 'answer',
    pager:
      pages.length > 1
        ? { command: 'section', key: String(allSections(kb).indexOf(s)), page: n, total: pages.length }
        : undefined,
  };
}
