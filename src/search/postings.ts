import MiniSearch, { type AsPlainObject, type Options, type SearchOptions } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';

/**
 * Document frequencies per field, the work a term costs a search: MiniSearch scores every
 * posting of every query term and of its prefix and fuzzy variants. They are read from
 * MiniSearch's public serialised form (`toJSON`, which the index cache writes anyway) into
 * a public `SearchableMap`, whose prefix and fuzzy lookups are the ones MiniSearch itself
 * uses to expand a term.
 */

/** The `toJSON` layout this reads: `index` holds [term, {fieldId: {documentId: frequency}}]. */
const KNOWN_SERIALIZATION = 2;

/** Per field id, how many documents hold the term there. */
type FieldCounts = readonly number[];

export interface PostingCountsJSON {
  fieldIds: Record<string, number>;
  terms: [string, FieldCounts][];
}

export interface TermSpec {
  term: string;
  prefix: boolean;
  maxDistance: number;
}

export class PostingCounts {
  private constructor(
    private readonly counts: SearchableMap<FieldCounts>,
    private readonly fieldIds: Readonly<Record<string, number>>,
  ) {}

  /** Undefined when the serialised form is not the one this reads (a MiniSearch upgrade). */
  static fromIndex(index: AsPlainObject): PostingCounts | undefined {
    if (index.serializationVersion !== KNOWN_SERIALIZATION || !Array.isArray(index.index))
      return undefined;
    const fields = Object.keys(index.fieldIds).length;
    const entries: [string, FieldCounts][] = index.index.map(([term, byField]) => {
      const counts = new Array<number>(fields).fill(0);
      for (const [fieldId, documents] of Object.entries(byField)) {
        let documentCount = 0;
        // Counting keys without materialising them: there are millions on a large corpus.
        for (const _ in documents) documentCount += 1;
        counts[Number(fieldId)] = documentCount;
      }
      return [term, counts];
    });
    return new PostingCounts(countsMap(entries), index.fieldIds);
  }

  static fromJSON(json: PostingCountsJSON): PostingCounts {
    return new PostingCounts(countsMap(json.terms), json.fieldIds);
  }

  toJSON(): PostingCountsJSON {
    return { fieldIds: { ...this.fieldIds }, terms: [...this.counts.entries()] };
  }

  /** Counts one more document holding these terms (its `documentTerms`). */
  add(terms: DocumentTerms): void {
    this.change(terms, 1);
  }

  /** Counts one document fewer; a term no document holds any more is gone, as from the index. */
  remove(terms: DocumentTerms): void {
    this.change(terms, -1);
  }

  private change(terms: DocumentTerms, by: 1 | -1): void {
    const fields = Object.keys(this.fieldIds).length;
    for (const [field, fieldTerms] of terms) {
      const fieldId = this.fieldIds[field];
      if (fieldId === undefined) continue;
      for (const term of fieldTerms) {
        const counts = [...(this.counts.get(term) ?? new Array<number>(fields).fill(0))];
        counts[fieldId] = (counts[fieldId] ?? 0) + by;
        if (counts.every((count) => count <= 0)) this.counts.delete(term);
        else this.counts.set(term, counts);
      }
    }
  }

  /** Documents holding the term in any of the fields: its postings there. */
  exact(term: string, fields: readonly string[]): number {
    return this.inFields(this.counts.get(term), fields);
  }

  /**
   * What a word the corpus does not hold most likely meant: of the terms within
   * `maxDistance` edits, the closest, and of those the one most documents hold.
   */
  correction(term: string, maxDistance: number): { term: string; distance: number } | undefined {
    let best: { term: string; distance: number; documents: number } | undefined;
    for (const [candidate, [counts, distance]] of this.counts.fuzzyGet(term, maxDistance)) {
      const documents = this.inFields(counts, Object.keys(this.fieldIds));
      if (
        !best ||
        distance < best.distance ||
        (distance === best.distance && documents > best.documents)
      )
        best = { term: candidate, distance, documents };
    }
    return best && { term: best.term, distance: best.distance };
  }

  /** Postings of the term's prefix and fuzzy variants (not the term itself), counted until past `cap`. */
  variants(spec: TermSpec, fields: readonly string[], cap: number): number {
    let total = 0;
    const counted = new Set([spec.term]);
    const count = (term: string, counts: FieldCounts) => {
      if (!counted.has(term)) {
        counted.add(term);
        total += this.inFields(counts, fields);
      }
      return total > cap;
    };
    if (spec.prefix)
      for (const [term, counts] of this.counts.atPrefix(spec.term))
        if (count(term, counts)) return total;
    if (spec.maxDistance > 0)
      for (const [term, [counts]] of this.counts.fuzzyGet(spec.term, spec.maxDistance))
        if (count(term, counts)) return total;
    return total;
  }

  private inFields(counts: FieldCounts | undefined, fields: readonly string[]): number {
    if (!counts) return 0;
    let total = 0;
    for (const field of fields) total += counts[this.fieldIds[field] ?? -1] ?? 0;
    return total;
  }
}

function countsMap(entries: Iterable<[string, FieldCounts]>): SearchableMap<FieldCounts> {
  const map = new SearchableMap<FieldCounts>();
  for (const [term, counts] of entries) map.set(term, counts);
  return map;
}

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/** Per field, the distinct terms a document puts in the index. */
type DocumentTerms = Map<string, Set<string>>;

/**
 * The terms MiniSearch's `add` indexes for a document, field by field (the index's tokenizer,
 * then its processTerm, whose lists are taken whole and other values when truthy), so
 * the posting counts follow an index that adds and removes one document at a time.
 */
export function documentTerms<T>(document: T, options: Options<T>): DocumentTerms {
  const terms: DocumentTerms = new Map();
  for (const field of options.fields) {
    // Every field paperbot indexes is text.
    const value = (document as Record<string, unknown>)[field];
    if (typeof value !== 'string') continue;
    const fieldTerms = new Set<string>();
    for (const token of (options.tokenize ?? tokenize)(value, field)) {
      const processed = options.processTerm
        ? options.processTerm(token, field)
        : token.toLowerCase();
      if (Array.isArray(processed)) for (const term of processed) fieldTerms.add(term);
      else if (processed) fieldTerms.add(processed);
    }
    terms.set(field, fieldTerms);
  }
  return terms;
}

/** The terms MiniSearch looks up for a query: its tokenizer, then the index's processTerm. */
export function processedTerms(
  query: string,
  options: { processTerm?: (term: string) => string | string[] | null | undefined | false },
): string[] {
  return tokenize(query).flatMap((token) => {
    const processed = options.processTerm ? options.processTerm(token) : token.toLowerCase();
    return (Array.isArray(processed) ? processed : [processed]).filter(
      (t): t is string => typeof t === 'string' && t !== '',
    );
  });
}

/**
 * Which variants MiniSearch scores for a term, as its SearchOptions document them: `fuzzy`
 * below 1 is a share of the term's length (rounded, at most `maxFuzzy`, default 6), from 1
 * an edit distance; `true` means 0.2.
 */
export function specOf(term: string, i: number, terms: string[], options: SearchOptions): TermSpec {
  const prefix =
    typeof options.prefix === 'function' ? options.prefix(term, i, terms) : options.prefix === true;
  const option =
    typeof options.fuzzy === 'function' ? options.fuzzy(term, i, terms) : (options.fuzzy ?? false);
  const fuzzy = option === true ? 0.2 : option === false ? 0 : option;
  const maxDistance =
    fuzzy < 1 ? Math.min(options.maxFuzzy ?? 6, Math.round(term.length * fuzzy)) : fuzzy;
  return { term, prefix, maxDistance };
}

/** What the query as typed would score, counted until it passes `budget`. */
export function postingsAsTyped(
  terms: string[],
  options: SearchOptions,
  counts: PostingCounts,
  fields: readonly string[],
  budget: number,
): number {
  let total = 0;
  for (const [i, term] of terms.entries()) {
    total +=
      counts.exact(term, fields) +
      counts.variants(specOf(term, i, terms, options), fields, budget - total);
    if (total > budget) break;
  }
  return total;
}
