import type { ChatInputCommandInteraction } from 'discord.js';
import type { OptionSpecs } from '../../bot/options.ts';

export type OptionsResult = { ok: true; args: Record<string, unknown> } | { ok: false; error: string };

/**
 * Read a slash command's options by its spec. Discord validates options, but a hostile or
 * stale client can still send missing or mistyped ones, so each is checked here and a bad
 * one becomes a message instead of an exception.
 */
export function readOptions(interaction: ChatInputCommandInteraction, specs: OptionSpecs): OptionsResult {
  const args: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    try {
      switch (spec.type) {
        case 'string': {
          const v = interaction.options.getString(name);
          if (v !== null) {
            if (spec.maxLength && v.length > spec.maxLength)
              return {
                ok: false,
                error: `${name} is too long (${v.length.toLocaleString('en-US')} characters; the limit is ${spec.maxLength.toLocaleString('en-US')}).`,
              };
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
          if (v) args[name] = { id: v.id, name: 'name' in v ? (v.name ?? undefined) : undefined };
          break;
        }
      }
    } catch {
      return { ok: false, error: `The option ${name} has the wrong type; expected ${spec.type}.` };
    }
    if (spec.required && args[name] === undefined) return { ok: false, error: `The option ${name} is missing.` };
  }
  return { ok: true, args };
}
