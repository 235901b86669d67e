import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * The file-reading layer under knowledge/: whatever lies in the folder, only report text reaches the
 * knowledge base. A symlink could point at /etc/passwd, a FIFO would block the whole process on
 * open, a binary file would become a report of garbage, and bidi controls or NUL bytes would come
 * back in answers. Anything refused is named in one line, and the other reports still load.
 */

/** Past this, a report is likely a mistake (a dump, a log) and it slows every start and reload: say so. */
export const LARGE_REPORT_BYTES = 4 * 1024 * 1024;

/**
 * Above this share of control characters, a valid UTF-8 file is still binary, not a report with a
 * few stray bytes (those are stripped). Most binaries are not valid UTF-8 and are refused before this.
 */
const BINARY_CONTROL_SHARE = 0.1;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const BINARY_CONTROLS = /[\u0000-\u0008\u000e-\u001f]/g;
/** Embeddings, overrides, isolates and marks: in an answer they can make the text around them read backwards. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters removed
const INGESTION_STRIPPED = /[\u0000\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * A report's text; or something refused (no report: skipped, with one line); or a file that should
 * be a report and cannot be read (an error the maintainer must fix, as before).
 */
export type ReportRead =
  | { ok: true; text: string; bytes: number }
  | { ok: false; refused: true; reason: string }
  | { ok: false; refused: false; error: string };

const cannotRead = (error: unknown): ReportRead => ({
  ok: false,
  refused: false,
  error: (error as NodeJS.ErrnoException).code ?? (error as Error).message,
});
const refused = (reason: string): ReportRead => ({ ok: false, refused: true, reason });

/** Whether a resolved path lies inside the folder (itself resolved, as the folder may be a link). */
function isInside(dir: string, real: string): boolean {
  const inside = relative(realpathSync(dir), real);
  return inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

/** What a file's kind says, for one line: only regular files hold reports. */
function kindOf(stats: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  isDirectory(): boolean;
}): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/**
 * Report text from bytes, or why the bytes are no report: not UTF-8, or binary. NUL and bidi
 * controls are removed here, at ingestion, so no answer or footer can carry them.
 */
export function reportText(bytes: Buffer): { ok: true; text: string } | { ok: false; reason: string } {
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'is not UTF-8 text (save it as UTF-8, or remove it)' };
  }
  const controls = decoded.match(BINARY_CONTROLS)?.length ?? 0;
  if (controls > 0 && controls / decoded.length > BINARY_CONTROL_SHARE) {
    return { ok: false, reason: 'looks binary, not a text report (remove it, or export the report as text)' };
  }
  return { ok: true, text: decoded.replace(INGESTION_STRIPPED, '') };
}

/**
 * Reads `file` in `dir` as a report, never following it out of the folder and never blocking:
 * the kind is checked before opening, and the file is opened non-blocking and checked again,
 * so a FIFO swapped in between is still refused rather than waited on.
 */
export function readReportFile(dir: string, file: string): ReportRead {
  const path = join(dir, file);
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    return cannotRead(error);
  }
  if (!isInside(dir, real)) return refused('is a link to a file outside the folder');
  let fd: number;
  try {
    const before = statSync(real);
    // A folder named like a report is a mistake to fix, as before, not something to skip quietly.
    if (before.isDirectory()) return { ok: false, refused: false, error: 'EISDIR' };
    if (!before.isFile()) return refused(`is ${kindOf(before)}, not a report`);
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return cannotRead(error);
  }
  let bytes: Buffer;
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return refused(`is ${kindOf(opened)}, not a report`);
    bytes = readFileSync(fd);
  } catch (error) {
    return cannotRead(error);
  } finally {
    closeSync(fd);
  }
  const text = reportText(bytes);
  if (!text.ok) return refused(text.reason);
  return { ok: true, text: text.text, bytes: bytes.length };
}

/** "12.3 MB": a size as an operator reads it. */
export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
