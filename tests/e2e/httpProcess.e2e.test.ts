import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deployCommands.ts';
import type { Child } from './child.ts';
import { childEnv, parseLogLine, startChild, TSX, tempDir } from './child.ts';
import { HttpInteractions } from './fake/httpInteractions.ts';
import { FakeDiscord } from './fake/index.ts';
import { embedOf, makeToken, replyOf } from './harness.ts';

/** `npm start` with INTERACTIONS_PORT, as an operator runs it behind a load balancer. */

const STARTUP_MS = 20_000;
let fake: FakeDiscord | undefined;
let child: Child | undefined;
let dataDir: ReturnType<typeof tempDir> | undefined;

afterEach(async () => {
  await child?.kill();
  await fake?.close();
  dataDir?.remove();
  child = fake = dataDir = undefined;
});

/** A port nothing listens on right now, for the child to take. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const serving = (line: string) => parseLogLine(line)?.msg === 'serving interactions over HTTP';

describe('npm start with INTERACTIONS_PORT', () => {
  it('without a token serves only HTTP interactions: PING, an inline /ask answer, and exits 0 on SIGTERM', async () => {
    const token = makeToken();
    fake = await FakeDiscord.start({ token });
    await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
    const port = await freePort();
    const http = new HttpInteractions(fake, `http://127.0.0.1:${port}`);
    dataDir = tempDir();
    child = startChild(
      TSX,
      ['src/main.ts'],
      childEnv({
        DISCORD_API_URL: fake.apiUrl,
        DATA_DIR: dataDir.path,
        INTERACTIONS_PORT: String(port),
        DISCORD_PUBLIC_KEY: http.publicKey,
      }),
    );

    await child.waitForLine(serving, STARTUP_MS);
    expect((await http.ping()).body).toEqual({ type: 1 });
    expect((await http.ping({ key: HttpInteractions.otherKey() })).status).toBe(401);
    const sent = http.chatInput('ask', { question: 'When was the KIA founded?' });
    const data = await replyOf(sent);
    expect(embedOf(data).description).toContain('1961');
    // No gateway session was opened: without DISCORD_TOKEN there is none to open.
    expect(fake.identifies).toEqual([]);
    fake.assertNoViolations();

    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(child.stderr()).not.toContain(sent.token);
  });

  it('with a token too, the gateway still runs beside the endpoint and both answer', async () => {
    const token = makeToken();
    fake = await FakeDiscord.start({ token });
    await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
    const port = await freePort();
    const http = new HttpInteractions(fake, `http://127.0.0.1:${port}`);
    dataDir = tempDir();
    child = startChild(
      TSX,
      ['src/main.ts'],
      childEnv({
        DISCORD_TOKEN: token,
        DISCORD_API_URL: fake.apiUrl,
        DATA_DIR: dataDir.path,
        INTERACTIONS_PORT: String(port),
        DISCORD_PUBLIC_KEY: http.publicKey,
      }),
    );

    await child.waitForLine(serving, STARTUP_MS);
    await child.waitForLine((line) => parseLogLine(line)?.msg === 'connected to Discord', STARTUP_MS);
    const overHttp = await replyOf(http.chatInput('ask', { question: 'When was the KIA founded?' }));
    const overGateway = await replyOf(fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' }));
    expect(embedOf(overHttp)).toEqual(embedOf(overGateway));
    fake.assertNoViolations();

    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(child.stderr()).not.toContain(token);
  });
});
