import { partitionPoint } from './sorted.js';
import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import type { Paper } from '../corpus/schema.js';
import { editDistance, typoBudget } from '../did-you-mean.js';
import { titleIndexOptions, type TitleEntry } from './options.js';
import { postingsAsTyped, processedTerms, type PostingCounts } from './postings.js';
import { AS_PROCESSED } from './planner.js';
import { clampTyped, foldName, normalizeQuery } from './text.js';

/** As-you-type answers must take a few milliseconds. */
const AUTOCOMPLETE_POSTING_BUDGET = 1_000;
const TITLE_FIELDS: readonly string[] = titleIndexOptions.fields;

interface TitleKey {
  key: string;
  id: string;
  title: string;
}

export interface TitleChoice {
  id: string;
  title: string;
}

const newestFirst = (a: Paper, b: Paper) => b.date.localeCompare(a.date);

/** A name shorter than this ("ok", "lcs") is too easily one typo away from anything. */
const MIN_NAME_LENGTH = 4;
/** A name as letters and digits only: "Mobile ViT", "mobile-vit" and "MobileViT" are one. */
const compact = (name: string) => foldName(name).replace(/ /g, '');

/**
 * Titles for as-you-type completion: those starting with what is typed, then those with its
 * words anywhere; an empty prefix offers the newest papers.
 */
export class TitleCompleter {
  private keysCache: { sorted: TitleKey[]; byId: Map<string, string> } | undefined;

  constructor(
    /** The papers as they are now: the library changes while the bot runs. */
    private readonly current: () => readonly Paper[],
    /** Read when first needed: a restored index is restored then (index.ts). */
    private readonly titleIndex: () => MiniSearch<TitleEntry>,
    private readonly postings: PostingCounts | undefined,
  ) {}

  complete(prefix: string, limit: number): TitleChoice[] {
    const query = normalizeQuery(clampTyped(prefix));
    if (query === '')
      return [...this.current()]
        .sort(newestFirst)
        .slice(0, limit)
        .map(({ id, title }) => ({ id, title }));
    const offered = this.startingWith(query, limit);
    const seen = new Set(offered.map((o) => o.id));
    for (const result of offered.length < limit ? this.wordMatches(query) : []) {
      if (offered.length >= limit) break;
      const id = String(result.id);
      if (!seen.has(id)) {
        seen.add(id);
        offered.push({ id, title: String(result.title) });
      }
    }
    return offered;
  }

  /**
   * "Did you mean" for a paper reference nothing matched. A paper's name written apart or
   * with a typo ("mobile vit", "mobilevti") is its short name, id or title head (before a
   * colon) within a few typos, or their start; otherwise titles holding two thirds of the
   * words typed, each within a few typos. Junk matches neither, so it gets no suggestion.
   */
  closest(reference: string, limit: number): TitleChoice[] {
    const typed = compact(clampTyped(reference));
    if (typed.length < MIN_NAME_LENGTH) return [];
    const budget = typoBudget(typed);
    const named = this.current().filter((paper) =>
      [paper.id, paper.shortName ?? '', paper.title.split(':')[0] ?? ''].some((name) => {
        const key = compact(name);
        if (key.length < MIN_NAME_LENGTH) return false;
        if (key.startsWith(typed)) return true;
        return Math.abs(key.length - typed.length) <= budget && editDistance(typed, key) <= budget;
      }),
    );
    if (named.length > 0) return named.slice(0, limit).map(({ id, title }) => ({ id, title }));
    const words = processedTerms(normalizeQuery(clampTyped(reference)), titleIndexOptions);
    const needed = Math.ceil((words.length * 2) / 3);
    return this.titleIndex()
      .search(words.join(' '), { combineWith: 'OR', prefix: false, fuzzy: 0.34 })
      .filter((r) => r.queryTerms.length >= needed)
      .slice(0, limit)
      .map((r) => ({ id: String(r.id), title: String(r.title) }));
  }

  /** A binary search over the folded titles: microseconds whatever the corpus size. */
  private startingWith(query: string, limit: number): TitleChoice[] {
    const typed = foldName(query);
    if (typed === '') return [];
    const keys = this.keys().sorted;
    const low = lowerBound(keys, typed);
    const offered: TitleChoice[] = [];
    for (const entry of keys.slice(low, low + limit)) {
      if (!entry.key.startsWith(typed)) break;
      offered.push({ id: entry.id, title: entry.title });
    }
    return offered;
  }

  /** Keeps the folded titles, once built, in step with a paper added or removed. */
  add(paper: Paper): void {
    if (!this.keysCache) return;
    const key = keyOf(paper);
    const { sorted, byId } = this.keysCache;
    // After the titles equal to it, as a stable sort of the library would place the newest.
    sorted.splice(upperBound(sorted, key.key), 0, key);
    byId.set(key.id, key.key);
  }

  remove(paper: Paper): void {
    if (!this.keysCache) return;
    const { sorted, byId } = this.keysCache;
    const key = byId.get(paper.id);
    if (key === undefined) return;
    for (let i = lowerBound(sorted, key); i < sorted.length && sorted[i]?.key === key; i += 1) {
      if (sorted[i]?.id === paper.id) {
        sorted.splice(i, 1);
        break;
      }
    }
    byId.delete(paper.id);
  }

  /** Folded titles, sorted for prefix lookups and by id for word checks; built on first use. */
  private keys(): { sorted: TitleKey[]; byId: Map<string, string> } {
    if (!this.keysCache) {
      const keys = this.current().map(keyOf);
      this.keysCache = {
        sorted: [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
        byId: new Map(keys.map((k) => [k.id, k.key])),
      };
    }
    return this.keysCache;
  }

  /**
   * The title index searched as typed when that fits the autocomplete budget. Otherwise (a
   * short or common word on a large corpus) the cheapest word alone finds candidates, the
   * completed words exactly and the one being typed as a prefix, and the title must hold
   * the other words.
   */
  private wordMatches(query: string): SearchResult[] {
    const counts = this.postings;
    const words = processedTerms(query, titleIndexOptions);
    if (!counts || words.length === 0) return this.titleIndex().search(query);
    const searchOptions = titleIndexOptions.searchOptions ?? {};
    if (
      postingsAsTyped(words, searchOptions, counts, TITLE_FIELDS, AUTOCOMPLETE_POSTING_BUDGET) <=
      AUTOCOMPLETE_POSTING_BUDGET
    ) {
      return this.titleIndex().search(query);
    }
    const last = words.length - 1;
    const costs = words.map(
      (term, i) =>
        counts.exact(term, TITLE_FIELDS) +
        (i === last
          ? counts.variants(
              { term, prefix: true, maxDistance: 0 },
              TITLE_FIELDS,
              AUTOCOMPLETE_POSTING_BUDGET,
            )
          : 0),
    );
    const cheapest = costs.indexOf(Math.min(...costs));
    const seed = words[cheapest];
    if (seed === undefined || (costs[cheapest] ?? Infinity) > AUTOCOMPLETE_POSTING_BUDGET)
      return [];
    const rest = words
      .map((term, i) => ({ term: foldName(term), typing: i === last }))
      .filter((_, i) => i !== cheapest);
    const folded = this.keys().byId;
    return this.titleIndex().search(
      { ...AS_PROCESSED, queries: [seed], prefix: cheapest === last, fuzzy: false },
      { filter: (r) => titleHasWords(folded.get(String(r.id)) ?? '', rest) },
    );
  }
}

const keyOf = (paper: Paper): TitleKey => ({
  key: foldName(paper.title),
  id: paper.id,
  title: paper.title,
});

/** The first place whose key is not before `key`. */
function lowerBound(keys: readonly TitleKey[], key: string): number {
  return partitionPoint(keys, (k) => k.key < key);
}

/** The first place whose key is after `key`. */
function upperBound(keys: readonly TitleKey[], key: string): number {
  return partitionPoint(keys, (k) => k.key <= key);
}

/**
 * Completed words must be words of the folded title, the one being typed must start one:
 * substring checks on a precomputed string, as they run once per candidate.
 */
function titleHasWords(
  foldedTitle: string,
  words: readonly { term: string; typing: boolean }[],
): boolean {
  const padded = ` ${foldedTitle} `;
  return words.every(({ term, typing }) => padded.includes(typing ? ` ${term}` : ` ${term} `));
}
