import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger, redactInteractionTokens } from '../src/logger.ts';

const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldHNlY3JldA';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, logger: createLogger('debug', { write: (line: string) => void lines.push(line) }) };
}

/** What @discordjs/rest throws when an interaction callback is refused: the URL and body of the request. */
function callbackError(): DiscordAPIError {
  return new DiscordAPIError(
    { message: 'Unknown interaction', code: 10062 },
    10062,
    404,
    'POST',
    `https://discord.com/api/v10/interactions/123456789012345678/${INTERACTION_TOKEN}/callback?with_response=false`,
    { files: undefined, body: { type: 4, data: { content: 'what alice asked about' } } },
  );
}

describe('error logs', () => {
  it('keep the interaction id but not the interaction token or the request body', () => {
    const { lines, logger } = capture();

    logger.error({ err: callbackError(), interactionId: '123456789012345678' }, 'interaction handler failed');

    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).not.toContain(INTERACTION_TOKEN);
    expect(line).not.toContain('what alice asked about');
    const logged = JSON.parse(line) as { err: { url: string; requestBody: unknown; code: number } };
    expect(logged.err.url).toBe(
      'https://discord.com/api/v10/interactions/123456789012345678/[redacted]/callback?with_response=false',
    );
    expect(logged.err.requestBody).toBe('[redacted]');
    expect(logged.err.code).toBe(10062);
  });

  it('redact a token in a webhook URL inside a message or a nested cause', () => {
    const { lines, logger } = capture();
    const cause = new Error(`PATCH /webhooks/42/${INTERACTION_TOKEN}/messages/@original failed`);

    logger.warn({ err: new Error('could not edit', { cause }) }, 'could not edit');
    logger.warn(`request to /webhooks/42/${INTERACTION_TOKEN} failed`);

    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain(INTERACTION_TOKEN);
    expect(lines.join('\n')).toContain('/webhooks/42/[redacted]');
  });

  it('a body logged next to an error is redacted too', () => {
    const { lines, logger } = capture();

    logger.warn({ body: { content: 'private' }, request: { body: 'private too' } }, 'send failed');

    expect(lines[0]).not.toContain('private');
  });
});

describe('redactInteractionTokens', () => {
  it('leaves paths without a token alone', () => {
    expect(redactInteractionTokens('/channels/1/messages')).toBe('/channels/1/messages');
    expect(redactInteractionTokens(`/interactions/9/${INTERACTION_TOKEN}/callback`)).toBe(
      '/interactions/9/[redacted]/callback',
    );
  });
});
