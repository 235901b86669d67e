import { describeErrors, type SpecValidator } from './specValidator.ts';

/**
 * Checks of a multipart upload, beyond the JSON check of its payload_json: that the route takes
 * uploads at all, that the form matches the route's multipart schema, and that every attachment the
 * message names was uploaded (an `attachments` id is its part's index, an embed's
 * `attachment://name` its file name), as Discord documents under "Uploading Files".
 */

export interface UploadedPart {
  /** The form field, e.g. `files[0]`. */
  field: string;
  /** The file name the part carries. */
  name: string;
}

const FILE_FIELD = /^files\[(\d+)\]$/;

export function uploadProblems(
  validator: SpecValidator,
  method: string,
  path: string,
  body: unknown,
  parts: readonly UploadedPart[],
): string[] {
  const form: Record<string, unknown> = { ...(isRecord(body) ? body : {}) };
  for (const part of parts) form[part.field] = part.name;
  const outcome = validator.validateForm(method, path, form);
  if (!outcome) return [`${method} ${path} takes no multipart/form-data upload in the spec`];
  const problems = outcome.valid ? [] : describeErrors(outcome.errors);

  // An interaction callback carries the message in `data`; every other route is the message itself.
  const message = isRecord(body) && typeof body.type === 'number' && isRecord(body.data) ? body.data : body;
  const indexes = new Set<string>();
  for (const part of parts) {
    const index = FILE_FIELD.exec(part.field)?.[1];
    if (index === undefined) problems.push(`file part "${part.field}" is not named files[n]`);
    else indexes.add(index);
  }
  const attachments = isRecord(message) && Array.isArray(message.attachments) ? message.attachments : [];
  for (const a of attachments) {
    const id = isRecord(a) ? String(a.id) : '';
    if (!indexes.has(id)) problems.push(`attachments names id ${id}, but no files[${id}] was uploaded`);
  }
  const names = new Set(parts.map((p) => p.name));
  for (const url of attachmentUrls(message)) {
    const name = url.slice('attachment://'.length);
    if (!names.has(name)) problems.push(`an embed shows ${url}, but no file named ${name} was uploaded`);
  }
  return problems;
}

/** The `attachment://` URLs a message's embeds show (image, thumbnail, author and footer icons). */
function attachmentUrls(message: unknown): string[] {
  const embeds = isRecord(message) && Array.isArray(message.embeds) ? message.embeds : [];
  const urls: string[] = [];
  for (const embed of embeds) {
    if (!isRecord(embed)) continue;
    for (const key of ['image', 'thumbnail']) {
      const url = isRecord(embed[key]) ? (embed[key] as Record<string, unknown>).url : undefined;
      if (typeof url === 'string' && url.startsWith('attachment://')) urls.push(url);
    }
    for (const key of ['author', 'footer']) {
      const url = isRecord(embed[key]) ? (embed[key] as Record<string, unknown>).icon_url : undefined;
      if (typeof url === 'string' && url.startsWith('attachment://')) urls.push(url);
    }
  }
  return urls;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
