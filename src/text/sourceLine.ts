/** "Document › Section": where an answer comes from, as every transport shows it. */
export function sourceLine(source: { document: string; section: string }): string {
  return `${source.document} › ${source.section}`;
}
