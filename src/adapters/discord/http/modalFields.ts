import { ComponentType } from 'discord.js';

/**
 * A submitted form's text inputs from the raw payload, as discord.js's `fields` reads them: each
 * input sits in a Label (type 18, `component`) or, in older forms, an action row (type 1,
 * `components`). The payload is not checked by discord.js here, so anything that is not a text
 * input with a string value is skipped rather than trusted.
 */
export function modalFieldReader(components: unknown): (id: string) => string | undefined {
  const values = new Map<string, string>();
  const visit = (node: unknown, depth: number) => {
    if (depth > 2 || typeof node !== 'object' || node === null) return;
    const { type, custom_id, value, component, components: children } = node as Record<string, unknown>;
    if (type === ComponentType.TextInput && typeof custom_id === 'string' && typeof value === 'string') {
      if (!values.has(custom_id)) values.set(custom_id, value);
      return;
    }
    if (type === ComponentType.Label) visit(component, depth + 1);
    if (type === ComponentType.ActionRow && Array.isArray(children))
      for (const child of children) visit(child, depth + 1);
  };
  if (Array.isArray(components)) for (const node of components) visit(node, 0);
  return (id) => values.get(id);
}
