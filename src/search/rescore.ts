import type { Paper } from '../corpus/schema.js';
import { BM25, FIELD_BOOSTS, toIndexed, type IndexedPaper } from './options.js';
import type { PostingCounts } from './postings.js';
import type { Scored } from './scorer.js';
import { foldedWord, hyphenatedAsOne, textTermsOf } from './terms.js';

/** A term the planner left out of some fields to keep a search within its posting budget. */
export interface LeftOut {
  term: string;
  fields: readonly string[];
  /** How many times the query holds the term. */
  repeats: number;
}

/**
 * How many of the best results get their left-out terms back: enough that the paper a
 * query names is among them, few enough that reading their text costs a millisecond or two.
 */
export const COMPLETED_RESULTS = 200;

type Field = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];

/**
 * The planner drops the common words of a big query from the abstracts (or altogether), so
 * the search touches a bounded number of postings. Those words still tell the papers it
 * found apart: the one that holds every word of the query is the better answer. Here the best
 * results get them back, scored as MiniSearch would have (BM25 per field, its boosts, and the
 * count of query terms matched, which MiniSearch multiplies the score by), read from the
 * text of those papers alone.
 */
export class LeftOutTerms {
  /** Total length of each field in characters; over the papers, MiniSearch's average in terms. */
  private readonly totals: Record<Field, number> = {
    title: 0,
    shortName: 0,
    authors: 0,
    abstractText: 0,
  };

  constructor(
    /** The library's papers, kept current by the search that owns it. */
    private readonly byId: ReadonlyMap<string, Paper>,
    private readonly counts: PostingCounts,
  ) {
    for (const paper of byId.values()) this.count(paper, 1);
  }

  /** Counts a paper's field lengths in (1) or out (-1) as the library changes. */
  count(paper: Paper, by: 1 | -1): void {
    const indexed = toIndexed(paper);
    for (const field of FIELDS) this.totals[field] += by * indexed[field].length;
  }

  private averageLength(field: Field): number {
    return this.totals[field] / Math.max(1, this.byId.size);
  }

  /** The results re-ranked with the left-out terms counted in the best of them. */
  complete(results: Scored[], leftOut: readonly LeftOut[]): Scored[] {
    if (leftOut.length === 0 || results.length === 0) return results;
    const best = results.slice(0, COMPLETED_RESULTS);
    const idf = leftOut.map(({ term, fields }) =>
      fields.map((field) => ({ field: field as Field, idf: this.idf(term, field) })),
    );
    const termsIn = new Map(
      FIELDS.map((field) => [
        field,
        leftOut.filter(({ fields }) => fields.includes(field)).map(({ term }) => term),
      ]),
    );
    const completed = best.map((result) => {
      const paper = this.byId.get(result.id);
      if (!paper) return result;
      const indexed = toIndexed(paper);
      const frequencies = new Map(
        FIELDS.map((field) => [field, frequenciesIn(indexed[field], termsIn.get(field) ?? [])]),
      );
      const matched = new Set(result.queryTerms);
      let added = 0;
      for (const [i, { term, repeats }] of leftOut.entries()) {
        for (const { field, idf: fieldIdf } of idf[i] ?? []) {
          const frequency = frequencies.get(field)?.get(term) ?? 0;
          if (frequency === 0) continue;
          const lengthRatio = indexed[field].length / (this.averageLength(field) || 1);
          added += repeats * FIELD_BOOSTS[field] * fieldIdf * bm25(frequency, lengthRatio);
          matched.add(term);
        }
      }
      if (added === 0) return result;
      const quality = Math.max(1, result.queryTerms.length);
      return {
        ...result,
        score: (result.score / quality + added) * matched.size,
        queryTerms: [...matched],
      };
    });
    completed.sort((a, b) => b.score - a.score);
    // A candidate added unscored (engine.ts) that holds none of the words is no match at all;
    // only the best results can be such candidates, so the rest need no look.
    const matched = completed.filter((result) => result.score > 0);
    return [...matched, ...results.slice(COMPLETED_RESULTS)];
  }

  private idf(term: string, field: string): number {
    const n = this.byId.size;
    const holding = this.counts.exact(term, [field]);
    return Math.log(1 + (n - holding + 0.5) / (holding + 0.5));
  }
}

function bm25(frequency: number, lengthRatio: number): number {
  const { k, b, d } = BM25;
  return d + (frequency * (k + 1)) / (frequency + k * (1 - b + b * lengthRatio));
}

/** Words as MiniSearch tokenizes them: split at spaces, line breaks and punctuation only. */
const WORD = /[^\n\r\p{Z}\p{P}]+/gu;

/** A text's words as the index reads them: each hyphenated one also whole. */
function* wordsOf(text: string): Generator<string> {
  for (const [word] of text.matchAll(WORD)) yield word;
  yield* hyphenatedAsOne(text);
}

/**
 * How often each term is in a text: its words turned into terms as the index turns them, in
 * one pass over the text whatever the number of terms (a long question leaves out a dozen).
 * A cheap test first: a word that becomes a term holds the term's first letters (a stem, a
 * CamelCase part), which also keeps an acronym's expansions ("KV" → "key") from counting.
 */
function frequenciesIn(text: IndexedPaper[Field], terms: readonly string[]): Map<string, number> {
  const frequencies = new Map<string, number>();
  if (terms.length === 0) return frequencies;
  const heads = terms.map((term) => term.slice(0, 3));
  for (const word of wordsOf(text)) {
    const lower = foldedWord(word);
    if (!heads.some((head) => lower.includes(head))) continue;
    for (const term of textTermsOf(word)) {
      const i = terms.indexOf(term);
      if (i >= 0 && lower.includes(heads[i] ?? term))
        frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
    }
  }
  return frequencies;
}
