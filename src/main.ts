/**
 * npm start: connects to Discord when DISCORD_TOKEN is set, otherwise opens the local console.
 * npm start -- --execute "/compare India": runs one command in the console and exits.
 */
import dotenv from 'dotenv';
import { join } from 'node:path';
import { commands } from '../commands/index.ts';
import { createAnswerEngine } from './answer/engine.ts';
import { readConfig } from './config.ts';
import { runConsole, runLine } from './console/console.ts';
import { createBot } from './discord/bot.ts';
import { createLogger, scrubSecrets } from './logger.ts';

dotenv.config({ quiet: true });
const configured = readConfig(process.env);
if (!configured.ok) {
  console.error('The configuration has problems (see .env.example):');
  for (const p of configured.problems) console.error(`  - ${p}`);
  process.exit(1);
}
const { config } = configured;
const logger = createLogger(config.logLevel);

let engine;
try {
  engine = createAnswerEngine();
} catch (error) {
  console.error(`Could not load the reports in knowledge/: ${(error as Error).message}`);
  process.exit(1);
}

const args = process.argv.slice(2);
const executeAt = args.indexOf('--execute');
if (executeAt !== -1) {
  const line = args.slice(executeAt + 1).join(' ');
  if (!line.trim()) {
    console.error('--execute needs a command, e.g. npm start -- --execute "/compare India"');
    process.exit(1);
  }
  console.log(await runLine(line, { engine, commands }));
  process.exit(0);
}

if (!config.token) {
  console.log('No DISCORD_TOKEN set, so this is the local console; set it in .env to connect to Discord.');
  await runConsole({ engine, commands, historyFile: join(config.dataDir, 'console_history') });
  process.exit(0);
}

const bot = createBot({ config, engine, commands, logger });
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  await bot.stop().catch((error: unknown) => logger.warn({ err: error }, 'error while disconnecting'));
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await bot.start();
} catch (error) {
  logger.fatal(scrubSecrets(`Could not connect to Discord: ${(error as Error).message}`, [config.token]));
  await bot.stop().catch(() => undefined);
  process.exit(1);
}
