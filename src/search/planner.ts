import MiniSearch, { type Query } from 'minisearch';
import { paperIndexOptions, paperSearchDefaults } from './options.js';
import { specOf, type PostingCounts, type TermSpec } from './postings.js';
import type { LeftOut } from './rescore.js';

/**
 * Postings one request may score. MiniSearch scores every posting of every query term and
 * of its prefix and fuzzy variants, 1–2 µs each with the result objects it builds and sorts,
 * so 20k keeps a search near 20 ms (bench/search.ts). No query on the 50-paper corpus comes
 * near it; one of common words on 100k abstracts holds over a million.
 */
export const SEARCH_POSTING_BUDGET = 20_000;
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
interface Plan {
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
  const queries: Query[] = [];
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
    const boostTerm = spec.repeats > 1 ? () => spec.repeats : undefined;
    const variants = variantFields(spec, fields, counts, left);
    if (variants) {
      left -= variants.cost;
      queries.push({
        ...AS_PROCESSED,
        queries: [spec.term],
        boostTerm,
        fields: [...variants.fields],
        prefix: spec.prefix,
        fuzzy: spec.maxDistance > 0 ? spec.maxDistance : false,
      });
    }
    const exactOnly = fields.filter((f) => !variants?.fields.includes(f));
    if (exactOnly.length > 0)
      queries.push({
        ...AS_PROCESSED,
        queries: [spec.term],
        boostTerm,
        fields: exactOnly,
        prefix: false,
        fuzzy: false,
      });
  }
  return { query: { combineWith: 'OR', queries }, leftOut };
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
