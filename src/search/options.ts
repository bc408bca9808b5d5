import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { Paper } from '../corpus/schema.js';
import { MINISEARCH_VERSION } from './snapshot.js';
import { hyphenatedAsOne, nameTermsOf, TERM_RULES, termsOf, textTermsOf } from './terms.js';

/**
 * The one owner of MiniSearch options: the index is built and loaded from the cache with
 * exactly these, and the cache key covers them (INDEX_SHAPE below), so a change here or in
 * the term rules is a cache miss without anyone remembering to bump a version.
 */
const INDEX_VERSION = 'paperbot-index-9';

export type IndexedPaper = Pick<Paper, 'id' | 'title' | 'abstractText'> & {
  shortName: string;
  authors: string;
};

export function toIndexed(paper: Paper): IndexedPaper {
  return {
    id: paper.id,
    title: paper.title,
    shortName: paper.shortName ?? '',
    authors: paper.authors.join(', '),
    abstractText: paper.abstractText,
  };
}

/**
 * Names and titles weigh only a little more than authors and abstracts. A title cannot tell
 * a paper from its look-alikes, which share its words, often in a shorter title; the
 * abstract of the paper a query is about keeps returning to its words. With the real papers
 * hidden among 10k synthetic ones, boosts of 4/3/2/1 (short name, title, authors, abstract)
 * ranked look-alikes first; the bundled corpus's own evaluation still needs the title's
 * small edge (a paper titled for the topic over one that mentions it in passing).
 */
export const FIELD_BOOSTS = { shortName: 1.25, title: 1.25, authors: 1, abstractText: 1 } as const;

/** MiniSearch's own BM25 parameters, named so that rescoring (rescore.ts) scores alike. */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/** Long words tolerate a typo, short ones would match everything; prefixes from 4 letters. */
export const paperSearchDefaults: SearchOptions = {
  boost: FIELD_BOOSTS,
  prefix: (term) => term.length >= 4,
  fuzzy: (term) => (term.length >= 6 ? 0.2 : term.length >= 5 ? 1 : false),
  maxFuzzy: 2,
  weights: { fuzzy: 0.3, prefix: 0.4 },
  combineWith: 'OR',
  bm25: BM25,
  // A query's words, with the CamelCase parts a paper's text keeps whole (terms.ts).
  processTerm: termsOf,
};

/** A paper's fields as the index holds them: names whole, the rest as text (terms.ts). */
function paperTermsOf(term: string, field?: string): string[] {
  return field === 'shortName' ? nameTermsOf(term) : textTermsOf(term);
}

const splitWords = MiniSearch.getDefault('tokenize') as (text: string, field?: string) => string[];

/** MiniSearch's words, and each hyphenated one also whole (terms.ts). */
export function paperTokensOf(text: string, field?: string): string[] {
  const joined = hyphenatedAsOne(text);
  const words = splitWords(text, field);
  return joined.length === 0 ? words : [...words, ...joined];
}

export const paperIndexOptions: Options<IndexedPaper> = {
  idField: 'id',
  fields: ['title', 'shortName', 'authors', 'abstractText'],
  tokenize: paperTokensOf,
  storeFields: [],
  processTerm: paperTermsOf,
  searchOptions: paperSearchDefaults,
};

export interface TitleEntry {
  id: string;
  title: string;
}

/** Autocomplete searches titles alone: a small index answers as-you-type in microseconds. */
export const titleIndexOptions: Options<TitleEntry> = {
  idField: 'id',
  fields: ['title'],
  storeFields: ['title'],
  processTerm: (term) => term.normalize('NFKC').toLowerCase(),
  searchOptions: {
    prefix: true,
    fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    combineWith: 'AND',
  },
};

export interface AuthorEntry {
  id: string;
  name: string;
}

export const authorIndexOptions: Options<AuthorEntry> = {
  idField: 'id',
  fields: ['name'],
  storeFields: ['name'],
  processTerm: (term) => term.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase(),
  searchOptions: { prefix: true, fuzzy: 0.25, combineWith: 'AND' },
};

/** Everything that shapes the indexes: what the cache key must cover besides the corpus. */
export const INDEX_SHAPE = {
  version: INDEX_VERSION,
  /** The cache holds MiniSearch's own Maps (snapshot.ts), laid out as this version lays them. */
  minisearch: MINISEARCH_VERSION,
  tokenizer: paperTokensOf,
  words: splitWords,
  papers: paperIndexOptions,
  titles: titleIndexOptions,
  terms: TERM_RULES,
};

export type IndexShape = typeof INDEX_SHAPE;

/**
 * A stable text for a shape: functions by their source, patterns by theirs, sets and maps by
 * their (sorted) contents, so two shapes differ exactly when something that shapes an index does.
 */
export function fingerprintOf(shape: IndexShape): string {
  return JSON.stringify(shape, (_key, value: unknown) => {
    if (typeof value === 'function') return `fn:${String(value)}`;
    if (value instanceof RegExp) return `re:${String(value)}`;
    if (value instanceof Set) return [...(value as Set<unknown>)].map(String).sort();
    if (value instanceof Map)
      return [...(value as Map<unknown, unknown>).entries()].sort((a, b) =>
        String(a[0]).localeCompare(String(b[0])),
      );
    return value;
  });
}
