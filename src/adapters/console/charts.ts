import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplyImage } from '../../reply/types.ts';

/** `--charts DIR`: the PNGs a reply would show on Discord, written for a look. Returns the paths written. */
export function writeCharts(dir: string, images: readonly ReplyImage[]): string[] {
  if (images.length === 0) return [];
  mkdirSync(dir, { recursive: true });
  return images.map((image) => {
    const path = join(dir, image.name);
    writeFileSync(path, image.png);
    return path;
  });
}

/** Takes `--charts DIR` out of the arguments, so the rest can be read as the line to run. */
export function chartsOption(args: readonly string[]): { dir?: string; rest: string[]; problem?: string } {
  const at = args.indexOf('--charts');
  if (at === -1) return { rest: [...args] };
  const dir = args[at + 1];
  const rest = [...args.slice(0, at), ...args.slice(at + 2)];
  if (!dir || dir.startsWith('--'))
    return { rest, problem: '--charts needs a folder, e.g. npm start -- --execute "/market" --charts charts' };
  return { dir, rest };
}
