/** "Document › Section": where an answer comes from, as every transport shows it. */
export function sourceLine(source: { document: string; section: string }): string {
  return `${source.document} › ${source.section}`;
}

/**
 * "March 2023 — Indonesia Nickel": an entry named with the report it comes from. Commands label
 * entries so only when the knowledge base holds several reports; with one, the source line says it.
 */
export function withDocument(name: string, document: string): string {
  return `${name} — ${document}`;
}
