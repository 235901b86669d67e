import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Validates request bodies against Discord's own OpenAPI 3.1 spec (openapi.json next to this file). */

export type ValidationOutcome = { route: string; valid: true } | { route: string; valid: false; errors: ErrorObject[] };

interface Operation {
  requestBody?: { content?: Record<string, { schema?: SchemaNode }> };
}
type SchemaNode = Record<string, unknown>;
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, SchemaNode> };
}
interface RouteTemplate {
  template: string;
  pattern: RegExp;
  params: number;
}

const SPEC_ID = 'discord-openapi';
const COMPONENTS_REF = '#/components/';

export class SpecValidator {
  private static instance: SpecValidator | undefined;

  /** One per process: compiled validators are slow to build and never change. */
  static shared(): SpecValidator {
    SpecValidator.instance ??= new SpecValidator(
      JSON.parse(readFileSync(new URL('./openapi.json', import.meta.url), 'utf8')) as Spec,
    );
    return SpecValidator.instance;
  }

  private readonly ajv: Ajv2020;
  private readonly routes: RouteTemplate[];
  private readonly cache = new Map<string, ((body: unknown) => ErrorObject[]) | null>();

  constructor(private readonly spec: Spec) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats.default(this.ajv);
    // Formats the spec names for documentation only; the pattern/min/max keywords carry the real rules.
    for (const format of ['int32', 'int64', 'double', 'nonce', 'snowflake']) this.ajv.addFormat(format, true);
    this.ajv.addSchema({ $id: SPEC_ID, components: acceptPermissionStrings(spec.components) });
    this.routes = Object.keys(spec.paths)
      .map((template) => {
        const params = (template.match(/\{[^}]+\}/g) ?? []).length;
        const source = template
          .split(/\{[^}]+\}/)
          .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
          .join('[^/]+');
        return { template, pattern: new RegExp(`^${source}$`), params };
      })
      // Literal segments win: `/messages/@original` before `/messages/{message_id}`.
      .sort((a, b) => a.params - b.params);
  }

  /** `path` is relative to the API version, e.g. `/channels/1/messages`. Null when the spec has no such route. */
  matchRoute(method: string, path: string): string | null {
    const lower = method.toLowerCase();
    return this.routes.find((r) => r.pattern.test(path) && this.spec.paths[r.template]?.[lower])?.template ?? null;
  }

  /** Null when the route is unknown to the spec or takes no JSON body. */
  validate(method: string, path: string, body: unknown): ValidationOutcome | null {
    const route = this.matchRoute(method, path);
    if (!route) return null;
    const check = this.validatorFor(route, method.toLowerCase());
    if (!check) return null;
    const errors = check(body);
    return errors.length === 0 ? { route, valid: true } : { route, valid: false, errors };
  }

  /**
   * A multipart upload's form (payload_json's fields beside one entry per file part) against the
   * route's `multipart/form-data` schema. Null when the spec takes no upload on the route.
   */
  validateForm(method: string, path: string, form: Record<string, unknown>): ValidationOutcome | null {
    const route = this.matchRoute(method, path);
    const schema = route
      ? this.spec.paths[route]?.[method.toLowerCase()]?.requestBody?.content?.['multipart/form-data']?.schema
      : undefined;
    if (!route || !schema) return null;
    const key = `form ${method.toLowerCase()} ${route}`;
    if (!this.cache.has(key)) this.cache.set(key, this.compile(schema));
    const errors = this.cache.get(key)!(form);
    return errors.length === 0 ? { route, valid: true } : { route, valid: false, errors };
  }

  private validatorFor(route: string, method: string): ((body: unknown) => ErrorObject[]) | null {
    const key = `${method} ${route}`;
    if (!this.cache.has(key)) {
      const schema = this.spec.paths[route]?.[method]?.requestBody?.content?.['application/json']?.schema;
      this.cache.set(key, schema ? this.compile(schema) : null);
    }
    return this.cache.get(key) ?? null;
  }

  private compile(schema: SchemaNode): (body: unknown) => ErrorObject[] {
    const byType = this.discriminatedBranches(schema);
    const whole = this.ajv.compile(rewriteRefs(schema) as SchemaNode);
    return (body) => {
      // A union keyed by `type` (interaction callbacks): errors from the matching branch only are readable.
      const type = isRecord(body) ? body.type : undefined;
      const branch = typeof type === 'number' ? byType?.get(type) : undefined;
      const validate: ValidateFunction = branch ?? whole;
      return validate(body) ? [] : [...(validate.errors ?? [])];
    };
  }

  private discriminatedBranches(schema: SchemaNode): Map<number, ValidateFunction> | null {
    const branches = schema.anyOf;
    if (!Array.isArray(branches)) return null;
    const map = new Map<number, ValidateFunction>();
    for (const branch of branches as SchemaNode[]) {
      const ref = branch.$ref;
      const name = typeof ref === 'string' ? ref.slice(`${COMPONENTS_REF}schemas/`.length) : '';
      const target = this.spec.components.schemas[name];
      const typeEnum = (target?.properties as Record<string, SchemaNode> | undefined)?.type?.enum;
      if (!Array.isArray(typeEnum)) return null;
      const validate = this.ajv.compile({ $ref: `${SPEC_ID}${ref as string}` });
      for (const value of typeEnum) if (typeof value === 'number') map.set(value, validate);
    }
    return map;
  }
}

/**
 * Discord documents permission bit sets as strings ("32") and accepts them, and discord.js's
 * `setDefaultMemberPermissions` always sends one; the spec types the request field as integer only.
 * Without this, any command with default_member_permissions would look like a violation.
 */
function acceptPermissionStrings(components: Spec['components']): Spec['components'] {
  const schemas = Object.fromEntries(
    Object.entries(components.schemas).map(([name, schema]) => {
      const properties = schema.properties as Record<string, SchemaNode> | undefined;
      const field = properties?.default_member_permissions;
      if (!properties || !field || !Array.isArray(field.type) || !field.type.includes('integer')) {
        return [name, schema];
      }
      const widened = { anyOf: [field, { type: 'string', pattern: '^[0-9]{1,20}$' }] };
      return [name, { ...schema, properties: { ...properties, default_member_permissions: widened } }];
    }),
  );
  return { ...components, schemas };
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!isRecord(node)) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENTS_REF)
        ? [key, `${SPEC_ID}${value}`]
        : [key, rewriteRefs(value)],
    ),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Drops the summaries a failed union leaves on the parent (`must match exactly one schema in oneOf`,
 * `must be null` from `oneOf: [null, X]`) when a deeper error says what is actually wrong.
 */
function significant(errors: ErrorObject[]): ErrorObject[] {
  const hasDeeper = (e: ErrorObject) => errors.some((o) => o.instancePath.startsWith(`${e.instancePath}/`));
  const isSummary = (e: ErrorObject) =>
    e.keyword === 'oneOf' || e.keyword === 'anyOf' || (e.keyword === 'type' && e.params.type === 'null');
  return errors.filter((e) => !(isSummary(e) && hasDeeper(e)));
}

/** One line per problem, deepest (most specific) first, e.g. `/data/embeds/0/title must be string,null`. */
export function describeErrors(errors: ErrorObject[]): string[] {
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  const sorted = significant(errors).sort((a, b) => depth(b) - depth(a));
  return [...new Set(sorted.map((e) => `${e.instancePath || '(body)'} ${e.message ?? e.keyword}${allowed(e)}`))];
}

/** Ajv's `const`/`enum` messages do not say which values were allowed. */
function allowed(error: ErrorObject): string {
  const values: unknown = error.params.allowedValue ?? error.params.allowedValues;
  return values === undefined ? '' : ` ${JSON.stringify(values)}`;
}

/** Discord's nested `errors` object of a 50035 response: `{ embeds: { 0: { title: { _errors: [...] } } } }`. */
export function toDiscordErrors(errors: ErrorObject[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const error of significant(errors)) {
    let node = root;
    for (const segment of error.instancePath.split('/').filter(Boolean)) {
      const child = node[segment];
      if (!isRecord(child)) node[segment] = {};
      node = node[segment] as Record<string, unknown>;
    }
    if (!Array.isArray(node._errors)) node._errors = [];
    const list = node._errors as unknown[];
    list.push({ code: `SPEC_${error.keyword.toUpperCase()}`, message: error.message ?? error.keyword });
  }
  return root;
}
