import { LRUCache } from 'lru-cache';
import { stemmer } from 'stemmer';
import { eng as englishStopWords } from 'stopword';

/**
 * How text becomes index terms, shared by indexing and querying so both sides agree:
 * lower-cased, stop words dropped, stemmed (transformers → transform), versions stripped
 * (MobileViTv2 → mobilevitv2, mobilevit), the acronyms in CamelCase names split out
 * (eDKM → edkm, dkm) and acronyms expanded in both directions (KV ↔ key value), so "KV
 * cache" finds "key-value cache". A query splits every CamelCase part (MobileViT → mobile, vit).
 */

const STOP_WORDS = new Set([
  ...englishStopWords,
  'paper',
  'papers',
  'propose',
  'proposed',
  'approach',
  'method',
  'methods',
  'show',
  'using',
  'use',
  'used',
  'based',
  'work',
  'results',
  'result',
  'also',
  'however',
  'new',
  'does',
  'did',
  'what',
  'which',
  'how',
  'about',
  'any',
  'find',
  'found',
  'there',
  // What an apostrophe leaves of "what's" and "Mehta's": the tokenizer splits at it.
  's',
]);

/** Acronyms the field writes both ways. Multi-word forms are matched as their words. */
const ACRONYMS = new Map<string, readonly string[]>(
  Object.entries({
    kv: ['key', 'value'],
    llm: ['large', 'language', 'model'],
    vit: ['vision', 'transformer'],
    vfm: ['vision', 'foundation', 'model'],
    cnn: ['convolutional', 'neural', 'network'],
    rag: ['retrieval', 'augmented', 'generation'],
    mha: ['multi', 'head', 'attention'],
    vqa: ['visual', 'question', 'answering'],
    nlp: ['natural', 'language', 'processing'],
  }),
);

const PLURAL_ACRONYM = /(?<=\p{Lu})s$/u;

/** A CamelCase part in capitals: an acronym, the name of a thing rather than a word. */
const ACRONYM_PART = /^\p{Lu}{2,}$/u;

const CAMEL_BOUNDARY =
  /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\d)|(?<=\d)(?=\p{L})/u;

const HYPHENATED = /(?<![\p{L}\p{N}])\p{L}[\p{L}\p{N}]*(?:-[\p{L}\p{N}]+)+/gu;

/**
 * Each hyphenated word of a text written as one ("K-Means" → "KMeans", "on-device" →
 * "ondevice"): papers and people write either, and the tokenizer splits at the hyphen, so a
 * paper writing "K-Means" was not found by "kmeans", nor one writing "KMeans" by "k-means".
 */
export function hyphenatedAsOne(text: string): string[] {
  if (!text.includes('-')) return [];
  return [...text.matchAll(HYPHENATED)].map(([word]) => word.replaceAll('-', ''));
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

/**
 * Words of the field that Porter's stemmer joins to other words of a different sense: a
 * transformer is an architecture, not a transform; a computer is not a computation. Each
 * keeps its own term (a stemmer override, as search engines configure one), so "efficient
 * transformer" no longer finds "Butterfly Transform" first.
 */
const STEM_OVERRIDES = new Map<string, string>([
  ['transformer', 'transformer'],
  ['transformers', 'transformer'],
  ['computer', 'computer'],
  ['computers', 'computer'],
]);

/** Stemming is the hottest step of a query and words repeat: remember recent stems. */
const stems = new LRUCache<string, string>({ max: 50_000 });

function stem(word: string): string {
  if (/\d/.test(word) || word.length <= 3) return word;
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = STEM_OVERRIDES.get(word) ?? stemmer(word);
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** MobileViTv2 → [Mobile, ViT, v2]; ImageNet → [Image, Net]; plain words → []. */
function camelParts(token: string): string[] {
  const parts = token.split(CAMEL_BOUNDARY).filter((p) => p !== '');
  return parts.length > 1 ? parts : [];
}

/** "mobilevitv2" → "mobilevit": a version suffix should not hide the family name. */
function withoutVersion(word: string): string | undefined {
  const stripped = word.replace(/v?\d+$/, '');
  return stripped.length >= 3 && stripped !== word ? stripped : undefined;
}

/**
 * A query word's terms: its stem, its unversioned stem, its CamelCase parts and acronym
 * expansions, so "MobileViTv2" also looks for papers about mobile vision transformers.
 */
export function termsOf(token: string): string[] {
  return termsWith(token, true);
}

/**
 * A paper's words as the index holds them: as a query word's, but of a coined name's parts
 * only the acronyms. "eDKM" and "LazyLLM" name the method they build on (DKM, LLM); a
 * capitalised word in a name ("SparseRobel", "VisionGPT") is no sign the paper is about that
 * word, and indexed as one such names outranked the papers a query was about once there were
 * thousands of them (bench/recall.ts). A query's own parts still find the words themselves.
 */
export function textTermsOf(token: string): string[] {
  return termsWith(token, false);
}

const NOT_ASCII = /[^\x20-\x7e]/;
const COMBINING_DIACRITICS = /[\u0300-\u036f]/g;

/**
 * One spelling of a word for papers and queries alike: compatibility forms folded (NFKC; a
 * paper's text may come decomposed, as BibTeX's {\"U}), no format characters inside it (a
 * zero-width space or joiner, a soft hyphen), and no accents: "Jegou" finds Jégou and "Uber"
 * finds Über, as people type names without them. Only the Latin, Greek and Cyrillic accents
 * go; other scripts' marks are letters of the word.
 */
function unaccented(word: string): string {
  if (!NOT_ASCII.test(word)) return word;
  return word
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .normalize('NFD')
    .replace(COMBINING_DIACRITICS, '')
    .normalize('NFC');
}

/** Lower case, with ß as the ss people type for it. */
function lowered(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes('ß') ? lower.replace(/ß/g, 'ss') : lower;
}

/** A word as its terms begin: unaccented and lower case (rescore.ts's cheap test reads it). */
export function foldedWord(word: string): string {
  return lowered(unaccented(word));
}

function termsWith(typed: string, everyPart: boolean): string[] {
  const token = unaccented(typed);
  const lower = lowered(token);
  if (lower === '' || STOP_WORDS.has(lower)) return [];
  const words = new Set<string>([lower]);
  const unversioned = withoutVersion(lower);
  if (unversioned) words.add(unversioned);
  // "LLMs" is the plural of LLM, not "LL" and "Ms".
  for (const part of camelParts(token.replace(PLURAL_ACRONYM, ''))) {
    const lowerPart = part.toLowerCase();
    if (part.length > 1 && !STOP_WORDS.has(lowerPart) && (everyPart || ACRONYM_PART.test(part)))
      words.add(lowerPart);
  }
  const terms = new Set<string>();
  for (const word of words) {
    const stemmed = stem(word);
    terms.add(stemmed);
    for (const expansion of ACRONYMS.get(stemmed) ?? []) terms.add(stem(expansion));
  }
  return [...terms];
}

/**
 * A paper's short name as a name: "MobileViTv2" is mobilevitv2 and mobilevit, without
 * acronym expansions. The title holds the name too and expands it already; counted again in
 * the short name, "LLM in a flash" would weigh as a paper about large language models twice.
 */
export function nameTermsOf(token: string): string[] {
  const lower = foldedWord(token);
  if (lower === '' || STOP_WORDS.has(lower)) return [];
  const unversioned = withoutVersion(lower);
  return [...new Set([lower, ...(unversioned ? [unversioned] : [])].map(stem))];
}

/**
 * Everything in this file that decides which terms a text becomes, for the index cache key:
 * the word lists and patterns, and the code that applies them (its source text).
 */
export const TERM_RULES = {
  stopWords: STOP_WORDS,
  acronyms: ACRONYMS,
  camelBoundary: CAMEL_BOUNDARY,
  acronymPart: ACRONYM_PART,
  pluralAcronym: PLURAL_ACRONYM,
  stemOverrides: STEM_OVERRIDES,
  code: [
    termsOf,
    textTermsOf,
    termsWith,
    nameTermsOf,
    unaccented,
    lowered,
    foldedWord,
    stem,
    camelParts,
    withoutVersion,
    hyphenatedAsOne,
  ],
  hyphenated: HYPHENATED,
  stemmer,
};

/** The query's own terms, for snippets and highlighting: no expansions. */
export function plainTermsOf(text: string): string[] {
  return text
    .split(/[\s\p{P}\p{S}]+/u)
    .map(foldedWord)
    .filter((w) => w !== '' && !STOP_WORDS.has(w))
    .map(stem);
}
