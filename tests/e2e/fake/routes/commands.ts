import type { APIApplicationCommand } from 'discord.js';
import { snowflake } from '../payloads.ts';
import type { Reply, Route, RouteContext, RouteRequest } from './router.ts';
import { noContent, notFound, ok } from './router.ts';

type CommandBody = Partial<APIApplicationCommand> & { name: string };

/** Command registration, global and per guild. Stored so later GETs and interactions use the same ids. */
export function commandRoutes({ world }: RouteContext): Route[] {
  /** The command list for this request's scope, or the 404 Discord would give. */
  const scope = (params: Record<string, string>): { key: string; guildId?: string } | Reply => {
    if (params.applicationId !== world.application.id) return notFound.application();
    const guildId = params.guildId;
    if (guildId === undefined) return { key: 'global' };
    return world.guilds.some((g) => g.id === guildId) ? { key: guildId, guildId } : notFound.guild();
  };
  const isReply = (value: object): value is Reply => 'status' in value;

  /** Discord keeps a command's id when one with the same name and type is registered again. */
  const store = (body: CommandBody, existing: APIApplicationCommand[], guildId?: string): APIApplicationCommand => {
    const type = body.type ?? 1;
    const previous = existing.find((c) => c.name === body.name && c.type === type);
    return {
      default_member_permissions: null,
      description: '',
      nsfw: false,
      integration_types: [0],
      contexts: null,
      ...body,
      type,
      id: previous?.id ?? snowflake(),
      application_id: world.application.id,
      version: snowflake(),
      ...(guildId ? { guild_id: guildId } : {}),
    };
  };

  const list = ({ params }: RouteRequest): Reply => {
    const where = scope(params);
    return isReply(where) ? where : ok(world.commands.get(where.key) ?? []);
  };

  const overwrite = ({ params, body }: RouteRequest): Reply => {
    const where = scope(params);
    if (isReply(where)) return where;
    const existing = world.commands.get(where.key) ?? [];
    const stored = ((body ?? []) as CommandBody[]).map((command) => store(command, existing, where.guildId));
    world.commands.set(where.key, stored);
    return ok(stored);
  };

  const create = ({ params, body }: RouteRequest): Reply => {
    const where = scope(params);
    if (isReply(where)) return where;
    const existing = world.commands.get(where.key) ?? [];
    const command = store(body as CommandBody, existing, where.guildId);
    const isNew = !existing.some((c) => c.id === command.id);
    world.commands.set(where.key, [...existing.filter((c) => c.id !== command.id), command]);
    return ok(command, isNew ? 201 : 200);
  };

  const remove = ({ params }: RouteRequest): Reply => {
    const where = scope(params);
    if (isReply(where)) return where;
    const existing = world.commands.get(where.key) ?? [];
    if (!existing.some((c) => c.id === params.commandId)) return notFound.command();
    world.commands.set(
      where.key,
      existing.filter((c) => c.id !== params.commandId),
    );
    return noContent();
  };

  const global = '/applications/:applicationId/commands';
  const guild = '/applications/:applicationId/guilds/:guildId/commands';
  return [global, guild].flatMap((path): Route[] => [
    { method: 'GET', path, handle: list },
    { method: 'PUT', path, handle: overwrite },
    { method: 'POST', path, handle: create },
    { method: 'DELETE', path: `${path}/:commandId`, handle: remove },
  ]);
}
