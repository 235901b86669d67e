import { escapeRegExp } from '../text/escapeRegExp.ts';
import { fold } from '../text/fold.ts';

/** The shape of knowledge/aliases.json. */
export interface AliasFile {
  /** Each group names one thing; the first member is the canonical term. */
  synonyms: string[][];
  /** Members that count only with this exact capitalisation, such as "US" (not "us"). */
  exactCase?: string[];
}

/**
 * Rewrites text so that every way of naming a thing becomes its canonical term,
 * applied alike to the report and to questions, so "EV", "electric vehicles" and
 * "e.v." all index as one term.
 */
export class Lexicon {
  private readonly exact: Array<{ pattern: RegExp; canonical: string }>;
  private readonly folded: RegExp | undefined;
  private readonly canonicalOf = new Map<string, string>();
  readonly groups: ReadonlyArray<readonly string[]>;

  constructor(file: AliasFile) {
    const exactCase = new Set(file.exactCase ?? []);
    // Exact-case members ("US") name the thing only as written: folded, they would be the pronoun "us".
    this.groups = file.synonyms.map((g) =>
      g
        .filter((m) => !exactCase.has(m))
        .map((m) => fold(m).trim())
        .filter(Boolean),
    );
    this.exact = [];
    const phrases: string[] = [];
    for (const [i, group] of file.synonyms.entries()) {
      const canonical = token(this.groups[i]?.[0] ?? '');
      for (const member of group) {
        if (exactCase.has(member)) {
          this.exact.push({
            pattern: new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(member)}(?![A-Za-z0-9])`, 'g'),
            canonical,
          });
          continue;
        }
        const key = fold(member).trim();
        if (!key || this.canonicalOf.has(key)) continue;
        this.canonicalOf.set(key, canonical);
        phrases.push(key);
      }
    }
    phrases.sort((a, b) => b.length - a.length);
    // A plural ending only after a last word of three letters or more: "the us" + "es" is "the uses".
    const alternative = (p: string) => `${escapeRegExp(p)}${/(?:^|\s)\S{1,2}$/.test(p) ? '' : '(?:e?s)?'}`;
    this.folded = phrases.length
      ? new RegExp(`(?<![a-z0-9])(?:${phrases.map(alternative).join('|')})(?![a-z0-9])`, 'g')
      : undefined;
  }

  /** Folded text with every alias replaced by its canonical term. */
  canonicalize(text: string): string {
    let out = text;
    for (const { pattern, canonical } of this.exact) out = out.replace(pattern, ` ${canonical} `);
    out = fold(out);
    if (this.folded)
      out = out.replace(
        this.folded,
        (m) =>
          this.canonicalOf.get(m) ?? this.canonicalOf.get(m.slice(0, -1)) ?? this.canonicalOf.get(m.slice(0, -2)) ?? m,
      );
    return out;
  }

  /** Every folded name in the group that `name` belongs to, or just `name`. */
  namesFor(name: string): string[] {
    const key = fold(name).trim();
    const group = this.groups.find((g) => g.includes(key));
    return group ? [...group] : [key];
  }
}

function token(phrase: string): string {
  return phrase.replace(/[^a-z0-9]+/g, '');
}
