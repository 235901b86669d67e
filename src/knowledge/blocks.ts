/** Raw report text split into typed blocks before anything is matched. */

export type Block =
  | { type: 'heading'; text: string; level: number }
  | { type: 'paragraph'; text: string }
  | { type: 'table'; header: string[]; rows: string[][] };

const LABELLED = /^(disclaimer|editor'?s note|note|correction|update|sources?|about the author)\s*:\s+(.+)$/i;

/**
 * Plain-text reports mark headings only by shape: a short line without closing
 * punctuation, followed by more text. Markdown reports use `#`.
 */
export function parseBlocks(raw: string, format: 'markdown' | 'text'): Block[] {
  const lines = raw.replace(/^\uFEFF/, '').split(/\r?\n/);
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') {
      flush();
      continue;
    }
    if (line.startsWith('|')) {
      flush();
      const tableLines: string[] = [];
      while (i < lines.length && (lines[i] ?? '').trim().startsWith('|')) tableLines.push((lines[i++] ?? '').trim());
      i--;
      const table = parseTable(tableLines);
      if (table) blocks.push(table);
      continue;
    }
    const hashes = /^(#{1,6})\s+(.+?)\s*#*$/.exec(line);
    if (hashes) {
      flush();
      blocks.push({ type: 'heading', text: stripInline(hashes[2] ?? ''), level: hashes[1]!.length });
      continue;
    }
    const labelled = LABELLED.exec(line);
    if (labelled) {
      flush();
      blocks.push({ type: 'heading', text: titleCase(labelled[1] ?? ''), level: 2 });
      blocks.push({ type: 'paragraph', text: stripInline(labelled[2] ?? '') });
      continue;
    }
    if (format === 'text') {
      if (looksLikeHeading(line, nextNonEmpty(lines, i + 1))) blocks.push({ type: 'heading', text: line, level: 2 });
      else blocks.push({ type: 'paragraph', text: line });
      continue;
    }
    paragraph.push(stripInline(line));
  }
  flush();
  return blocks;
}

function nextNonEmpty(lines: string[], from: number): string | undefined {
  for (let i = from; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line !== '') return line;
  }
  return undefined;
}

function looksLikeHeading(line: string, next: string | undefined): boolean {
  if (next === undefined) return false;
  if (line.length > 90 || line.split(/\s+/).length > 12) return false;
  if (/[.!?,;:"”)]$/.test(line)) return false;
  return /^[A-Z0-9]/.test(line);
}

function parseTable(lines: string[]): Block | undefined {
  const rows = lines.filter((l) => !/^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$/.test(l)).map(splitRow);
  const [header, ...body] = rows;
  if (!header || header.length < 2) return undefined;
  return { type: 'table', header, rows: body.filter((r) => r.some((c) => c !== '')) };
}

function splitRow(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => stripInline(c.trim().replace(/\\\|/g, '|')));
}

/** Drop Markdown emphasis and links so matching sees words, not markup. */
function stripInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])/g, '$1')
    .replace(/`([^`]+)`/g, '$1');
}

function titleCase(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1).toLowerCase();
}
