/**
 * The console samples in the README and docs/commands.md are the console's own output: each block marked
 * `<!-- sample -->` opens with the line typed (`report> /compare China other:India`), and the
 * rest of the block is what the console prints for it. `npm run readme-samples` rewrites
 * them and a test compares them, so the README cannot drift from the code.
 */

export interface ReadmeSample {
  /** What is typed at the prompt. */
  line: string;
  /** The block's output as the README has it. */
  shown: string;
}

export const PROMPT = 'report> ';
/** The files whose samples `npm run readme-samples` rewrites and the test checks, from the repository's root. */
export const SAMPLE_FILES = ['README.md', 'docs/commands.md'] as const;
const SAMPLE = /<!-- sample -->\n```\n(report> [^\n]*)\n([\s\S]*?)```/g;

export function readmeSamples(readme: string): ReadmeSample[] {
  return [...readme.matchAll(SAMPLE)].map((m) => ({ line: m[1]!.slice(PROMPT.length), shown: m[2]! }));
}

/** The README with every sample's output replaced by what `run` prints for its line. */
export async function withSamplesFrom(readme: string, run: (line: string) => Promise<string>): Promise<string> {
  const outputs = new Map<string, string>();
  for (const { line } of readmeSamples(readme)) if (!outputs.has(line)) outputs.set(line, await run(line));
  return readme.replace(
    SAMPLE,
    (_block, typed: string) => `<!-- sample -->\n\`\`\`\n${typed}\n${outputs.get(typed.slice(PROMPT.length))}\n\`\`\``,
  );
}
