import { editDistance } from '../text/editDistance.ts';
import { fold } from '../text/fold.ts';

/** Text normalisation shared by ingestion, indexing and question analysis. */

const STOPWORDS = new Set(
  `a an the and or but if of to in on at by for with from into onto over under about as is are was were be been being
  do does did doing done have has had having this that these those it its it's they them their there here what which who whom
  whose when where why how i me my we our you your he she his her him can could should would will shall may might must
  not no yes so than then too very just also any all some such each both either neither more most other own same only
  tell say says said show give gives let know explain describe please thanks thank hey hi hello bot report article
  according regarding mentioned mention according does kind sort thing things get got make makes made much many
  us s t don doesn isn aren wasn weren won't whats whos hows wheres thats r u ur pls plz besides against between within
  without across per via among amongst towards toward upon out up down off again further once`.split(/\s+/),
);

/** Words as a reader types them: folded, possessives dropped, punctuation as separators. */
export function words(text: string): string[] {
  return fold(text)
    .replace(/'s\b/g, '')
    .split(/[^a-z0-9<%.]+|\.(?!\d)/)
    .map((w) => w.replace(/^\.+|\.+$/g, ''))
    .filter((w) => w.length > 0);
}

/**
 * A deliberately light stemmer: plurals and common verb endings only, so that
 * a typo-repaired word and the report's word land on the same term.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(ches|shes|xes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  if (word.endsWith('ification')) return `${word.slice(0, -9)}ify`;
  if (word.endsWith('ment') && word.length > 8) return dropE(word.slice(0, -4));
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return undouble(word.slice(0, -2));
  return dropE(word);
}

/** "engage", "engaged", "engaging" and "engagement" all end up as "engag". */
function dropE(word: string): string {
  return word.length > 4 && word.endsWith('e') ? word.slice(0, -1) : word;
}

/** "controlled" → "control", "shipping" → "ship", but "called" stays "call". */
function undouble(root: string): string {
  if (!/([b-df-hj-np-tv-z])\1$/.test(root)) return root;
  if (/(ss|ff|zz)$/.test(root) || (root.endsWith('ll') && root.length < 8)) return root;
  return root.slice(0, -1);
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/**
 * Everyday words that carry no topic ("main", "first time", "hard"). A question that
 * uses them is not off-topic for that, unlike one naming "weather" or "cricket".
 */
const GENERIC = new Set(
  `main major minor first second third last next time times way ways hard easy really actually currently now new old big
  small little good bad better worse best worst reach reaching reached need needs needed want wants wanted warn warned
  warning use uses using used help helps helped helping work works working worked look looks looking like go goes going
  gone come comes coming came take takes taking took part parts plan plans planning think thinks thought happen happens
  happened happend mean means meant point points idea ideas issue issues overall role current latest recent recently
  still ever already soon long short high low become becomes becoming became expect expects expected expecting rate
  rated rates rating rank ranked ranking consider considered considering classify classified listed describe described
  seen regard regarded call called calling talk talks talking talked miss missing missed get gets getting bring brings
  bringing brought keep keeps kept put puts set sets run runs running try tries trying tried face faces facing faced
  feel feels stand stands standing move moves moving moved leave leaves left turn turns turned show shows showed shown
  find finds found give gives given gave lot lots bit kind sorts type types exactly basically generally mostly likely
  possible possibly probably currently today anything something everything nothing someone anyone`.split(/\s+/),
);

export function isGeneric(word: string): boolean {
  return GENERIC.has(word);
}

/** Chat spellings of question words ("wen", "wat", "hw") that should not count as content. */
export function isMisspeltStopword(word: string): boolean {
  if (word.length > 4) return false;
  for (const stop of QUESTION_WORDS) if (editDistance(word, stop) <= 1) return true;
  return false;
}

const QUESTION_WORDS = ['what', 'when', 'where', 'which', 'who', 'why', 'how', 'the', 'does', 'is', 'are', 'was'];

/** Index terms of a text: stemmed content words. */
export function terms(text: string): string[] {
  return words(text)
    .filter((w) => !isStopword(w))
    .map(stem);
}

/** Split prose into sentences without breaking on decimals or common abbreviations. */
export function sentences(paragraph: string): string[] {
  const parts = paragraph.split(/(?<=[.!?]["”’)]?)\s+(?=["“‘(]?[A-Z0-9])/);
  const out: string[] = [];
  for (const part of parts) {
    const prev = out[out.length - 1];
    // A quotation is one statement even when it holds several sentences.
    if (prev !== undefined && (/\b(?:Mr|Mrs|Ms|Dr|St|vs|etc|e\.g|i\.e|U\.S)\.$/.test(prev) || openQuote(prev))) {
      out[out.length - 1] = `${prev} ${part}`;
    } else {
      out.push(part.trim());
    }
  }
  return out.filter((s) => s.length > 0);
}

function openQuote(text: string): boolean {
  return (text.match(/\u201c/g)?.length ?? 0) > (text.match(/\u201d/g)?.length ?? 0);
}

/** Title Case a file slug such as "india-myanmar-rare-earths". */
export function titleFromSlug(slug: string): string {
  return slug
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}
