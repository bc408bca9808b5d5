import type { Query } from 'minisearch';
import { paperIndexOptions, paperSearchDefaults } from './options.js';
import {
  postingsAsTyped,
  processedTerms,
  specOf,
  type PostingCounts,
  type TermSpec,
} from './postings.js';

/**
 * Postings one request may score. MiniSearch scores every posting of every query term and
 * of its prefix and fuzzy variants, 1–2 µs each with the result objects it builds and sorts,
 * so 10k keeps a search near 20 ms (bench/search.ts). No query on the 50-paper corpus comes
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

/**
 * The query as typed when its postings fit the budget, as on any small corpus. Otherwise its
 * terms rarest first, each given what the budget still allows: all fields, else only the
 * naming fields, else nothing; prefix and fuzzy variants last. Common words weigh little in
 * BM25 yet hold most postings, so they are the ones narrowed or dropped; the rarest term is
 * always kept, so a query never comes back empty just for being common.
 */
export function planSearch(
  query: string,
  counts: PostingCounts,
  budget = SEARCH_POSTING_BUDGET,
): Query {
  const terms = processedTerms(query, paperIndexOptions);
  if (postingsAsTyped(terms, paperSearchDefaults, counts, ALL_FIELDS, budget) <= budget)
    return query;
  const specs = new Map(
    terms.map((term, i) => [term, specOf(term, i, terms, paperSearchDefaults)]),
  );
  const byRarity = [...specs.values()]
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
  for (const { spec } of byRarity) {
    const fields = exactIn.get(spec.term);
    if (!fields) continue;
    const variants = variantFields(spec, fields, counts, left);
    if (variants) {
      left -= variants.cost;
      queries.push({ ...AS_PROCESSED, queries: [spec.term], fields: [...variants.fields] });
    }
    const exactOnly = fields.filter((f) => !variants?.fields.includes(f));
    if (exactOnly.length > 0)
      queries.push({
        ...AS_PROCESSED,
        queries: [spec.term],
        fields: exactOnly,
        prefix: false,
        fuzzy: false,
      });
  }
  return { combineWith: 'OR', queries };
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
