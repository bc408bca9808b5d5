import MiniSearch, { type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { PostingCountsJSON } from './postings.js';
import { PackedDocuments, type TermPostings } from './packed.js';
import { KNOWN_LAYOUT, withState, type IndexState } from './snapshot.js';

/**
 * MiniSearch's `addAll` for a whole corpus at once, building the index its `add` builds.
 * `add` looks each token up in the radix tree and in the term's posting Map, one token at a
 * time: 20M tokens at 100k papers, most of the 27 s a build took. Here each distinct token is
 * processed once per field, a document's terms are counted in a typed array, every (term,
 * field, document, frequency) is appended to typed arrays, and a counting sort packs them by
 * term (packed.ts); each term goes into the radix tree once, in the order `add` would have put
 * it there. The result is the same index (bulk.test.ts compares their `toJSON`), with the
 * document frequencies the query planner needs counted on the way. Undefined when MiniSearch
 * is not a version whose layout this knows: then the caller indexes with `addAll`.
 */

/** Told how many documents are indexed so far, every `every` documents and at the end. */
interface BulkProgress {
  every: number;
  report: (indexed: number, total: number) => void;
}

const tokenize = MiniSearch.getDefault('tokenize') as (text: string, field?: string) => string[];
const defaultProcessTerm = MiniSearch.getDefault('processTerm') as NonNullable<
  Options['processTerm']
>;

/** The index, and how many documents hold each term in each field (for the query planner). */
interface Bulk<T> {
  index: MiniSearch<T>;
  postingCounts: PostingCountsJSON;
}

export function bulkIndex<T>(
  documents: readonly T[],
  options: Options<T>,
  progress?: BulkProgress,
): Bulk<T> | undefined {
  const custom = [options.extractField, options.stringifyField];
  if (!KNOWN_LAYOUT || custom.some((option) => option !== undefined)) return undefined;
  const idField = options.idField ?? 'id';
  const storeFields = options.storeFields ?? [];
  const processTerm = options.processTerm ?? defaultProcessTerm;
  const tokensOf = options.tokenize ?? tokenize;
  const fieldIds = Object.fromEntries(options.fields.map((field, i) => [field, i]));
  const state: Omit<IndexState, 'tree'> = {
    documentCount: 0,
    documentIds: new Map(),
    idToShortId: new Map(),
    fieldIds,
    fieldLength: new Map(),
    avgFieldLength: [],
    nextId: 0,
    storedFields: new Map(),
    dirtCount: 0,
  };
  const termIds = new Map<string, number>();
  const postings = new Postings(options.fields.length);
  /** Per field, each distinct token's term ids: processTerm runs once per token and field. */
  const tokenTerms = options.fields.map(() => new Map<string, number[]>());
  const idsOf = (token: string, field: string, fieldId: number): number[] => {
    const known = tokenTerms[fieldId]?.get(token);
    if (known) return known;
    const processed = processTerm(token, field);
    const ids = (Array.isArray(processed) ? processed : processed ? [processed] : []).map(
      (term) => {
        let id = termIds.get(term);
        if (id === undefined) termIds.set(term, (id = termIds.size));
        return id;
      },
    );
    tokenTerms[fieldId]?.set(token, ids);
    return ids;
  };
  let frequencies = new Uint32Array(1 << 16);
  const touched: number[] = [];
  const distinctTokens = new Set<string>();

  for (const [n, document] of documents.entries()) {
    const fields = document as Record<string, unknown>;
    const id = fields[idField];
    if (id == null)
      throw new Error(`MiniSearch: document does not have ID field "${String(idField)}"`);
    if (state.idToShortId.has(id))
      throw new Error(`MiniSearch: duplicate ID ${JSON.stringify(id)}`);
    const shortId = state.nextId;
    state.idToShortId.set(id, shortId);
    state.documentIds.set(shortId, id);
    state.documentCount += 1;
    state.nextId += 1;
    if (storeFields.length > 0) {
      const stored: Record<string, unknown> = {};
      for (const field of storeFields)
        if (fields[field] !== undefined) stored[field] = fields[field];
      state.storedFields.set(shortId, stored);
    }
    for (const [fieldId, field] of options.fields.entries()) {
      const value = fields[field];
      if (value == null) continue;
      const tokens = tokensOf((value as { toString(): string }).toString(), field);
      distinctTokens.clear();
      for (const token of tokens) {
        distinctTokens.add(token);
        for (const termId of idsOf(token, field, fieldId)) {
          if (termId >= frequencies.length) {
            const grown = new Uint32Array(2 * frequencies.length);
            grown.set(frequencies);
            frequencies = grown;
          }
          if (frequencies[termId] === 0) touched.push(termId);
          frequencies[termId] = (frequencies[termId] ?? 0) + 1;
        }
      }
      addFieldLength(state, shortId, fieldId, distinctTokens.size);
      // In the order the field first holds each term, as `add` meets them.
      for (const termId of touched) {
        postings.push(termId, fieldId, shortId, frequencies[termId] ?? 0);
        frequencies[termId] = 0;
      }
      touched.length = 0;
    }
    if (progress && ((n + 1) % progress.every === 0 || n + 1 === documents.length))
      progress.report(n + 1, documents.length);
  }
  const byTerm = postings.pack(termIds.size);
  const terms = new SearchableMap<TermPostings>();
  const counts: [string, number[]][] = [];
  for (const [term, termId] of termIds)
    terms.set(term, byTerm[termId] ?? new Map<number, Map<number, number>>());
  for (const [term, byField] of terms) {
    const perField = new Array<number>(options.fields.length).fill(0);
    for (const [fieldId, byDocument] of byField) perField[fieldId] = byDocument.size;
    counts.push([term, perField]);
  }
  return {
    index: withState(options, state, terms),
    postingCounts: { fieldIds, terms: counts },
  };
}

/**
 * Every posting of a build, in the order it was met, by list: a term's list in a field is
 * numbered term × fields + the rank of that field among those the term was met in, so that
 * sorting by list puts a term's lists together, fields in the order `add` inserts them.
 */
class Postings {
  private list = new Int32Array(1 << 16);
  private document = new Uint32Array(1 << 16);
  private frequency = new Uint32Array(1 << 16);
  private length = 0;
  /** Per term × field, the field's rank among the term's fields plus one (0: not met yet). */
  private rank = new Uint8Array(1 << 16);
  /** Per term × rank, the field id. */
  private fieldAt = new Uint8Array(1 << 16);
  private readonly fieldsOfTerm: number[] = [];

  constructor(private readonly fields: number) {}

  push(term: number, field: number, document: number, frequency: number): void {
    const slot = term * this.fields + field;
    if (slot >= this.rank.length) {
      this.rank = grown(this.rank, new Uint8Array(2 * Math.max(slot, this.rank.length)));
      this.fieldAt = grown(this.fieldAt, new Uint8Array(this.rank.length));
    }
    let rank = this.rank[slot] ?? 0;
    if (rank === 0) {
      rank = (this.fieldsOfTerm[term] ?? 0) + 1;
      this.fieldsOfTerm[term] = rank;
      this.rank[slot] = rank;
      this.fieldAt[term * this.fields + rank - 1] = field;
    }
    if (this.length === this.list.length) {
      const size = 2 * this.length;
      this.list = grown(this.list, new Int32Array(size));
      this.document = grown(this.document, new Uint32Array(size));
      this.frequency = grown(this.frequency, new Uint32Array(size));
    }
    const i = this.length++;
    this.list[i] = term * this.fields + rank - 1;
    this.document[i] = document;
    this.frequency[i] = frequency;
  }

  /** Each term's lists, packed (packed.ts) with a counting sort by list: documents stay in order. */
  pack(terms: number): TermPostings[] {
    const lists = terms * this.fields;
    const sizes = new Uint32Array(lists);
    for (let i = 0; i < this.length; i += 1) {
      const list = this.list[i] ?? 0;
      sizes[list] = (sizes[list] ?? 0) + 1;
    }
    const starts = new Uint32Array(lists);
    for (let list = 1; list < lists; list += 1)
      starts[list] = (starts[list - 1] ?? 0) + 2 * (sizes[list - 1] ?? 0);
    const data = new Uint32Array(2 * this.length);
    const placed = new Uint32Array(lists);
    for (let i = 0; i < this.length; i += 1) {
      const list = this.list[i] ?? 0;
      const [start, size, k] = [starts[list] ?? 0, sizes[list] ?? 0, placed[list] ?? 0];
      data[start + k] = this.document[i] ?? 0;
      data[start + size + k] = this.frequency[i] ?? 0;
      placed[list] = k + 1;
    }
    const byTerm: TermPostings[] = [];
    for (let term = 0; term < terms; term += 1) {
      const byField: TermPostings = new Map();
      for (let rank = 0; rank < (this.fieldsOfTerm[term] ?? 0); rank += 1) {
        const list = term * this.fields + rank;
        byField.set(
          this.fieldAt[list] ?? 0,
          new PackedDocuments(data, starts[list] ?? 0, sizes[list] ?? 0),
        );
      }
      byTerm.push(byField);
    }
    return byTerm;
  }
}

function grown<A extends Int32Array | Uint32Array | Uint8Array>(from: A, to: A): A {
  to.set(from);
  return to;
}

/** MiniSearch's running average of a field's length, computed as `add` computes it. */
function addFieldLength(
  state: Omit<IndexState, 'tree'>,
  shortId: number,
  fieldId: number,
  length: number,
): void {
  let lengths = state.fieldLength.get(shortId);
  if (lengths == null) state.fieldLength.set(shortId, (lengths = []));
  lengths[fieldId] = length;
  const count = state.documentCount - 1;
  const average = state.avgFieldLength[fieldId] || 0;
  state.avgFieldLength[fieldId] = (average * count + length) / (count + 1);
}
