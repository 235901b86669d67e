/**
 * Split text into pages of at most `size` characters, breaking between paragraphs,
 * then sentences, then words, and marking a mid-sentence break with an ellipsis.
 */
export function paginate(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const pages: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const window = rest.slice(0, size);
    let cut = window.lastIndexOf('\n\n');
    if (cut < size * 0.5) cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('.\n'));
    if (cut >= size * 0.5) {
      const end = window[cut] === '.' ? cut + 1 : cut;
      pages.push(rest.slice(0, end).trimEnd());
      rest = rest.slice(end).trimStart();
      continue;
    }
    const space = window.lastIndexOf(' ', size - 1);
    const at = space > size * 0.5 ? space : size - 1;
    pages.push(`${rest.slice(0, at).trimEnd()}…`);
    rest = rest.slice(at).trimStart();
  }
  if (rest) pages.push(rest);
  return pages;
}
