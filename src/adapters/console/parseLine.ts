import { type Command, optionsOf } from '../../bot/command.ts';
import type { OptionSpec, OptionSpecs } from '../../bot/options.ts';
import { findCommand, SLASH } from '../../bot/registry.ts';

export type Parsed = { ok: true; command: Command; args: Record<string, unknown> } | { ok: false; error: string };

/**
 * Read a console line as Discord would deliver the command: "/compare Japan other:China".
 * Text before the first `name:` fills the first text option; a plain line is an /ask.
 */
export function parseLine(line: string, commands: readonly Command[]): Parsed {
  const text = line.trim();
  if (!text.startsWith('/')) {
    // Plain text is a question as typed, even when it contains "hide:" or another option name.
    const ask = findCommand(commands, 'ask', SLASH);
    return ask
      ? { ok: true, command: ask, args: { question: text } }
      : { ok: false, error: 'Type /help to see the commands.' };
  }
  const [, name = '', rest = ''] = /^\/(\S*)\s*([\s\S]*)$/.exec(text) ?? [];
  const command = findCommand(commands, name.toLowerCase(), SLASH);
  if (!command) return { ok: false, error: `Unknown command /${name}. Type /help to see the commands.` };

  let body = rest;
  const args: Record<string, unknown> = {};
  if (command.kind === 'group') {
    const [, sub = '', after = ''] = /^(\S*)\s*([\s\S]*)$/.exec(body) ?? [];
    if (!(sub in command.subcommands)) {
      return { ok: false, error: `/${command.name} needs one of: ${Object.keys(command.subcommands).join(', ')}.` };
    }
    args.subcommand = sub;
    body = after;
  }
  const specs = optionsOf(command, args.subcommand as string | undefined);
  const values = splitOptions(body, Object.keys(specs));
  for (const [key, raw] of Object.entries(values)) {
    const spec = key === '' ? firstTextOption(specs) : specs[key];
    const optionName = key === '' ? firstTextOptionName(specs) : key;
    if (!spec || !optionName)
      return { ok: false, error: `/${command.name} does not take "${raw}". ${usage(command.name, specs)}` };
    const value = convert(spec, raw);
    if (value === undefined) return { ok: false, error: `"${raw}" is not a valid ${spec.type} for ${optionName}.` };
    args[optionName] = value;
  }
  for (const [key, spec] of Object.entries(specs)) {
    if (spec.required && args[key] === undefined)
      return { ok: false, error: `Missing ${key}. ${usage(command.name, specs)}` };
  }
  return { ok: true, command, args };
}

function splitOptions(body: string, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (names.length === 0) {
    if (body.trim()) out[''] = body.trim();
    return out;
  }
  const pattern = new RegExp(`(?:^|\\s)(${names.map((n) => n.replace(/[^\w-]/g, '')).join('|')}):`, 'g');
  let last = 0;
  let key = '';
  for (const m of body.matchAll(pattern)) {
    const value = body.slice(last, m.index).trim();
    if (value || key) out[key] = value;
    key = m[1]!;
    last = m.index! + m[0].length;
  }
  const tail = body.slice(last).trim();
  if (tail || key) out[key] = tail;
  return out;
}

function firstTextOptionName(specs: OptionSpecs): string | undefined {
  const entries = Object.entries(specs).filter(([, s]) => s.type === 'string' || s.type === 'channel');
  return (entries.find(([, s]) => s.required) ?? entries[0])?.[0];
}

function firstTextOption(specs: OptionSpecs): OptionSpec | undefined {
  const name = firstTextOptionName(specs);
  return name ? specs[name] : undefined;
}

function convert(spec: OptionSpec, raw: string): unknown {
  switch (spec.type) {
    case 'string':
      return spec.maxLength && raw.length > spec.maxLength ? undefined : raw;
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
    case 'boolean':
      if (/^(true|yes|y|1|on)$/i.test(raw)) return true;
      if (/^(false|no|n|0|off|)$/i.test(raw)) return false;
      return undefined;
    case 'user':
      return raw ? { id: `console:${raw.replace(/^@/, '')}`, name: raw.replace(/^@/, '') } : undefined;
    case 'channel':
      return raw ? { id: raw.replace(/^<#|>$/g, '').replace(/^#/, ''), name: raw.replace(/^#/, '') } : undefined;
  }
}

function usage(name: string, specs: OptionSpecs): string {
  const parts = Object.entries(specs).map(([k, s]) => (s.required ? `${k}:<${s.type}>` : `[${k}:<${s.type}>]`));
  return `Usage: /${name} ${parts.join(' ')}`.trim();
}
