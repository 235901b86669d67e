import pino, { type Logger } from 'pino';
import { logOutput, readLogFormat } from './logOutput.ts';

/**
 * Structured logs on stderr, so stdout stays the console's and the --json CLI's.
 * Anything that could carry the token is redacted, wherever it is nested. Interaction tokens
 * ride in URLs (`/interactions/:id/:token`, `/webhooks/:app/:token`): each is good for 15 minutes
 * of replies as the bot, so an error that echoes its URL must not echo the token.
 */
export function createLogger(level = 'info', destination: pino.DestinationStream = defaultOutput()): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'token',
          '*.token',
          '*.*.token',
          'authorization',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
          'config.token',
          // What a user typed (and the reply built from it) is not the operator's to read in an error log.
          'requestBody',
          '*.requestBody',
          'body',
          '*.body',
        ],
        censor: '[redacted]',
      },
      serializers: { err: (error: Error) => redactError(pino.stdSerializers.err(error)) },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? redactInteractionTokens(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}

/**
 * stderr in the LOG_FORMAT chosen (the config check has refused any other value by now): lines for
 * a person when stderr is a terminal, JSON for a collector otherwise.
 */
function defaultOutput(): pino.DestinationStream {
  return logOutput(readLogFormat(process.env.LOG_FORMAT, process.stderr.isTTY === true) ?? 'json');
}

/** A token can also hide inside a message string (an error echoing a URL or header). */
export function scrubSecrets(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 8) out = out.split(s).join('[redacted]');
  return out;
}

const TOKEN_IN_PATH = /(\/(?:interactions|webhooks)\/\d+\/)[^/?#\s"']+/g;

/** The interaction or webhook token in any URL or path in `text`, replaced; the ids stay for debugging. */
export function redactInteractionTokens(text: string): string {
  return text.replace(TOKEN_IN_PATH, '$1[redacted]');
}

/** Every string of a serialized error (url, message, stack, causes) without interaction tokens or request bodies. */
function redactError(serialized: unknown): unknown {
  if (typeof serialized === 'string') return redactInteractionTokens(serialized);
  if (Array.isArray(serialized)) return serialized.map(redactError);
  if (!serialized || typeof serialized !== 'object') return serialized;
  return Object.fromEntries(
    Object.entries(serialized).map(([key, value]) =>
      key === 'requestBody' || key === 'body' ? [key, '[redacted]'] : [key, redactError(value)],
    ),
  );
}
