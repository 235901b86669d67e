/** npm run deploy-commands: register the slash commands with Discord and say what changed. */
import dotenv from 'dotenv';
import { commands } from '../../../commands/index.ts';
import { readConfig } from '../../config.ts';
import { scrubSecrets } from '../../logger.ts';
import { deployCommands, describeResult } from './deployCommands.ts';

dotenv.config({ quiet: true });
const result = readConfig(process.env);
if (!result.ok) {
  for (const p of result.problems) console.error(p);
  process.exit(1);
}
const { config } = result;
if (!config.token) {
  console.error('DISCORD_TOKEN is not set: put the bot token in .env (see .env.example) to register commands.');
  process.exit(1);
}
try {
  const outcome = await deployCommands({
    token: config.token,
    apiUrl: config.apiUrl,
    clientId: config.clientId,
    guildId: config.guildId,
    commands,
  });
  console.log(describeResult(outcome));
} catch (error) {
  console.error(`Could not register the commands: ${scrubSecrets((error as Error).message, [config.token])}`);
  process.exit(1);
}
