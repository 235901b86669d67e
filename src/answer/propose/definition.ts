import type { KnowledgeBase } from '../../knowledge/knowledgeBase.ts';
import { perKnowledgeBase } from '../../knowledge/perKnowledgeBase.ts';
import { escapeRegExp } from '../../text/escapeRegExp.ts';
import { fold } from '../../text/fold.ts';
import { type Candidate, draft, ROUTE_FIT } from '../candidate.ts';
import type { Question } from '../question.ts';

/**
 * "Who is the KIA?": the report's own definition, found where it introduces the name —
 * "the Kachin Independence Army (KIA)—a powerful rebel group …" or "Amit Kumar, a China
 * analyst at …" — rather than whichever row mentions it.
 */
export function definitionCandidates(kb: KnowledgeBase, q: Question): Candidate[] {
  if (q.expects !== 'definition') return [];
  const target = DEFINED.map((shape) => shape.exec(q.text)?.[1]).find(Boolean);
  if (!target || target.length < 2) return [];
  const name = caseless(target);
  // Case matters for the long form: it is the run of capitalised words before "(KIA)".
  const acronym = new RegExp(
    `([A-Z][\\p{L}’'-]*(?:\\s+(?:of|the|and|for|on|de|[A-Z][\\p{L}’'-]*))*)\\s*\\(${name}\\)`,
    'u',
  );
  // "Vietnam Rare Earth JSC, known locally as VTRE": the long form comes first.
  const alias = new RegExp(
    `([A-Z][\\p{L}’'-]*(?:\\s+(?:of|the|and|for|on|de|[A-Z][\\p{L}’'-]*))*),?\\s+(?:also\\s+|locally\\s+|commonly\\s+)?(?:known|called|referred to)(?:\\s+(?:locally|here|simply))?\\s+as\\s+${name}(?![\\p{L}])`,
    'u',
  );
  const appositive = new RegExp(
    `(?:^|[^\\p{L}])${name}\\)?(?:\\s*\\([^)]*\\))?\\s*(?:,|—|–|\\s-)\\s*((?:an?|the|which|who)\\s[^.;:"“]{8,160}?)(?=[,.;:"“—]|$)`,
    'u',
  );
  const mentions = mentionTest(kb, target);
  for (const passage of kb.passages) {
    if (passage.kind !== 'prose' || passage.sectionKind === 'disclaimer' || !mentions(passage.id)) continue;
    const long = acronym.exec(passage.text)?.[1] ?? alias.exec(passage.text)?.[1];
    const apposition = appositive.exec(passage.text)?.[1];
    if (!long && !apposition) continue;
    const expansion = long && fold(long) !== fold(target) ? long : undefined;
    const parts = [expansion ? `the ${expansion}` : undefined, apposition].filter(Boolean);
    return [
      {
        kind: 'definition',
        fit: expansion && apposition ? 1 : ROUTE_FIT.definitionLoose,
        draft: draft({
          text: `${capitalise(target)}: ${parts.join(', ')}.`,
          source: passage.source,
          kind: 'definition',
          focus: expansion ?? apposition,
          passage,
        }),
      },
    ];
  }
  return [];
}

/**
 * Each pattern above needs the name in the passage, so a passage that does not hold it
 * (ignoring case and spacing) is skipped before the patterns scan it: most of them, most times.
 * Only for ASCII names, whose case folding the patterns' [xX] classes match exactly.
 */
function mentionTest(kb: KnowledgeBase, target: string): (passageId: number) => boolean {
  if (!/^[\x20-\x7e]+$/.test(target)) return () => true;
  const needle = flat(target);
  const texts = flatTexts(kb);
  return (id) => texts[id]!.includes(needle);
}

const flatTexts = perKnowledgeBase((kb) => kb.passages.map((p) => flat(p.text)));

/** Lower case (ASCII letters only, as the [xX] classes match) with every run of white space as one space. */
function flat(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/\s+/g, ' ');
}

/** Where the asked-about name sits in each way of asking for a definition. */
const DEFINED = [
  /^\s*(?:who|what)\s*(?:is|are|was|were|[’']s)\s+(?:the\s+|a\s+|an\s+)?(.+?)\s*\??\s*$/i,
  /^\s*what\s+does\s+(?:the\s+)?(.+?)\s+(?:stand\s+for|mean)\s*\??\s*$/i,
  /^\s*(?:define|meaning\s+of)\s+(?:the\s+)?(.+?)\s*\??\s*$/i,
];

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The name as typed, matching any capitalisation ("kia" finds "KIA"). */
function caseless(text: string): string {
  return [...text]
    .map((ch) => (/\p{L}/u.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : escapeRegExp(ch)))
    .join('')
    .replace(/\s+/g, '\\s+');
}
