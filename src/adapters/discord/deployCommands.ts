import { REST, type RESTPostAPIApplicationCommandsJSONBody, Routes } from 'discord.js';
import type { Command } from '../../bot/command.ts';
import { builderFor } from './builders.ts';

export interface DeployOptions {
  token: string;
  apiUrl: string;
  clientId?: string;
  guildId?: string;
  commands: readonly Command[];
}

export interface DeployResult {
  scope: string;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  /** False when nothing changed, so nothing was sent. */
  written: boolean;
}

type Registered = RESTPostAPIApplicationCommandsJSONBody & { id?: string };

export function commandBodies(commands: readonly Command[]): RESTPostAPIApplicationCommandsJSONBody[] {
  return commands.map((c) => builderFor(c).toJSON());
}

/**
 * Register the commands, to one guild when GUILD_ID is set (instant, for development)
 * and globally otherwise. The current registration is read first so that an unchanged
 * set is not written again, and the caller can say what changed.
 */
export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const rest = new REST({ api: options.apiUrl }).setToken(options.token);
  const clientId = options.clientId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const route = options.guildId
    ? Routes.applicationGuildCommands(clientId, options.guildId)
    : Routes.applicationCommands(clientId);
  const desired = commandBodies(options.commands);
  const current = (await rest.get(route)) as Registered[];

  const key = (c: { name: string; type?: number }) => `${c.type ?? 1}:${c.name}`;
  const existing = new Map(current.map((c) => [key(c), c]));
  const result: DeployResult = {
    scope: options.guildId ? `guild ${options.guildId}` : 'global',
    added: [],
    changed: [],
    removed: [],
    unchanged: [],
    written: false,
  };
  for (const body of desired) {
    const before = existing.get(key(body));
    if (!before) result.added.push(body.name);
    else if (same(body, before)) result.unchanged.push(body.name);
    else result.changed.push(body.name);
    existing.delete(key(body));
  }
  result.removed = [...existing.values()].map((c) => c.name);
  if (result.added.length + result.changed.length + result.removed.length > 0) {
    await rest.put(route, { body: desired });
    result.written = true;
  }
  return result;
}

/** Discord echoes defaults (false, empty lists) and adds ids; only what we send decides sameness. */
function same(desired: object, registered: object): boolean {
  // stable() drops undefined keys, so both sides compare on the fields we set.
  return stable(project(desired, registered)) === stable(desired);
}

function project(shape: unknown, value: unknown): unknown {
  if (Array.isArray(shape)) return Array.isArray(value) ? value.map((v, i) => project(shape[i] ?? shape[0], v)) : value;
  if (shape && typeof shape === 'object') {
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, want] of Object.entries(shape)) {
      // A field the builder left unset is Discord's to default, whatever it echoes back (integration_types: [0]).
      if (want === undefined) continue;
      out[k] = project(want, (value as Record<string, unknown>)[k]);
    }
    return out;
  }
  return value;
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === false || v === null || (Array.isArray(v) && v.length === 0)) return undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}

export function describeResult(r: DeployResult): string {
  if (!r.written) return `No changes: ${r.unchanged.length} commands already registered (${r.scope}).`;
  const lines = [`Registered ${r.added.length + r.changed.length + r.unchanged.length} commands (${r.scope}):`];
  if (r.added.length) lines.push(`  added: ${r.added.join(', ')}`);
  if (r.changed.length) lines.push(`  changed: ${r.changed.join(', ')}`);
  if (r.removed.length) lines.push(`  removed: ${r.removed.join(', ')}`);
  if (r.unchanged.length) lines.push(`  unchanged: ${r.unchanged.join(', ')}`);
  if (r.scope === 'global')
    lines.push('Global commands can take up to an hour to appear; set GUILD_ID for instant updates while developing.');
  return lines.join('\n');
}
