import MiniSearch, { type Query } from 'minisearch';
import { paperIndexOptions, paperSearchDefaults } from './options.js';
import { specOf, type PostingCounts } from './postings.js';
import type { LeftOut } from './rescore.js';
import type { TermQuery } from './scorer.js';
import { foldedWord, hyphenatedAsOne } from './terms.js';

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

interface PlannedTerm {
  term: string;
  /** Only the last word typed may be unfinished, so only its term is looked up as a prefix. */
  prefix: boolean;
  /** How many times the query holds the term. */
  repeats: number;
  /** Less than 1 for a term that stands in for a misspelt word. */
  weight: number;
  /** The misspelt word, as typed, that the term stands in for. */
  typed?: string;
}

/** A misspelt word and the term searched in its place. */
export interface Correction {
  typed: string;
  term: string;
}

/** A stand-in that begins the word is at least this long, and leaves out at most this many letters. */
const KNOWN_STEM = { minLength: 5, maxCut: 5 };

/** A word's own term as the query's words become terms (its stem), before any derived ones. */
function wordTermOf(word: string): string | undefined {
  return ((paperSearchDefaults.processTerm?.(word) as string[] | undefined) ?? [])[0];
}

/** Each part of a word written as one is at least this long: "light" and "weight". */
const MIN_COMPOUND_PART = 3;

/**
 * A word written as one that the corpus writes as two ("lightweight", "finetuning",
 * "selfattention" for light-weight, fine-tuning, self-attention): the terms of its two parts,
 * when the corpus holds both. Of several ways to cut it, the one whose rarer part most
 * documents hold.
 */
function compoundPartsOf(token: string, counts: PostingCounts): [string, string] | undefined {
  let best: { parts: [string, string]; documents: number } | undefined;
  for (let cut = MIN_COMPOUND_PART; cut <= token.length - MIN_COMPOUND_PART; cut += 1) {
    const [left, right] = [wordTermOf(token.slice(0, cut)), wordTermOf(token.slice(cut))];
    if (left === undefined || right === undefined) continue;
    const documents = Math.min(counts.exact(left, ALL_FIELDS), counts.exact(right, ALL_FIELDS));
    if (documents > 0 && (!best || documents > best.documents))
      best = { parts: [left, right], documents };
  }
  return best?.parts;
}

/** Endings that finish a word typed past its stem: "prunin" is on its way to "pruning". */
const WORD_ENDINGS = ['g', 'e', 's', 'ing', 'ion', 'ed', 'er', 'al'];

/**
 * The stem of the word an unfinished last word is becoming, when the corpus holds it: a word
 * typed past its stem ("prunin", whose word's stem is "prune") begins no term of the index.
 */
function finishedStemOf(
  token: string,
  counts: PostingCounts,
): { term: string; weight: number } | undefined {
  for (const ending of WORD_ENDINGS) {
    const stem = wordTermOf(`${token}${ending}`);
    if (stem !== undefined && counts.exact(stem, ALL_FIELDS) > 0) return { term: stem, weight: 1 };
  }
  return undefined;
}

/** A word of this many letters may be one edit from the term meant. */
const MIN_CORRECTED = 4;

/**
 * The term a word the corpus does not hold stands for, weighed by the share of its letters
 * left as typed: at MiniSearch's fuzzy weight (0.3) a typo in one word of two let the other
 * word alone decide ("efficient transfromer" found "Butterfly Transform" first). First the
 * word with two neighbouring letters swapped, the commonest typo, read on the word: its stem
 * may be a different word's ("transfromer" stems to "transfrom", one swap from "transform").
 * Else the closest and commonest term within the edits the term's length allows ("lable" →
 * label): every variant within reach, as MiniSearch looks a word up, let a rare one outrank
 * the word meant ("langauge" found "RangeAugment" before "language"). Else a misspelling past
 * the stem ("segmentaion", "quantizaton"), which no edit reaches as the index holds stems
 * ("segment", "quantiz"): the longest term the corpus holds that begins it. Counting the edits
 * from the longer word typed instead let "embodied", which the corpus lacks, become "embed".
 */
function correctionOf(
  term: string,
  typed: string,
  counts: PostingCounts,
): { term: string; weight: number } | undefined {
  // One edit from four letters: a typo's stem is shorter than the word ("lable" → "labl").
  const maxDistance = Math.max(
    specOf(term, 0, [term], paperSearchDefaults).maxDistance,
    term.length >= MIN_CORRECTED ? 1 : 0,
  );
  const closest =
    maxDistance > 0
      ? (swappedOf(foldedWord(typed), counts) ?? counts.correction(term, maxDistance))
      : undefined;
  if (closest)
    return {
      term: closest.term,
      weight: closest.term.length / (closest.term.length + closest.distance),
    };
  const shortest = Math.max(KNOWN_STEM.minLength, term.length - KNOWN_STEM.maxCut);
  for (let length = term.length - 1; length >= shortest; length -= 1) {
    const stem = term.slice(0, length);
    if (counts.exact(stem, ALL_FIELDS) > 0) return { term: stem, weight: length / term.length };
  }
  return undefined;
}

/**
 * The commonest term the corpus holds of the word with two neighbouring letters swapped. The
 * word's, not its stem's: "transfromer" stems to "transfrom", whose swap is "transform".
 */
function swappedOf(
  word: string,
  counts: PostingCounts,
): { term: string; distance: number } | undefined {
  let best: { term: string; documents: number } | undefined;
  for (let at = 0; at < word.length - 1; at += 1) {
    const swapped = wordTermOf(
      `${word.slice(0, at)}${word[at + 1] ?? ''}${word[at] ?? ''}${word.slice(at + 2)}`,
    );
    const documents = swapped === undefined ? 0 : counts.exact(swapped, ALL_FIELDS);
    if (swapped !== undefined && documents > 0 && (!best || documents > best.documents))
      best = { term: swapped, documents };
  }
  return best && { term: best.term, distance: 1 };
}

/**
 * Which variants each query term gets. Only the last word typed may be unfinished, so only
 * its own term is a prefix ("efficient transf"); a finished word's prefix variants are other
 * words, often rare ones whose weight outranks the word itself. A word the corpus holds is
 * taken as meant ("modal" is not "model"); one it does not is corrected (correctionOf).
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
      const prefix = spec.prefix && typedLast && i === 0;
      // Not misspelt: a term the corpus holds; a word being typed that begins terms of the
      // corpus ("superpos"); a word's derived terms (its CamelCase parts, an acronym's
      // expansion: "vi" of "ViT"), which were never typed.
      const held =
        i > 0 ||
        counts.exact(term, ALL_FIELDS) > 0 ||
        (prefix && counts.variants({ term, prefix, maxDistance: 0 }, ALL_FIELDS, 0) > 0);
      const finished = !held && prefix ? finishedStemOf(token, counts) : undefined;
      const parts = held || finished ? undefined : compoundPartsOf(token, counts);
      const meant = held || parts ? undefined : (finished ?? correctionOf(term, token, counts));
      if (parts) {
        for (const part of parts)
          if (!specs.has(part))
            specs.set(part, { term: part, prefix: false, repeats: 1, weight: 1 });
      } else if (meant === undefined) specs.set(term, { term, prefix, repeats: 1, weight: 1 });
      else if (!specs.has(meant.term))
        specs.set(meant.term, {
          term: meant.term,
          prefix,
          repeats: 1,
          weight: meant.weight,
          ...(meant === finished ? {} : { typed: token }),
        });
    }
  };
  for (const [i, token] of tokens.entries()) add(token, i === tokens.length - 1);
  for (const term of [...added, ...joinedHyphenations(query, counts)]) add(term, false);
  return [...specs.values()];
}

/**
 * A hyphenated word the corpus writes as one ("k-means" for KMeans, "pre-train" for
 * pretrain), besides its parts: the tokenizer splits it at the hyphen, and a part as short as
 * "k" matches nothing, so a paper that writes the word whole was not found by it.
 */
function joinedHyphenations(query: string, counts: PostingCounts): string[] {
  return hyphenatedAsOne(query).filter((joined) => {
    const term = wordTermOf(joined);
    return term !== undefined && counts.exact(term, ALL_FIELDS) > 0;
  });
}

/**
 * One sub-query per term. When the postings fit the budget, as on any small corpus, every
 * term searches every field. Otherwise terms go rarest first, each given what the budget
 * still allows: all fields, else only the naming fields, else nothing; prefix variants
 * last. Common words weigh little in BM25 yet hold most postings, so they are the
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
  /** Misspelt words and the terms searched in their place. */
  corrections: Correction[];
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
    const searched = { term: spec.term, boost: spec.repeats * spec.weight };
    if (variants) {
      left -= variants.cost;
      terms.push({
        ...searched,
        fields: variants.fields,
        prefix: spec.prefix,
      });
    }
    const exactOnly = fields.filter((f) => !variants?.fields.includes(f));
    if (exactOnly.length > 0) terms.push({ ...searched, fields: exactOnly, prefix: false });
  }
  const corrections = byRarity.flatMap(({ spec }) =>
    spec.typed === undefined ? [] : [{ typed: spec.typed, term: spec.term }],
  );
  return { terms, query: miniSearchQuery(terms), leftOut, corrections };
}

/** The planned terms as a query MiniSearch runs itself. */
function miniSearchQuery(terms: readonly TermQuery[]): Query {
  return {
    combineWith: 'OR',
    queries: terms.map(({ term, fields, prefix, boost }) => ({
      ...AS_PROCESSED,
      queries: [term],
      boostTerm: boost === 1 ? undefined : () => boost,
      fields: [...fields],
      prefix,
      fuzzy: false,
    })),
  };
}

/** The widest fields, no wider than the term's own, whose prefix variants fit what is left. */
function variantFields(
  spec: PlannedTerm,
  exactIn: readonly string[],
  counts: PostingCounts,
  left: number,
): { fields: readonly string[]; cost: number } | undefined {
  if (!spec.prefix) return undefined;
  for (const fields of exactIn === ALL_FIELDS ? [ALL_FIELDS, NAMING_FIELDS] : [NAMING_FIELDS]) {
    const cost = counts.variants({ term: spec.term, prefix: true, maxDistance: 0 }, fields, left);
    if (cost <= left) return { fields, cost };
  }
  return undefined;
}
