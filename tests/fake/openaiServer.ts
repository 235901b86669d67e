import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake OpenAI-compatible server: POST /v1/chat/completions, streaming (SSE) and not. It reads the
 * numbered sources out of the prompt and answers from them the way its mode says.
 */
export type FakeMode =
  | 'faithful'
  | 'paraphrasing'
  | 'hallucinating-number'
  | 'hallucinating-name'
  | 'hallucinating-citation'
  | 'slow'
  | 'failing-500'
  | 'failing-429'
  | 'refused-key'
  | 'malformed-stream';

export interface FakeOpenAi {
  url: string;
  mode: FakeMode;
  /** Every request body the server received, in order. */
  requests: Array<{
    model: string;
    stream: boolean;
    messages: Array<{ role: string; content: string }>;
    auth?: string;
  }>;
  /** How long 'slow' waits before its first byte. */
  slowMs: number;
  close(): Promise<void>;
}

export function sourcesOf(prompt: string): string[] {
  return [...prompt.matchAll(/^\[(\d+)\] \(.*?\) (.*)$/gm)].map((m) => m[2]!);
}

/** A sentence from a source with its citation: "text [n]." */
function cite(text: string, n: number): string {
  return `${text.trim().replace(/[.!?]$/, '')} [${n}].`;
}

/**
 * A source reworded as a model might, keeping what the source says: its first sentence, without
 * an opening clause ("Despite their abundance in nature, …"), asides between dashes or in
 * brackets, and quotation marks.
 */
export function paraphrase(text: string): string {
  const first = text.split(/(?<=[.!?]["”]?)\s+(?=[A-Z“"])/)[0]!;
  const trimmed = first
    .replace(/^(?:Despite|According to|While|Since|Although|However|Moreover|In)\b[^,]*,\s+/, '')
    .replace(/\s*—[^—]*—\s*/g, ' ')
    .replace(/\s*\([^)]*\)/g, '')
    .replace(/["“”]/g, '');
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

export function answerFor(mode: FakeMode, sources: readonly string[]): string {
  const [first = '', second] = sources;
  switch (mode) {
    case 'paraphrasing':
      return second ? `${cite(paraphrase(first), 1)} ${cite(paraphrase(second), 2)}` : cite(paraphrase(first), 1);
    case 'hallucinating-number': {
      const changed = first.replace(/\d+/, (n) => String(Number(n) + 7));
      return cite(changed === first ? `${first} in 1999` : changed, 1);
    }
    case 'hallucinating-name':
      return cite(`${first.replace(/[.!?]$/, '')}, according to Dr. Ramona Whitfield of Atlantis`, 1);
    case 'hallucinating-citation':
      return cite(first, sources.length + 1);
    default:
      return cite(first, 1);
  }
}

export async function startFakeOpenAi(mode: FakeMode = 'faithful'): Promise<FakeOpenAi> {
  const fake: FakeOpenAi = { url: '', mode, requests: [], slowMs: 30_000, close: async () => {} };
  const server: Server = createServer((req, res) => void handle(fake, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

async function handle(fake: FakeOpenAi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions'))
    return json(res, 404, { error: { message: 'not found' } });
  const body = JSON.parse(raw) as FakeOpenAi['requests'][number];
  fake.requests.push({ ...body, stream: body.stream === true, auth: req.headers.authorization });
  const prompt = body.messages.map((m) => m.content).join('\n');
  const mode = fake.mode;
  if (mode === 'failing-500') return json(res, 500, { error: { message: 'internal error', type: 'server_error' } });
  if (mode === 'failing-429') return json(res, 429, { error: { message: 'rate limited', type: 'rate_limit' } });
  if (mode === 'refused-key') return json(res, 401, { error: { message: 'invalid api key', type: 'auth' } });
  if (mode === 'slow') await new Promise((r) => setTimeout(r, fake.slowMs));
  if (res.destroyed) return;
  const text = answerFor(mode, sourcesOf(prompt));
  const base = { id: 'chatcmpl-fake', created: Math.floor(Date.now() / 1000), model: body.model };
  if (!body.stream) {
    return json(res, 200, {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (delta: object, finish: string | null = null) =>
    res.write(
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
    );
  send({ role: 'assistant', content: '' });
  if (mode === 'malformed-stream') {
    send({ content: text.slice(0, 12) });
    res.write('data: {"choices": [{"delta": {"content": "unterminated\n\n');
    res.end();
    return;
  }
  // A few words at a time, as a server streams tokens.
  const pieces = text.match(/\S+\s*/g) ?? [];
  for (let i = 0; i < pieces.length; i += 3) send({ content: pieces.slice(i, i + 3).join('') });
  send({}, 'stop');
  res.write('data: [DONE]\n\n');
  res.end();
}

function json(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
