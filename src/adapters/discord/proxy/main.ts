/** npm run proxy: the shared REST proxy that several bot processes send their Discord REST calls through. */

import { createLogger } from '../../../logger.ts';
import { configOrExit } from '../../../startupConfig.ts';
import { readProxyConfig } from './proxyConfig.ts';
import { startRestProxy } from './restProxy.ts';

const config = configOrExit(readProxyConfig, 'proxy configuration');
const logger = createLogger(config.logLevel);

let proxy: Awaited<ReturnType<typeof startRestProxy>> | undefined;
const stop = async (signal: string) => {
  logger.info({ signal }, 'REST proxy shutting down');
  await proxy?.close();
  process.exit(0);
};
// Before listening: a signal right after the "listening" line must still find its handler, not kill outright.
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
try {
  proxy = await startRestProxy({ ...config, logger });
} catch (error) {
  logger.fatal(`Could not listen on PROXY_PORT ${config.port}: ${(error as Error).message}`);
  process.exit(1);
}
