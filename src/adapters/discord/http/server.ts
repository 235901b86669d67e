import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type APIInteraction, InteractionResponseType, InteractionType } from 'discord.js';
import type { Logger } from 'pino';
import { TIGHT_HTTP_TIMEOUTS } from '../../../health/httpTimeouts.ts';
import { interactionProblem } from '../payloadShape.ts';
import type { HttpAnswer } from './answer.ts';
import { createReplayGuard, type ReplayGuard } from './replayGuard.ts';
import { checkSignature, MAX_CLOCK_SKEW_SECONDS } from './signature.ts';

/** Where Discord POSTs interactions: the developer portal's Interactions Endpoint URL ends with this. */
export const INTERACTIONS_PATH = '/interactions';
export const HEALTH_PATH = '/healthz';
/** Interactions are a few KiB; anything far larger is not from Discord and is not read to the end. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HealthReport {
  status: number;
  body: unknown;
}

export interface InteractionsServerOptions {
  publicKey: KeyObject;
  answer: (payload: APIInteraction) => Promise<HttpAnswer>;
  logger: Logger;
  /** Served at GET /healthz when given. */
  health?: () => Promise<HealthReport>;
  maxBodyBytes?: number;
  /** Milliseconds since the epoch, for the signature's timestamp check. */
  now?: () => number;
  /** Called with each answer's follow-up work, so stopping can wait for it. */
  track?: (work: Promise<void>) => void;
}

type Outcome = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A plain node:http server, as discord.js's own utility bot serves its interactions: verify, parse,
 * answer, in that order, and a request that fails a step gets the status that names the step.
 * Nothing a request carries can make it throw: every failure becomes a status and one log line.
 */
export function createInteractionsServer(options: InteractionsServerOptions): Server {
  const replays = createReplayGuard(MAX_CLOCK_SKEW_SECONDS * 1000);
  // A client that opens a connection and trickles bytes must not hold it for Node's 5-minute default.
  const server = createServer(TIGHT_HTTP_TIMEOUTS, (req, res) => {
    void serve(req, res, options, replays).catch((error: unknown) => {
      if (req.destroyed && isClientAbort(error)) {
        // The client hung up mid-request: nothing failed here, and there is nobody left to answer.
        options.logger.info(
          { code: (error as NodeJS.ErrnoException).code },
          'interaction request abandoned by the client',
        );
        return;
      }
      options.logger.error({ err: error }, 'interactions endpoint failed on a request');
      if (!res.headersSent) send(res, { status: 500, body: { error: 'internal error' } });
      else res.destroy();
    });
  });
  return server;
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  options: InteractionsServerOptions,
  replays: ReplayGuard,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://endpoint').pathname;
  if (path === HEALTH_PATH && options.health) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, notAllowed('GET'));
    const report = await options.health();
    return send(res, { status: report.status, body: report.body });
  }
  if (path !== INTERACTIONS_PATH) return send(res, { status: 404, body: { error: 'not found' } });
  if (req.method !== 'POST') return send(res, notAllowed('POST'));

  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const body = await readBody(req, limit);
  if (body === 'too large') {
    options.logger.warn({ limitBytes: limit }, 'interaction request refused: body too large');
    return send(res, { status: 413, body: { error: 'body too large' }, headers: { connection: 'close' } });
  }
  const timestamp = header(req, 'x-signature-timestamp');
  const nowMs = options.now?.() ?? Date.now();
  const signed = checkSignature(
    options.publicKey,
    { signature: header(req, 'x-signature-ed25519'), timestamp, body },
    nowMs,
  );
  if (!signed.ok) {
    // Discord sends bad signatures on purpose to check this endpoint: expected, so not a warning.
    options.logger.info({ reason: signed.reason }, 'interaction request refused: invalid signature');
    return send(res, { status: 401, body: { error: 'invalid request signature' } });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return send(res, { status: 400, body: { error: 'body is not JSON' } });
  }
  // Discord's check of a new endpoint URL: signed, but it need not carry the fields an interaction does.
  if ((payload as { type?: unknown } | null)?.type === InteractionType.Ping) {
    return send(res, { status: 200, body: { type: InteractionResponseType.Pong } });
  }
  const problem = interactionProblem(payload);
  if (problem) {
    const id = (payload as { id?: unknown } | null)?.id;
    options.logger.warn(
      { problem, ...(typeof id === 'string' ? { interactionId: id.slice(0, 32) } : {}) },
      'malformed interaction refused',
    );
    return send(res, { status: 400, body: { error: `not an interaction: ${problem}` } });
  }
  const interaction = payload as APIInteraction;
  if (!replays.firstSeen(interaction.id, Number(timestamp) * 1000, nowMs)) {
    // Signed by Discord, but Discord sends each interaction once: someone is replaying captured bytes.
    options.logger.warn(
      { interactionId: interaction.id },
      'interaction refused: already received (a replayed request)',
    );
    return send(res, { status: 409, body: { error: 'interaction already received' } });
  }
  const answer = await options.answer(interaction);
  send(res, { status: 200, body: answer.body });
  if (!answer.after) return;
  // Discord has the deferral once the response is flushed; only then can the original be edited.
  await new Promise<void>((resolve) => (res.writableFinished ? resolve() : res.once('finish', () => resolve())));
  const work = answer
    .after()
    .catch((error: unknown) =>
      options.logger.warn(
        { err: error, interactionId: (payload as APIInteraction).id },
        'could not finish a deferred interaction reply',
      ),
    );
  options.track?.(work);
  await work;
}

/** Node reports a request body cut short by the client as 'aborted' (ECONNRESET). */
function isClientAbort(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ECONNRESET' || code === 'ECONNABORTED' || (error as Error | null)?.message === 'aborted';
}

function notAllowed(allow: string): Outcome {
  return { status: 405, body: { error: 'method not allowed' }, headers: { allow } };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The raw body (the signature covers its exact bytes), or 'too large' as soon as it passes `limit`.
 * The rest of an oversized body is drained, not read, so the 413 can still be sent on the socket.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve('too large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      resolve('too large');
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function send(res: ServerResponse, outcome: Outcome): void {
  const headers: Record<string, string> = { ...outcome.headers };
  if (outcome.body === undefined) {
    res.writeHead(outcome.status, headers).end();
    return;
  }
  headers['content-type'] = 'application/json';
  res.writeHead(outcome.status, headers).end(JSON.stringify(outcome.body));
}
