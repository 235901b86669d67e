import type { Command } from './command.ts';

type Kind = Command['kind'];

/**
 * The command a transport names. Slash commands and message context-menu commands live in
 * separate namespaces on Discord ("ask" and "Ask the report" could share a name), so a caller
 * may say which kinds it means.
 */
export function findCommand(
  commands: readonly Command[],
  name: string,
  kinds: readonly Kind[] = ['slash', 'group', 'message'],
): Command | undefined {
  return commands.find((c) => c.name === name && kinds.includes(c.kind));
}

export const SLASH: readonly Kind[] = ['slash', 'group'];
export const MESSAGE: readonly Kind[] = ['message'];
