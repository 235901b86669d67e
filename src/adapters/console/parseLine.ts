import { type Command, optionsOf } from '../../bot/command.ts';
import type { OptionSpec, OptionSpecs } from '../../bot/options.ts';
import { findCommand, SLASH } from '../../bot/registry.ts';
import { echo, stripBidiControls } from '../../text/echo.ts';

export type Parsed = { ok: true; command: Command; args: Record<string, unknown> } | { ok: false; error: string };

/**
 * Read a console line as Discord would deliver the command: "/compare Japan other:China".
 * Text before the first `name:` fills the first text option; a plain line is an /ask.
 * Every problem with the line is reported at once, with the command's usage.
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
  if (!command) return { ok: false, error: `Unknown command /${echo(name, 40)}. Type /help to see the commands.` };

  let body = rest;
  const args: Record<string, unknown> = {};
  let invoked = command.name;
  if (command.kind === 'group') {
    // "ask-channels add": the first word names a subcommand group, the second its subcommand.
    const grouped = /^(\S+)\s+(\S+)\s*([\s\S]*)$/.exec(body);
    const inGroup = grouped && `${grouped[1]} ${grouped[2]}` in command.subcommands;
    const [, sub = '', after = ''] = inGroup
      ? [grouped[0], `${grouped[1]} ${grouped[2]}`, grouped[3]]
      : (/^(\S*)\s*([\s\S]*)$/.exec(body) ?? []);
    if (!(sub in command.subcommands)) {
      return { ok: false, error: `/${command.name} needs one of: ${Object.keys(command.subcommands).join(', ')}.` };
    }
    args.subcommand = sub;
    invoked = `${command.name} ${sub}`;
    body = after;
  }
  const specs = optionsOf(command, args.subcommand as string | undefined);
  const problems: string[] = [];
  const refused = new Set<string>();
  const unknown = unknownOptionNames(body, Object.keys(specs));
  for (const option of unknown) problems.push(`/${invoked} has no option "${echo(option, 32)}".`);

  const values = splitOptions(body, [...Object.keys(specs), ...unknown]);
  for (const [key, raw] of Object.entries(values)) {
    if (unknown.includes(key)) continue;
    const optionName = key === '' ? firstTextOptionName(specs) : key;
    const spec = optionName === undefined ? undefined : specs[optionName];
    if (!spec || !optionName) {
      problems.push(`/${invoked} does not take "${echo(raw)}".`);
      continue;
    }
    // An empty text option is one not given, as Discord never sends an empty string.
    if (spec.type !== 'boolean' && raw.trim() === '') continue;
    const read = readOption(optionName, spec, raw);
    if (read.ok) args[optionName] = read.value;
    else {
      problems.push(read.problem);
      refused.add(optionName);
    }
  }
  for (const [key, spec] of Object.entries(specs)) {
    if (spec.required && args[key] === undefined && !refused.has(key)) problems.push(`Missing ${key}.`);
  }
  if (problems.length > 0) return { ok: false, error: explain(problems, usage(invoked, specs)) };
  return { ok: true, command, args };
}

function explain(problems: string[], usageLine: string): string {
  if (problems.length === 1) return `${problems[0]} ${usageLine}`;
  return [`That line has ${problems.length} problems:`, ...problems.map((p) => `  • ${p}`), usageLine].join('\n');
}

/**
 * Names written as options (`banana:1`) that the command does not have. A colon followed by a
 * space is prose ("Note: …"), and `https://` is a link, so neither counts.
 */
function unknownOptionNames(body: string, known: string[]): string[] {
  const names = [...body.matchAll(/(?:^|\s)([A-Za-z][\w-]*):(?=\S)(?!\/\/)/g)].map((m) => m[1]!);
  return [...new Set(names.filter((n) => !known.includes(n)))];
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

type ReadOption = { ok: true; value: unknown } | { ok: false; problem: string };

function readOption(name: string, spec: OptionSpec, raw: string): ReadOption {
  if (spec.type === 'string' && spec.maxLength && raw.length > spec.maxLength) {
    const count = (n: number) => n.toLocaleString('en-US');
    return {
      ok: false,
      problem: `${name} is too long (${count(raw.length)} characters; the limit is ${count(spec.maxLength)}).`,
    };
  }
  const value = convert(spec, raw);
  if (value === undefined) return { ok: false, problem: `"${echo(raw)}" is not a valid ${spec.type} for ${name}.` };
  const wrong = typeof value === 'string' ? spec.check?.(value) : undefined;
  // The check's message may quote the value, so it is stripped like every other echo.
  return wrong ? { ok: false, problem: `${name}: ${stripBidiControls(wrong)}` } : { ok: true, value };
}

function convert(spec: OptionSpec, raw: string): unknown {
  switch (spec.type) {
    case 'string':
      return raw;
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
    case 'boolean':
      if (/^(true|yes|y|1|on)$/i.test(raw)) return true;
      if (/^(false|no|n|0|off|)$/i.test(raw)) return false;
      return undefined;
    case 'user':
      return member(raw);
    case 'channel':
      return raw ? { id: raw.replace(/^<#|>$/g, '').replace(/^#/, ''), name: raw.replace(/^#/, '') } : undefined;
    case 'role':
      return raw ? { id: raw.replace(/^<@&|>$/g, '').replace(/^@/, ''), name: raw.replace(/^@/, '') } : undefined;
  }
}

/** A member as typed: "@sam", "sam", or a pasted Discord mention "<@123>" (named by its ID, as the console knows no names). */
function member(raw: string): { id: string; name: string } | undefined {
  const pasted = /^<@!?(\d+)>$/.exec(raw);
  if (pasted) return { id: pasted[1]!, name: pasted[1]! };
  const name = echo(raw.replace(/^@+/, ''), 32);
  return name ? { id: `console:${name}`, name } : undefined;
}

function usage(invoked: string, specs: OptionSpecs): string {
  const parts = Object.entries(specs).map(([k, s]) => (s.required ? `${k}:<${s.type}>` : `[${k}:<${s.type}>]`));
  return `Usage: /${invoked} ${parts.join(' ')}`.trim();
}
