import MiniSearch, { type Query } from 'minisearch';
import { paperIndexOptions, paperSearchDefaults } from './options.js';
import { specOf, type PostingCounts, type TermSpec } from './postings.js';
import type { LeftOut } from './rescore.js';
import type { TermQuery } from './scorer.js';

/**
 * Postings one request may score. The scorer (scorer.ts) reads a posting in a few
 * nanoseconds, so a million keep a search near 10 ms: a question of twenty common words over
 * 100k abstracts holds about that many, and is searched whole. Only a larger library has the
 * planner narrow a query's commonest words, and rescoring (rescore.ts) count them back in.
 */
export const SEARCH_POSTING_BUDGET = 1_000_000;
const ALL_FIELDS: readonly string[] = paperIndexOptions.fields;
/** Where a paper is named: short posting lists, and the matches that rank highest. */
const NAMING_FIELDS: readonly string[] = ['title', 'shortName', 'authors'];
/** For planned sub-queries, whose terms were processed (stemmed, expanded) already. */
export const AS_PROCESSED = {
  tokenize: (term: string) => [term],
  processTerm: (term: string) => term,
};

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

interface PlannedTerm extends TermSpec {
  /** How many times the query holds the term. */
  repeats: number;
}

/**
 * Which variants each query term gets. Only the last word typed may be unfinished, so only
 * its own term is a prefix ("efficient transf"); a finished word's prefix variants are other
 * words, often rare ones whose weight outranks the word itself. Only a term the corpus does
 * not hold is looked up fuzzily: a word that is there is taken as meant ("modal" is not
 * "model"), while "lable" finds "label".
 */
export function termSpecsOf(
  query: string,
  counts: PostingCounts,
  added: readonly string[] = [],
): PlannedTerm[] {
  const process = paperSearchDefaults.processTerm;
  const tokens = tokenize(query);
  const specs = new Map<string, PlannedTerm>();
  const add = (token: string, typedLast: boolean) => {
    const processed = process?.(token) ?? token.toLowerCase();
    const terms = (Array.isArray(processed) ? processed : [processed]).filter(
      (t): t is string => typeof t === 'string' && t !== '',
    );
    for (const [i, term] of terms.entries()) {
      const seen = specs.get(term);
      // A word typed twice ("end to end") weighs twice, as MiniSearch scores a query as typed.
      if (seen) {
        seen.repeats += 1;
        continue;
      }
      const spec = specOf(term, i, terms, paperSearchDefaults);
      specs.set(term, {
        term,
        prefix: spec.prefix && typedLast && i === 0,
        maxDistance: counts.exact(term, ALL_FIELDS) === 0 ? spec.maxDistance : 0,
        repeats: 1,
      });
    }
  };
  for (const [i, token] of tokens.entries()) add(token, i === tokens.length - 1);
  for (const term of added) add(term, false);
  return [...specs.values()];
}

/**
 * One sub-query per term. When the postings fit the budget, as on any small corpus, every
 * term searches every field. Otherwise terms go rarest first, each given what the budget
 * still allows: all fields, else only the naming fields, else nothing; prefix and fuzzy
 * variants last. Common words weigh little in BM25 yet hold most postings, so they are the
 * ones narrowed or dropped; the rarest term is always kept, so a query never comes back
 * empty just for being common.
 */
export interface Plan {
  /** The terms to search, each in its fields. */
  terms: TermQuery[];
  /** The same, for MiniSearch to run. */
  query: Query;
  /** Terms searched in fewer fields than the query asks, or not at all, to keep within the budget. */
  leftOut: LeftOut[];
}

export function planSearch(
  query: string,
  counts: PostingCounts,
  options: { budget?: number; added?: readonly string[] } = {},
): Plan {
  const budget = options.budget ?? SEARCH_POSTING_BUDGET;
  const byRarity = termSpecsOf(query, counts, options.added)
    .map((spec) => ({
      spec,
      all: counts.exact(spec.term, ALL_FIELDS),
      naming: counts.exact(spec.term, NAMING_FIELDS),
    }))
    .sort((a, b) => a.all - b.all);
  let left = budget;
  const exactIn = new Map<string, readonly string[]>();
  for (const { spec, all } of byRarity) {
    if (all <= left) {
      exactIn.set(spec.term, ALL_FIELDS);
      left -= all;
    }
  }
  for (const { spec, naming } of byRarity) {
    if (!exactIn.has(spec.term) && naming <= left) {
      exactIn.set(spec.term, NAMING_FIELDS);
      left -= naming;
    }
  }
  if (exactIn.size === 0) {
    const named = byRarity.filter((t) => t.naming > 0).sort((a, b) => a.naming - b.naming)[0];
    const fallback = named ?? byRarity[0];
    if (fallback) exactIn.set(fallback.spec.term, named ? NAMING_FIELDS : ALL_FIELDS);
  }
  const terms: TermQuery[] = [];
  const leftOut: LeftOut[] = [];
  for (const { spec } of byRarity) {
    const fields = exactIn.get(spec.term) ?? [];
    if (fields.length < ALL_FIELDS.length)
      leftOut.push({
        term: spec.term,
        fields: ALL_FIELDS.filter((f) => !fields.includes(f)),
        repeats: spec.repeats,
      });
    if (fields.length === 0) continue;
    const variants = variantFields(spec, fields, counts, left);
    const searched = { term: spec.term, boost: spec.repeats };
    if (variants) {
      left -= variants.cost;
      terms.push({
        ...searched,
        fields: variants.fields,
        prefix: spec.prefix,
        maxDistance: spec.maxDistance,
      });
    }
    const exactOnly = fields.filter((f) => !variants?.fields.includes(f));
    if (exactOnly.length > 0)
      terms.push({ ...searched, fields: exactOnly, prefix: false, maxDistance: 0 });
  }
  return { terms, query: miniSearchQuery(terms), leftOut };
}

/** The planned terms as a query MiniSearch runs itself. */
function miniSearchQuery(terms: readonly TermQuery[]): Query {
  return {
    combineWith: 'OR',
    queries: terms.map(({ term, fields, prefix, maxDistance, boost }) => ({
      ...AS_PROCESSED,
      queries: [term],
      boostTerm: boost === 1 ? undefined : () => boost,
      fields: [...fields],
      prefix,
      fuzzy: maxDistance > 0 ? maxDistance : false,
    })),
  };
}

/** The widest fields, no wider than the term's own, whose prefix and fuzzy variants fit what is left. */
function variantFields(
  spec: TermSpec,
  exactIn: readonly string[],
  counts: PostingCounts,
  left: number,
): { fields: readonly string[]; cost: number } | undefined {
  if (!spec.prefix && spec.maxDistance === 0) return undefined;
  for (const fields of exactIn === ALL_FIELDS ? [ALL_FIELDS, NAMING_FIELDS] : [NAMING_FIELDS]) {
    const cost = counts.variants(spec, fields, left);
    if (cost <= left) return { fields, cost };
  }
  return undefined;
}
