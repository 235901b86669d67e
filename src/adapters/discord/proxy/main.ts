/** npm run proxy: the shared REST proxy that several bot processes send their Discord REST calls through. */

import dotenv from 'dotenv';
import { createLogger } from '../../../logger.ts';
import { readProxyConfig } from './proxyConfig.ts';
import { startRestProxy } from './restProxy.ts';

dotenv.config({ quiet: true });
const configured = readProxyConfig(process.env);
if (!configured.ok) {
  console.error('The proxy configuration has problems (see .env.example):');
  for (const p of configured.problems) console.error(`  - ${p}`);
  process.exit(1);
}
const { config } = configured;
const logger = createLogger(config.logLevel);

try {
  const proxy = await startRestProxy({ ...config, logger });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'REST proxy shutting down');
    await proxy.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  logger.fatal(`Could not listen on PROXY_PORT ${config.port}: ${(error as Error).message}`);
  process.exit(1);
}
