import type MiniSearch from 'minisearch';
import type SearchableMap from 'minisearch/SearchableMap';
import { BM25, FIELD_BOOSTS, paperSearchDefaults } from './options.js';
import { PackedDocuments, type TermPostings } from './packed.js';
import { stateOf, termMapOf, type IndexState } from './snapshot.js';

/**
 * MiniSearch's scoring of a planned query, over typed arrays. MiniSearch scores a posting in
 * 1–2 µs: it looks the document up in three Maps and keeps a result object per document,
 * with the terms and fields it matched, for every document a query touches (most of 100k for
 * a question of common words). Here a posting costs a few nanoseconds (a field length read
 * from an array, a score added into one, a bit set for the query term), and result objects
 * are made only for the best documents. The scores are MiniSearch's: the same BM25, boosts,
 * prefix weights, and the same final multiplication by the number of query terms
 * a document holds (scorer.test.ts compares the two on many queries).
 */

/** One term of a planned query, searched in some fields, as MiniSearch's `QuerySpec`. */
export interface TermQuery {
  term: string;
  fields: readonly string[];
  prefix: boolean;
  /** How much the term weighs (a word typed twice weighs twice). */
  boost: number;
}

/** A ranked paper: its score and which of the query's terms it holds. */
export interface Scored {
  id: string;
  score: number;
  queryTerms: string[];
}

/** The best papers of a search, and how many more it matched. */
export interface Ranking {
  /** At most `depth` papers, best first. */
  best: Scored[];
  /** How many papers matched, the best included. */
  matched: number;
  /** How many matched papers beyond `best` score at least this. */
  beyondAtLeast(score: number): number;
}

interface RankOptions {
  /** How many of the best papers to return. */
  depth: number;
  /** Only these papers are scored (those the search's filters pass). */
  only?: ReadonlySet<string> | undefined;
}

const PREFIX_WEIGHT = paperSearchDefaults.weights?.prefix ?? 0.4;

/** Per document, what scoring reads: whether it is there and its field lengths. */
interface Documents {
  /** The state these were read from: a change to the index makes a new `nextId` or count. */
  nextId: number;
  documentCount: number;
  fieldLength: IndexState['fieldLength'];
  alive: Uint8Array;
  /** Per field id, each document's length in terms. */
  lengths: Uint32Array[];
}

export class PostingScorer {
  private documents: Documents | undefined;
  private readonly masks = new WeakMap<
    ReadonlySet<string>,
    { documents: Documents; mask: Uint8Array }
  >();

  private constructor(
    private readonly index: MiniSearch<never>,
    private readonly terms: SearchableMap<TermPostings>,
  ) {}

  /** Undefined when MiniSearch does not keep its index where this reads it. */
  static of<T>(index: MiniSearch<T>): PostingScorer | undefined {
    const terms = termMapOf(index);
    return terms && stateOf(index) ? new PostingScorer(index, terms) : undefined;
  }

  rank(queries: readonly TermQuery[], options: RankOptions): Ranking {
    const state = stateOf(this.index);
    if (!state) throw new Error('MiniSearch index state is no longer readable');
    const documents = this.documentsOf(state);
    const size = documents.alive.length;
    const words = Math.max(1, Math.ceil(queries.length / 32));
    const scores = new Float64Array(size);
    const masks = new Uint32Array(size * words);
    const only = options.only && this.shortIdsOf(options.only, state, documents);
    const sources = [...new Set(queries.map((q) => q.term))];
    for (const query of queries) {
      const source = sources.indexOf(query.term);
      const add = (postings: TermPostings | undefined, weight: number) => {
        if (postings)
          this.score(postings, weight * query.boost, query.fields, state, documents, {
            scores,
            masks,
            word: source >> 5,
            bit: 1 << (source & 31),
            words,
            only,
          });
      };
      add(this.terms.get(query.term), 1);
      if (query.prefix)
        for (const [term, postings] of this.terms.atPrefix(query.term)) {
          const distance = term.length - query.term.length;
          if (distance > 0)
            add(postings, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance));
        }
    }
    return ranked(scores, masks, words, sources, state, options);
  }

  private score(
    postings: TermPostings,
    weight: number,
    fields: readonly string[],
    state: IndexState,
    documents: Documents,
    into: {
      scores: Float64Array;
      masks: Uint32Array;
      word: number;
      bit: number;
      words: number;
      only: Uint8Array | undefined;
    },
  ): void {
    const { k, b, d } = BM25;
    const { scores, masks, word, bit, words, only } = into;
    const { alive } = documents;
    for (const field of fields) {
      const fieldId = state.fieldIds[field];
      if (fieldId === undefined) continue;
      const list = postings.get(fieldId);
      if (!list) continue;
      const lengths = documents.lengths[fieldId] as Uint32Array;
      const average = state.avgFieldLength[fieldId] ?? 1;
      const matching = list.size;
      const idf = Math.log(1 + (state.documentCount - matching + 0.5) / (matching + 0.5));
      const boost = weight * (FIELD_BOOSTS[field as keyof typeof FIELD_BOOSTS] ?? 1) * idf;
      const scorePosting = (document: number, frequency: number) => {
        if (alive[document] !== 1 || (only && only[document] !== 1)) return;
        const length = lengths[document] as number;
        scores[document] =
          (scores[document] as number) +
          boost * (d + (frequency * (k + 1)) / (frequency + k * (1 - b + (b * length) / average)));
        masks[document * words + word] = (masks[document * words + word] as number) | bit;
      };
      const packed = list instanceof PackedDocuments ? list.packed : undefined;
      if (packed) {
        const { data, start, count } = packed;
        for (let i = 0; i < count; i += 1)
          scorePosting(data[start + i] as number, data[start + count + i] as number);
      } else {
        for (const [document, frequency] of list) scorePosting(document, frequency);
      }
    }
  }

  /** The papers as a mask over short ids, kept for as long as the set and the index last. */
  private shortIdsOf(
    ids: ReadonlySet<string>,
    state: IndexState,
    documents: Documents,
  ): Uint8Array {
    const known = this.masks.get(ids);
    if (known?.documents === documents) return known.mask;
    const mask = new Uint8Array(documents.alive.length);
    for (const id of ids) {
      const shortId = state.idToShortId.get(id);
      if (shortId !== undefined && shortId < mask.length) mask[shortId] = 1;
    }
    this.masks.set(ids, { documents, mask });
    return mask;
  }

  /** Dense per-document arrays, read again only after the index changed. */
  private documentsOf(state: IndexState): Documents {
    const known = this.documents;
    if (
      known?.nextId === state.nextId &&
      known.documentCount === state.documentCount &&
      known.fieldLength === state.fieldLength
    )
      return known;
    const fields = Object.keys(state.fieldIds).length;
    const alive = new Uint8Array(state.nextId);
    const lengths = Array.from({ length: fields }, () => new Uint32Array(state.nextId));
    for (const [shortId, perField] of state.fieldLength) {
      if (!state.documentIds.has(shortId)) continue;
      alive[shortId] = 1;
      for (let field = 0; field < fields; field += 1)
        (lengths[field] as Uint32Array)[shortId] = perField[field] ?? 0;
    }
    this.documents = {
      nextId: state.nextId,
      documentCount: state.documentCount,
      fieldLength: state.fieldLength,
      alive,
      lengths,
    };
    return this.documents;
  }
}

/** The scored documents as MiniSearch ranks them: the sum times the query terms held. */
function ranked(
  scores: Float64Array,
  masks: Uint32Array,
  words: number,
  sources: readonly string[],
  state: IndexState,
  options: RankOptions,
): Ranking {
  const finals = new Float64Array(scores.length);
  const matched = new Int32Array(scores.length);
  let count = 0;
  for (let document = 0; document < scores.length; document += 1) {
    const score = scores[document] as number;
    if (score === 0) continue;
    let held = 0;
    for (let w = 0; w < words; w += 1) held += bitCount(masks[document * words + w] as number);
    finals[document] = score * Math.max(1, held);
    matched[count] = document;
    count += 1;
  }
  const best = bestFirst(matched.subarray(0, count), finals, options.depth).map((document) => ({
    id: String(state.documentIds.get(document)),
    score: finals[document] as number,
    queryTerms: sources.filter(
      (_, s) => ((masks[document * words + (s >> 5)] as number) & (1 << (s & 31))) !== 0,
    ),
  }));
  return {
    best,
    matched: count,
    beyondAtLeast(score: number): number {
      if (count <= best.length) return 0;
      let atLeast = 0;
      for (let i = 0; i < count; i += 1)
        if ((finals[matched[i] as number] as number) >= score) atLeast += 1;
      return atLeast - best.filter((result) => result.score >= score).length;
    },
  };
}

/** The `depth` best documents, best first; ties in document order, as indexed. */
function bestFirst(documents: Int32Array, finals: Float64Array, depth: number): number[] {
  const byScore = (a: number, b: number) => (finals[b] as number) - (finals[a] as number) || a - b;
  if (documents.length <= depth) return Array.from(documents).sort(byScore);
  const values = new Float64Array(documents.length);
  for (let i = 0; i < documents.length; i += 1)
    values[i] = finals[documents[i] as number] as number;
  const threshold = kthLargest(values, depth);
  const best: number[] = [];
  for (const document of documents)
    if ((finals[document] as number) >= threshold) best.push(document);
  return best.sort(byScore).slice(0, depth);
}

/** Quickselect: the value the k-th of them (1-based) would hold if sorted in descending order. */
function kthLargest(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  const target = k - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1] as number;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((values[i] as number) > pivot) i += 1;
      while ((values[j] as number) < pivot) j -= 1;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else return values[target] as number;
  }
  return values[target] as number;
}

function bitCount(word: number): number {
  let bits = word - ((word >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (((bits + (bits >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
