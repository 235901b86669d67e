import { alignTable } from '../text/alignTable.ts';
import { echo, stripBidiControls } from '../text/echo.ts';
import type { Reply } from './types.ts';

/** A reply as plain terminal text: the console adapter's renderer. */
export function renderText(reply: Reply): string {
  const out: string[] = [];
  if (reply.mention) out.push(`Answer for @${echo(reply.mention.name.replace(/^@+/, ''), 40)}`);
  if (reply.title) out.push(reply.title, '─'.repeat(Math.min(60, reply.title.length)));
  if (reply.text) out.push(stripMarkdown(reply.text));
  if (reply.followingUp) out.push(`(following up on “${reply.followingUp}”)`);
  for (const f of reply.fields ?? []) out.push(`${f.name}:`, indent(stripMarkdown(f.value)));
  // A terminal wraps long lines, so cells are shown whole; only Discord's narrow code block clips them.
  if (reply.table) out.push(alignTable(reply.table, Number.POSITIVE_INFINITY));
  if (reply.related?.length) out.push('Related:', ...reply.related.map((r) => `  • ${r}`));
  if (reply.suggestions?.length) out.push('Did you mean:', ...reply.suggestions.map((s) => `  • ${s}`));
  if (reply.source) out.push(`— ${reply.source}`);
  if (reply.pager) out.push(`(page ${reply.pager.page} of ${reply.pager.total})`);
  // A terminal has no files: the attachment is printed, without bidi controls that would garble the lines after it.
  if (reply.attachment)
    out.push(
      `── ${reply.attachment.name} ──`,
      stripBidiControls(reply.attachment.content).replace(/\r\n/g, '\n').trimEnd(),
    );
  if (reply.ephemeral) out.push('(only you can see this)');
  return out.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function stripMarkdown(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
}
