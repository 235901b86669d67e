/** Columns padded to a common width, for terminals and Discord code blocks alike. */
export function alignTable(
  table: { columns: readonly string[]; rows: readonly (readonly string[])[] },
  maxCell = 40,
): string {
  const cell = (s: string) => (s.length > maxCell ? `${s.slice(0, maxCell - 1)}…` : s);
  const rows = [table.columns, ...table.rows].map((r) => r.map(cell));
  const widths = table.columns.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join(' │ ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.slice(1).map(line)].join('\n');
}
