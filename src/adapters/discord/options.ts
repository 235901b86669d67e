import type { OptionSpecs } from '../../bot/options.ts';
import { stripBidiControls } from '../../text/echo.ts';

export type OptionsResult = { ok: true; args: Record<string, unknown> } | { ok: false; error: string };

/**
 * The readers of a slash command's options, as discord.js's option resolver offers them: a getter
 * throws on an option of another type. The HTTP endpoint reads raw payloads through the same
 * readers (http/rawOptions.ts), so both paths check options alike.
 */
export interface OptionSource {
  getSubcommandGroup(required: false): string | null;
  getSubcommand(required: false): string | null;
  getString(name: string): string | null;
  getInteger(name: string): number | null;
  getBoolean(name: string): boolean | null;
  getUser(name: string): { id: string; username: string; globalName: string | null } | null;
  getChannel(name: string): { id: string } | null;
  getRole(name: string): { id: string; name?: string } | null;
}

/**
 * Read a slash command's options by its spec. Discord validates options, but a hostile or
 * stale client can still send missing or mistyped ones, so each is checked here and a bad
 * one becomes a message instead of an exception. Every problem is named at once, as the console does,
 * so a member fixes a command in one go.
 */
export function readOptions(interaction: { options: OptionSource }, specs: OptionSpecs): OptionsResult {
  const args: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    try {
      switch (spec.type) {
        case 'string': {
          const v = interaction.options.getString(name);
          if (v !== null) {
            if (spec.maxLength && v.length > spec.maxLength) {
              problems.push(
                `${name} is too long (${v.length.toLocaleString('en-US')} characters; the limit is ${spec.maxLength.toLocaleString('en-US')}).`,
              );
              break;
            }
            // The check's message may quote what was typed, so it loses the typist's bidi controls.
            const wrong = spec.check?.(v);
            if (wrong) problems.push(stripBidiControls(wrong));
            args[name] = v;
          }
          break;
        }
        case 'integer': {
          const v = interaction.options.getInteger(name);
          if (v !== null) args[name] = v;
          break;
        }
        case 'boolean': {
          const v = interaction.options.getBoolean(name);
          if (v !== null) args[name] = v;
          break;
        }
        case 'user': {
          const v = interaction.options.getUser(name);
          if (v) args[name] = { id: v.id, name: v.globalName ?? v.username };
          break;
        }
        case 'channel': {
          const v = interaction.options.getChannel(name);
          if (v) args[name] = { id: v.id, name: 'name' in v && typeof v.name === 'string' ? v.name : undefined };
          break;
        }
        case 'role': {
          const v = interaction.options.getRole(name);
          if (v) args[name] = { id: v.id, name: typeof v.name === 'string' ? v.name : undefined };
          break;
        }
      }
    } catch {
      problems.push(`The option ${name} has the wrong type; expected ${spec.type}.`);
      continue;
    }
    if (spec.required && args[name] === undefined && !problems.some((p) => p.startsWith(`${name} `)))
      problems.push(`The option ${name} is missing.`);
  }
  return problems.length > 0 ? { ok: false, error: problems.join(' ') } : { ok: true, args };
}
