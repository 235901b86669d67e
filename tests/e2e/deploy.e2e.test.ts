import type { APIApplicationCommand } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { commandBodies, deployCommands } from '../../src/adapters/discord/deployCommands.ts';
import { childEnv, runChild } from './child.ts';
import { DiscordErrors, FakeDiscord } from './fake/index.ts';
import { snowflake } from './fake/payloads.ts';
import { makeToken } from './harness.ts';

/** `npm run deploy-commands` as a real process against the fake. */

let fake: FakeDiscord | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function startFake(token: string): Promise<FakeDiscord> {
  fake = await FakeDiscord.start({ token });
  return fake;
}

function deploy(env: Record<string, string>) {
  return runChild('npm', ['run', 'deploy-commands'], childEnv(env), 30_000);
}

const names = commandBodies(commands)
  .map((c) => c.name)
  .sort();

/** A command as Discord stores it, for a registration that predates this run. */
function registered(f: FakeDiscord, fields: Partial<APIApplicationCommand> & { name: string }): APIApplicationCommand {
  return {
    id: snowflake(),
    application_id: f.botUser.id,
    version: snowflake(),
    type: 1,
    description: 'Old description',
    default_member_permissions: null,
    guild_id: f.guild.id,
    ...fields,
  };
}

describe('npm run deploy-commands', () => {
  function guildEnv(f: FakeDiscord, token: string): Record<string, string> {
    return { DISCORD_TOKEN: token, DISCORD_API_URL: f.apiUrl, DISCORD_CLIENT_ID: f.botUser.id, GUILD_ID: f.guild.id };
  }

  it('registers the commands in the guild with one valid PUT, saying what changed', async () => {
    const token = makeToken();
    const f = await startFake(token);
    f.world.commands.set(f.guild.id, [
      registered(f, { name: 'ask', description: 'An outdated description' }),
      registered(f, { name: 'legacy', description: 'A command that no longer exists' }),
    ]);
    const route = `/applications/${f.botUser.id}/guilds/${f.guild.id}/commands`;

    const run = await deploy(guildEnv(f, token));

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Registered ${names.length} commands (guild ${f.guild.id}):`);
    expect(run.stdout).toMatch(/changed: ask\n/);
    expect(run.stdout).toMatch(/removed: legacy\n/);
    const puts = f.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => [r.path, r.status])).toEqual([[route, 200]]);
    expect((puts[0]!.body as Array<{ name: string }>).map((c) => c.name).sort()).toEqual(names);
    expect((f.world.commands.get(f.guild.id) ?? []).map((c) => c.name).sort()).toEqual(names);
    expect(f.world.commands.has('global')).toBe(false);
    expect(run.stdout + run.stderr).not.toContain(token);
    expect(
      f.requests.every((r) => r.headers.authorization === undefined || r.headers.authorization === `Bot ${token}`),
    ).toBe(true);
    f.assertNoViolations();
  });

  // Discord echoes fields the builder leaves unset (integration_types: [0]); they must not make
  // an unchanged command look changed.
  it('a second run with no changes prints that nothing changed and sends no PUT', async () => {
    const token = makeToken();
    const f = await startFake(token);
    await deployCommands({ token, apiUrl: f.apiUrl, clientId: f.botUser.id, guildId: f.guild.id, commands });
    expect(f.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);

    const run = await deploy(guildEnv(f, token));

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(token);
    expect(run.stdout).toContain(`No changes: ${names.length} commands already registered (guild ${f.guild.id}).`);
    expect(f.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    f.assertNoViolations();
  });

  it('without DISCORD_CLIENT_ID and GUILD_ID, finds the application and registers globally', async () => {
    const token = makeToken();
    const f = await startFake(token);

    const run = await deploy({ DISCORD_TOKEN: token, DISCORD_API_URL: f.apiUrl });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Registered ${names.length} commands (global):`);
    expect(run.stdout).toContain('Global commands can take up to an hour to appear');
    expect(f.requests.some((r) => r.method === 'GET' && r.path === '/applications/@me')).toBe(true);
    expect((f.world.commands.get('global') ?? []).map((c) => c.name).sort()).toEqual(names);
    expect(run.stdout + run.stderr).not.toContain(token);
    f.assertNoViolations();
  });

  it('a refused PUT exits 1 with a clear message that does not contain the token', async () => {
    const token = makeToken();
    const f = await startFake(token);
    f.failNext({ method: 'PUT', ...DiscordErrors.missingAccess });

    const run = await deploy(guildEnv(f, token));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Could not register the commands: Missing Access');
    expect(run.stdout + run.stderr).not.toContain(token);
    expect(f.world.commands.get(f.guild.id)).toBeUndefined();
    f.assertNoViolations();
  });
});
