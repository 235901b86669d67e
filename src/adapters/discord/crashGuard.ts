import type { Logger } from 'pino';

/** The gateway event discord.js was last given, named in the log if handling it blows up out of reach. */
export interface GatewayEventRef {
  type: string;
  id?: string;
}

interface ProcessLike {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  off(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
}

/**
 * The last line of defence behind the payload checks: discord.js parses gateway events in its own
 * async callbacks, so a payload it chokes on would otherwise end the process for every user.
 * One bad event is logged with its id and the bot keeps serving. Returns the uninstaller.
 */
export function guardProcess(
  target: ProcessLike,
  logger: Logger,
  lastEvent: () => GatewayEventRef | undefined,
): () => void {
  const onError = (error: unknown) =>
    logger.error({ err: error, event: lastEvent() }, 'an error escaped every handler; the bot keeps serving');
  target.on('uncaughtException', onError);
  target.on('unhandledRejection', onError);
  return () => {
    target.off('uncaughtException', onError);
    target.off('unhandledRejection', onError);
  };
}
