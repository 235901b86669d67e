import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deployCommands.ts';
import { freePort } from '../freePort.ts';
import { botEnv, nodeTsx } from './child.ts';
import { HttpInteractions } from './fake/httpInteractions.ts';
import type { FakeDiscord } from './fake/index.ts';
import { embedOf, makeToken, replyOf } from './harness.ts';
import { useProcesses } from './useProcesses.ts';

/** `npm start` with INTERACTIONS_PORT, as an operator runs it behind a load balancer. */

const STARTUP_MS = 20_000;
const started = useProcesses();

/** A fake Discord with the commands deployed, and the HTTP endpoint the child will serve on a free port. */
async function deployedFake(): Promise<{ token: string; fake: FakeDiscord; port: number; http: HttpInteractions }> {
  const token = makeToken();
  const fake = await started.fake({ token });
  await deployCommands({ token, apiUrl: fake.apiUrl, clientId: fake.botUser.id, guildId: fake.guild.id, commands });
  const port = await freePort();
  return { token, fake, port, http: new HttpInteractions(fake, `http://127.0.0.1:${port}`) };
}

describe('npm start with INTERACTIONS_PORT', () => {
  it('without a token serves only HTTP interactions: PING, an inline /ask answer, and exits 0 on SIGTERM', async () => {
    const { fake, port, http } = await deployedFake();
    const dataDir = started.tempDir();
    const child = started.start(
      ...nodeTsx('src/main.ts'),
      botEnv(
        { apiUrl: fake.apiUrl, dataDir: dataDir.path },
        { INTERACTIONS_PORT: String(port), DISCORD_PUBLIC_KEY: http.publicKey },
      ),
    );

    await child.waitForLog('serving interactions over HTTP', STARTUP_MS);
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
    const { token, fake, port, http } = await deployedFake();
    const dataDir = started.tempDir();
    const child = started.start(
      ...nodeTsx('src/main.ts'),
      botEnv(
        { token, apiUrl: fake.apiUrl, dataDir: dataDir.path },
        { INTERACTIONS_PORT: String(port), DISCORD_PUBLIC_KEY: http.publicKey },
      ),
    );

    await child.waitForLog('serving interactions over HTTP', STARTUP_MS);
    await child.waitForLog('connected to Discord', STARTUP_MS);
    const overHttp = await replyOf(http.chatInput('ask', { question: 'When was the KIA founded?' }));
    const overGateway = await replyOf(fake.interaction.chatInput('ask', { question: 'When was the KIA founded?' }));
    expect(embedOf(overHttp)).toEqual(embedOf(overGateway));
    fake.assertNoViolations();

    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(child.stderr()).not.toContain(token);
  });
});
