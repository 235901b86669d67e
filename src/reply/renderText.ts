import type { Reply, ReplyTable } from './types.ts';

/** A reply as plain terminal text: the console adapter's renderer. */
export function renderText(reply: Reply): string {
  const out: string[] = [];
  if (reply.mention) out.push(`Answer for @${reply.mention.name}`);
  if (reply.title) out.push(reply.title, '─'.repeat(Math.min(60, reply.title.length)));
  if (reply.text) out.push(stripMarkdown(reply.text));
  for (const f of reply.fields ?? []) out.push(`${f.name}:`, indent(stripMarkdown(f.value)));
  if (reply.table) out.push(alignTable(reply.table));
  if (reply.related?.length) out.push('Related:', ...reply.related.map((r) => `  • ${r}`));
  if (reply.suggestions?.length) out.push('Did you mean:', ...reply.suggestions.map((s) => `  • ${s}`));
  if (reply.source) out.push(`— ${reply.source}`);
  if (reply.pager) out.push(`(page ${reply.pager.page} of ${reply.pager.total})`);
  if (reply.ephemeral) out.push('(only you can see this)');
  return out.join('\n');
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}

function stripMarkdown(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
}

/** Columns padded to a common width, as the Discord adapter does inside a code block. */
export function alignTable(table: ReplyTable, maxCell = 40): string {
  const cell = (s: string) => (s.length > maxCell ? `${s.slice(0, maxCell - 1)}…` : s);
  const rows = [table.columns, ...table.rows].map((r) => r.map(cell));
  const widths = table.columns.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' │ ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.slice(1).map(line)].join('\n');
}
