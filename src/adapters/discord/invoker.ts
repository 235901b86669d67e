import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import type { Invoker } from './interactionPlan.ts';

/** Who acted, as both transports can describe it: discord.js's user, or the raw payload's. */
export interface InvokerFacts {
  user?: { id: string; global_name?: string | null; globalName?: string | null; username: string };
  guildId?: string | null;
  /** The member's permissions in the channel: a bitfield (discord.js) or its decimal string (raw payload). */
  permissions?: bigint | string | null;
  /** The member's role ids: discord.js's member (its role cache) or the raw payload's list. */
  roles?: readonly string[] | { cache: { keys(): Iterable<string> } } | null;
  channelId?: string | null;
}

/**
 * Who acted and where. The member's permissions are read as discord.js reads them, so
 * Administrator counts as Manage Server; a missing or malformed field grants nothing.
 */
export function invokerOf(facts: InvokerFacts): Invoker {
  const { user, permissions } = facts;
  const bits =
    typeof permissions === 'bigint'
      ? permissions
      : typeof permissions === 'string' && /^\d+$/.test(permissions)
        ? BigInt(permissions)
        : undefined;
  return {
    user: { id: user?.id ?? '', name: user?.globalName ?? user?.global_name ?? user?.username ?? '' },
    guildId: facts.guildId ?? undefined,
    canManageGuild: bits === undefined ? false : new PermissionsBitField(bits).has(PermissionFlagsBits.ManageGuild),
    roles: rolesOf(facts.roles),
    ...(facts.channelId ? { channelId: facts.channelId } : {}),
  };
}

function rolesOf(roles: InvokerFacts['roles']): string[] {
  if (!roles) return [];
  const ids = Array.isArray(roles) ? roles : [...(roles as { cache: { keys(): Iterable<string> } }).cache.keys()];
  return ids.filter((id): id is string => typeof id === 'string' && /^\d{1,20}$/.test(id));
}
