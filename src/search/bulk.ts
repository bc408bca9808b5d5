import MiniSearch, { type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { PostingCountsJSON } from './postings.js';
import { KNOWN_LAYOUT, withState, type IndexState, type TermPostings } from './snapshot.js';

/**
 * MiniSearch's `addAll` for a whole corpus at once, building the very Maps its `add` builds.
 * `add` looks each token up in the radix tree and in the term's posting Map of every
 * document, one token at a time: 20M tokens at 100k papers, most of the 27 s a build took.
 * Here a document's terms are counted in a small Map first, each distinct term then goes
 * into a hash Map once per document, and into the radix tree once per corpus, in the order
 * `add` would have put it there. The result is the same index (bulk.test.ts compares their
 * `toJSON`), with the document frequencies the query planner needs kept on the way. Undefined when MiniSearch is not a
 * version whose layout this knows: then the caller indexes with `addAll`.
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
  const custom = [options.tokenize, options.extractField, options.stringifyField];
  if (!KNOWN_LAYOUT || custom.some((option) => option !== undefined)) return undefined;
  const idField = options.idField ?? 'id';
  const storeFields = options.storeFields ?? [];
  const processTerm = options.processTerm ?? defaultProcessTerm;
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
  const postings = new Map<string, TermPostings>();
  const inDocument = new Map<string, number>();
  const count = (term: string) => inDocument.set(term, (inDocument.get(term) ?? 0) + 1);

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
    for (const field of options.fields) {
      const value = fields[field];
      if (value == null) continue;
      const tokens = tokenize((value as { toString(): string }).toString(), field);
      const fieldId = fieldIds[field] ?? 0;
      addFieldLength(state, shortId, fieldId, new Set(tokens).size);
      inDocument.clear();
      for (const token of tokens) {
        const processed = processTerm(token, field);
        if (Array.isArray(processed)) for (const term of processed) count(term);
        else if (processed) count(processed);
      }
      for (const [term, frequency] of inDocument) {
        let byField = postings.get(term);
        if (!byField) postings.set(term, (byField = new Map<number, Map<number, number>>()));
        let byDocument = byField.get(fieldId);
        if (!byDocument) byField.set(fieldId, (byDocument = new Map<number, number>()));
        byDocument.set(shortId, frequency);
      }
    }
    if (progress && ((n + 1) % progress.every === 0 || n + 1 === documents.length))
      progress.report(n + 1, documents.length);
  }
  const terms = new SearchableMap<TermPostings>();
  for (const [term, byField] of postings) terms.set(term, byField);
  const counts: [string, number[]][] = [];
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
