import OpenAI from 'openai';
import type { LlmSettings } from '../config.ts';
import { GENERATION } from './limits.ts';
import type { ChatMessage } from './prompt.ts';

/** The one thing the generator needs of a server: the answer's text as it streams. */
export interface CompletionClient {
  stream(messages: readonly ChatMessage[], signal: AbortSignal): AsyncIterable<string>;
}

/**
 * The official `openai` client pointed at LLM_BASE_URL. Its own retries are off: a retry after a
 * 429 or 5xx would spend the member's few seconds, and the extractive answer is ready now.
 */
export function openAiClient(
  settings: Pick<LlmSettings, 'baseUrl' | 'model' | 'apiKey' | 'timeoutMs'>,
): CompletionClient {
  const client = new OpenAI({
    baseURL: settings.baseUrl,
    // Local servers want no key, but the client refuses to start without one; never the environment's OPENAI_API_KEY.
    apiKey: settings.apiKey ?? 'no-key',
    maxRetries: 0,
    timeout: settings.timeoutMs,
  });
  return {
    async *stream(messages, signal) {
      const stream = await client.chat.completions.create(
        {
          model: settings.model,
          messages: messages.map((m) => ({ role: m.role, content: m.content })),
          stream: true,
          temperature: GENERATION.temperature,
          max_tokens: GENERATION.maxTokens,
        },
        { signal },
      );
      for await (const chunk of stream) {
        const delta = chunk.choices?.[0]?.delta?.content;
        if (typeof delta === 'string' && delta.length > 0) yield delta;
      }
    },
  };
}

export type FailureKind = 'timeout' | 'rate-limited' | 'server-error' | 'refused-key' | 'malformed' | 'unreachable';

/** What went wrong, in the words /insights and the log use; never the error's text, which may echo a header. */
export function failureKind(error: unknown, timedOut: boolean): FailureKind {
  if (timedOut || error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError)
    return 'timeout';
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    if (error.status === 429) return 'rate-limited';
    if (error.status === 401 || error.status === 403) return 'refused-key';
    if (error.status >= 500) return 'server-error';
    return 'malformed';
  }
  if (error instanceof OpenAI.APIConnectionError) return 'unreachable';
  return 'malformed';
}
