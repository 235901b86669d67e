/**
 * The kinds /insights records for questions of a server in generated mode: the model's answer
 * shown, or the quoted answer sent in its place. Free of imports, so src/insights reads them too.
 */
export const GENERATED_KINDS = {
  shown: 'generated',
  rejected: 'generated: rejected, quoted instead',
  fallback: 'generated: model unavailable, quoted instead',
} as const;
