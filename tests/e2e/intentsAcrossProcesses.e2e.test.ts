import {
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandOptionType,
  GatewayIntentBits,
  PermissionFlagsBits,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deployCommands.ts';
import { composeGateway } from '../../src/compose.ts';
import { readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { answeredByGateway } from '../../src/settings/service.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { freePort } from '../freePort.ts';
import { botEnv, nodeTsx, until } from './child.ts';
import { HttpInteractions } from './fake/httpInteractions.ts';
import { DEFAULT_PERMISSIONS } from './fake/payloads.ts';
import { embedOf, engine, type Harness, makeToken, messageBody, replyOf, waitForReplyTo } from './harness.ts';
import { useProcesses } from './useProcesses.ts';

/**
 * An ask-channel added on the HTTP interactions process (npm start with INTERACTIONS_PORT and no
 * DISCORD_TOKEN) reaches a gateway process that runs without Message Content, through the database alone.
 */

const STARTUP_MS = 20_000;
const RECHECK_MS = 150;
const ADMIN = (BigInt(DEFAULT_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();
const started = useProcesses();

describe('/settings ask-channels add on the HTTP-only process', () => {
  it('promises nothing it cannot know, and the gateway process sharing the database soon answers there', async () => {
    const token = makeToken();
    const fake = await started.fake({ token, guilds: [{ channels: ['ask-here', 'random'] }] });
    await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
    const port = await freePort();
    const http = new HttpInteractions(fake, `http://127.0.0.1:${port}`);
    const dataDir = started.tempDir();
    const endpoint = started.start(
      ...nodeTsx('src/main.ts'),
      botEnv(
        { apiUrl: fake.apiUrl, dataDir: dataDir.path },
        { INTERACTIONS_PORT: String(port), DISCORD_PUBLIC_KEY: http.publicKey },
      ),
    );
    await endpoint.waitForLog('serving interactions over HTTP', STARTUP_MS);

    // The gateway process, as src/main.ts wires it, on the same database.
    const store = started.own(openSqliteStore({ dataDir: dataDir.path }), (s) => s.close());
    const configured = readConfig({ DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl });
    if (!configured.ok) throw new Error(configured.problems.join(' '));
    const { config } = configured;
    const rawLogs: string[] = [];
    const { bot } = composeGateway({
      config,
      engine: engine(),
      commands,
      logger: createLogger('debug', { write: (line: string) => void rawLogs.push(line) }),
      store,
      shared: {},
      daily: false,
      forum: false,
      contentRecheckMs: RECHECK_MS,
    });
    if (!bot) throw new Error('the gateway needs DISCORD_TOKEN');
    started.own(bot, (b) => b.stop());
    await bot.start();
    const contentIntent = () => fake.identifies.map((i) => (i.intents & GatewayIntentBits.MessageContent) !== 0);
    expect(contentIntent()).toEqual([false]);

    const askHere = fake.guild.channels[0]!.id;
    const group = {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'ask-channels',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'add',
          options: [{ type: ApplicationCommandOptionType.Channel, name: 'channel', value: askHere }],
        },
      ],
    } as APIApplicationCommandInteractionDataOption;
    const added = embedOf(await replyOf(http.chatInput('settings', [group], { permissions: ADMIN })));
    expect(added.title).toBe('Ask-channel added');
    expect(added.description).toBe(answeredByGateway(`<#${askHere}>`));
    expect(added.description).not.toContain("I'll answer");

    await until(
      'a session with Message Content',
      () => (contentIntent().length === 2 && bot.client.isReady()) || undefined,
      2_000,
    );
    expect(contentIntent()).toEqual([false, true]);
    const h: Harness = { fake, bot, token, rawLogs, logs: () => [], close: () => bot.stop() };
    const asked = fake.messageCreate({ content: 'When was the KIA founded?', channelId: askHere });
    expect(embedOf(messageBody(await waitForReplyTo(h, asked.id))).description).toContain('1961');
    expect(rawLogs.filter((line) => line.includes(token))).toEqual([]);
    fake.assertNoViolations();
  });
});
