import pino, { type Logger } from 'pino';

/**
 * Structured logs on stderr, so stdout stays the console's and the --json CLI's.
 * Anything that could carry the token is redacted, wherever it is nested.
 */
export function createLogger(level = 'info', destination: pino.DestinationStream = pino.destination(2)): Logger {
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
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** A token can also hide inside a message string (an error echoing a URL or header). */
export function scrubSecrets(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 8) out = out.split(s).join('[redacted]');
  return out;
}
