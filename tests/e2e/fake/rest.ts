import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from './faults.ts';
import { Recorder } from './recorder.ts';
import type { Reply, RouteRequest, Router } from './routes/router.ts';
import { discordError, notFound } from './routes/router.ts';
import { describeErrors, SpecValidator, toDiscordErrors } from './specValidator.ts';
import { uploadProblems } from './uploads.ts';

/** The HTTP side: parse, record, check against the spec, inject faults, route. */

export const API_PREFIX = '/api/v10';

export interface RecordedRequest {
  method: string;
  /** Relative to `/api/v10` and without the query, e.g. `/channels/123/messages`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the `payload_json` part of a multipart body. */
  body: unknown;
  files: RouteRequest['files'];
  receivedAt: number;
  /** The spec's path template, when the spec knows the route. */
  specRoute: string | null;
  status: number;
  response: unknown;
  /** True when the response came from `failNext`. */
  injected: boolean;
  /** False when the fake has no handler for the route (it answered 404). */
  handled: boolean;
}

export interface SpecViolation {
  method: string;
  path: string;
  specRoute: string;
  /** Readable lines, most specific first, e.g. `/data/embeds/0/title must be string,null`. */
  problems: string[];
  body: unknown;
}

export interface RestOptions {
  /** Answer bodies that break the spec with 400 50035 (they are recorded either way). */
  rejectInvalidBodies: boolean;
  /**
   * Check bodies against the spec at all. Off, nothing is validated or recorded as a violation:
   * ajv is about half the fake's CPU, which a load test would otherwise take from the bot it measures.
   */
  validateBodies?: boolean;
  token?: string;
  /** Discord's clock relative to this machine's, for the `Date` header. */
  clockOffsetMs?: number;
}

export class FakeRest {
  readonly requests = new Recorder<RecordedRequest>();
  readonly violations: SpecViolation[] = [];
  private readonly validator = SpecValidator.shared();

  constructor(
    private readonly router: Router,
    private readonly faults: Faults,
    private readonly options: RestOptions,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const pathname = decodeURIComponent(url.pathname); // discord.js encodes `@original` as `%40original`.
    const path = pathname.startsWith(`${API_PREFIX}/`) ? pathname.slice(API_PREFIX.length) : pathname;
    const receivedAt = Date.now();
    const parsed = await parseBody(req);
    const specRoute = this.validator.matchRoute(method, path);
    const request: RouteRequest = { params: {}, body: parsed.body, query: url.searchParams, files: parsed.files };

    let reply: Reply;
    let injected = false;
    let handled = true;
    const violation = parsed.ok && this.options.validateBodies !== false ? this.check(method, path, parsed.body) : null;
    if (parsed.ok && parsed.files.length > 0 && this.options.validateBodies !== false)
      this.checkUpload(method, path, parsed);
    const fault = this.faults.take(method, path);
    if (fault && !fault.afterHandling) {
      reply = fault;
      injected = true;
    } else if (!parsed.ok) {
      reply = discordError(400, 'The request body contains invalid JSON.', 50109);
    } else if (violation && this.options.rejectInvalidBodies) {
      reply = { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: violation } };
    } else {
      const found = pathname.startsWith(`${API_PREFIX}/`) ? this.router.find(method, path) : null;
      handled = found !== null;
      if (!found) reply = notFound.route();
      else if (found.route.auth !== false && !this.authorised(req.headers.authorization)) {
        reply = discordError(401, '401: Unauthorized', 0);
      } else reply = safely(() => found.route.handle({ ...request, params: found.params }));
      if (fault) {
        reply = fault;
        injected = true;
      }
    }

    // Discord's clock, as a bot reads it from every response (Node would send this machine's).
    res.setHeader('date', new Date(Date.now() + (this.options.clockOffsetMs ?? 0)).toUTCString());
    send(res, reply);
    this.requests.push({
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      body: parsed.body,
      files: parsed.files,
      receivedAt,
      specRoute,
      status: reply.status,
      response: reply.body,
      injected,
      handled,
    });
  }

  /** Records a violation and returns Discord's nested `errors` object for it, or null if the body is valid. */
  private check(method: string, path: string, body: unknown): Record<string, unknown> | null {
    if (body === undefined) return null;
    const outcome = this.validator.validate(method, path, body);
    if (!outcome || outcome.valid) return null;
    this.violations.push({ method, path, specRoute: outcome.route, problems: describeErrors(outcome.errors), body });
    return toDiscordErrors(outcome.errors);
  }

  /** Records a violation when a multipart upload breaks the spec or names a file it did not upload (uploads.ts). */
  private checkUpload(method: string, path: string, parsed: ParsedBody): void {
    const parts = parsed.files.map((f) => ({ field: f.field ?? '', name: f.name }));
    const problems = uploadProblems(this.validator, method, path, parsed.body, parts);
    if (problems.length === 0) return;
    const specRoute = this.validator.matchRoute(method, path) ?? '(none)';
    this.violations.push({ method, path, specRoute, problems, body: parsed.body });
  }

  private authorised(header: string | undefined): boolean {
    if (!header?.startsWith('Bot ')) return false;
    return this.options.token === undefined || header === `Bot ${this.options.token}`;
  }
}

function safely(handle: () => Reply): Reply {
  try {
    return handle();
  } catch (error) {
    // A bug in the fake must not look like a Discord outage the bot should retry.
    return { status: 500, body: { message: `Fake Discord failed: ${String(error)}`, code: 0 } };
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  headers['content-type'] = 'application/json';
  res.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
}

interface ParsedBody {
  ok: boolean;
  body: unknown;
  files: RouteRequest['files'];
}

async function parseBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { ok: true, body: undefined, files: [] };
  const type = req.headers['content-type'] ?? '';
  try {
    if (type.startsWith('multipart/form-data')) return await parseMultipart(raw, type);
    return { ok: true, body: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
  } catch {
    return { ok: false, body: raw.toString('utf8'), files: [] };
  }
}

/** discord.js sends files as multipart with the JSON in `payload_json`; the WHATWG parser does the work. */
async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  const form = await new Request('http://fake/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(raw),
  }).formData();
  const files: RouteRequest['files'] = [];
  let body: unknown;
  for (const [field, value] of form) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value) as unknown;
    } else {
      files.push({
        field,
        name: value.name,
        size: value.size,
        contentType: value.type,
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
  }
  return { ok: true, body, files };
}
