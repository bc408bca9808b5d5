import { LRUCache } from 'lru-cache';
import MiniSearch, { type Query, type SearchOptions, type SearchResult } from 'minisearch';
import { matchCategory } from '../corpus/categories.js';
import type { Category, Paper } from '../corpus/schema.js';
import { UserError } from '../errors.js';
import type { PaperIndexes } from './index.js';
import {
  authorIndexOptions,
  paperIndexOptions,
  paperSearchDefaults,
  titleIndexOptions,
  type AuthorEntry,
} from './options.js';
import { plainTermsOf } from './terms.js';
import { corpusAcronyms, withCorpusAcronyms, type CorpusAcronym } from './acronyms.js';
import { snippetsFor } from './snippet.js';
import { foldName, normalizeQuery, requireQuery } from './text.js';

export interface SearchFilters {
  author?: string | undefined;
  yearFrom?: number | undefined;
  yearTo?: number | undefined;
  category?: string | undefined;
  hasCode?: boolean | undefined;
}

export interface SearchHit {
  paper: Paper;
  score: number;
  snippet: string;
}

export interface AuthorMatch {
  name: string;
  papers: Paper[];
}

export interface SearchRequest {
  query: string;
  limit?: number | undefined;
  filters?: SearchFilters | undefined;
}

const BY_AUTHOR =
  /((?:\b(?:papers?|works?|publications?)\s+)?\bby\s+)([\p{L}.'’-]+(?:\s+[\p{L}.'’-]+){0,3})/iu;
const newestFirst = (a: Paper, b: Paper) => b.date.localeCompare(a.date);

export class PaperSearch {
  readonly papers: readonly Paper[];
  private readonly byId: Map<string, Paper>;
  private readonly indexes: PaperIndexes;
  private authorIndexCache: MiniSearch<AuthorEntry> | undefined;
  private readonly acronyms: CorpusAcronym[];
  private readonly recent: LRUCache<string, SearchHit[]> | undefined;
  private titleKeysCache: { sorted: TitleKey[]; byId: Map<string, string> } | undefined;
  private readonly paperPostings: PostingCounter | undefined;
  private readonly titlePostings: PostingCounter | undefined;

  /** `resultCacheSize: 0` turns off the result cache (benchmarks measure the search itself). */
  constructor(
    papers: readonly Paper[],
    indexes: PaperIndexes,
    options: { resultCacheSize?: number } = {},
  ) {
    const cacheSize = options.resultCacheSize ?? 1_000;
    this.recent = cacheSize > 0 ? new LRUCache({ max: cacheSize }) : undefined;
    this.papers = papers;
    this.byId = new Map(papers.map((p) => [p.id, p]));
    this.acronyms = corpusAcronyms(papers);
    this.indexes = indexes;
    this.paperPostings = PostingCounter.of(indexes.papers);
    this.titlePostings = PostingCounter.of(indexes.titles);
  }

  get(id: string): Paper | undefined {
    return this.byId.get(id);
  }

  categories(): Category[] {
    const seen = new Map<string, Category>();
    for (const p of this.papers) seen.set(p.category.code, p.category);
    return [...seen.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  authorNames(): string[] {
    const names = new Set<string>();
    for (const p of this.papers) for (const a of p.authors) names.add(a);
    return [...names];
  }

  /**
   * Ranked papers for a query and filters, remembered: the papers never change while the
   * process runs, and the same searches recur (pages, shared links, a team's usual topics).
   */
  search(request: SearchRequest): SearchHit[] {
    if (!this.recent) return this.searchUncached(request);
    const key = JSON.stringify([
      normalizeQuery(request.query),
      request.filters ?? {},
      request.limit ?? 10,
    ]);
    let hits = this.recent.get(key);
    if (!hits) {
      hits = this.searchUncached(request);
      this.recent.set(key, hits);
    }
    return hits;
  }

  /** Ranked papers for a query and filters; an empty query lists the filtered papers, newest first. */
  private searchUncached(request: SearchRequest): SearchHit[] {
    const { query, filters } = this.withAuthorFromQuery(
      normalizeQuery(request.query),
      request.filters ?? {},
    );
    const limit = Math.max(1, request.limit ?? 10);
    const matches = this.filterFor(filters);
    if (query === '' && hasAnyFilter(filters)) {
      return this.papers
        .filter((p) => matches(p))
        .sort(newestFirst)
        .slice(0, limit)
        .map((paper) => ({ paper, score: 0, snippet: snippetsFor('')(paper) }));
    }
    requireQuery(query);
    const expanded = withCorpusAcronyms(query, this.acronyms);
    const planned = this.paperPostings ? planSearch(expanded, this.paperPostings) : expanded;
    // Without filters every result passes, and the check would cost a lookup per match.
    const filter = hasAnyFilter(filters) ? (r: SearchResult) => this.passes(r, matches) : undefined;
    return this.rank(this.indexes.papers.search(planned, { filter }), query, limit);
  }

  /**
   * "papers by Sachin Mehta on language modeling" means an author filter plus a topic;
   * the phrase only becomes a filter when it names an author of this corpus.
   */
  private withAuthorFromQuery(
    query: string,
    filters: SearchFilters,
  ): { query: string; filters: SearchFilters } {
    if (filters.author !== undefined && filters.author.trim() !== '') return { query, filters };
    const match = BY_AUTHOR.exec(query);
    if (!match) return { query, filters };
    const words = match[2]?.trim().split(/\s+/) ?? [];
    const authors = this.authorNames();
    // The longest run of words after "by" that names an author: "by sachin mehta on x" → "sachin mehta".
    for (let n = words.length; n > 0; n -= 1) {
      const name = words.slice(0, n).join(' ');
      if (authors.some((a) => nameMatches(name, a))) {
        // normalizeQuery left single spaces, so the phrase's length in the query is known.
        const end = match.index + (match[1] ?? '').length + name.length;
        const rest = normalizeQuery(`${query.slice(0, match.index)} ${query.slice(end)}`);
        return { query: rest, filters: { ...filters, author: name } };
      }
    }
    return { query, filters };
  }

  /** More-like-this: the paper's own title and abstract as an OR query, the paper left out. */
  similar(id: string, limit = 5): SearchHit[] {
    const paper = this.byId.get(id);
    if (!paper) throw new UserError('unknown-paper', `No paper has the id "${id}".`);
    const terms = [
      ...new Set(plainTermsOf(`${paper.shortName ?? ''} ${paper.title} ${paper.abstractText}`)),
    ];
    const results = this.indexes.papers.search(terms.join(' '), {
      prefix: false,
      fuzzy: false,
      filter: (r) => r.id !== id,
    });
    return this.rank(results, paper.title, limit);
  }

  /**
   * A paper named by id, exact title, short name, or the best title match; otherwise a
   * UserError carrying the closest titles.
   */
  resolvePaper(reference: string): Paper {
    const ref = normalizeQuery(reference);
    if (ref === '')
      throw new UserError('empty-query', 'Which paper? Give an id or part of its title.');
    const lower = ref.toLowerCase();
    const exact =
      this.byId.get(lower) ??
      this.papers.find(
        (p) => p.title.toLowerCase() === lower || p.shortName?.toLowerCase() === lower,
      );
    if (exact) return exact;
    const candidates = this.indexes.titles.search(ref, {
      prefix: true,
      fuzzy: 0.2,
      combineWith: 'AND',
    });
    const [first, second] = candidates;
    if (first && (!second || first.score > second.score * 1.5)) {
      const paper = this.byId.get(String(first.id));
      if (paper) return paper;
    }
    const suggestions = (
      candidates.length > 0
        ? candidates
        : this.indexes.titles.search(ref, { fuzzy: 0.3, prefix: true })
    )
      .slice(0, 5)
      .map((r) => `${String(r.title)} (${String(r.id)})`);
    throw new UserError(
      'unknown-paper',
      `I could not find a paper matching "${ref}".`,
      suggestions,
    );
  }

  /**
   * Titles for as-you-type completion: those starting with what is typed, then those with its
   * words anywhere; an empty prefix offers the newest papers.
   */
  autocompleteTitles(prefix: string, limit = 25): { id: string; title: string }[] {
    const query = normalizeQuery(prefix);
    if (query === '')
      return [...this.papers]
        .sort(newestFirst)
        .slice(0, limit)
        .map(({ id, title }) => ({ id, title }));
    const offered = this.titlesStartingWith(query, limit);
    const seen = new Set(offered.map((o) => o.id));
    for (const result of offered.length < limit ? this.titleWordMatches(query) : []) {
      if (offered.length >= limit) break;
      const id = String(result.id);
      if (!seen.has(id)) {
        seen.add(id);
        offered.push({ id, title: String(result.title) });
      }
    }
    return offered;
  }

  /** A binary search over the folded titles: microseconds whatever the corpus size. */
  private titlesStartingWith(query: string, limit: number): { id: string; title: string }[] {
    const typed = foldName(query);
    if (typed === '') return [];
    const keys = this.titleKeys().sorted;
    let low = 0;
    let high = keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((keys[middle]?.key ?? '') < typed) low = middle + 1;
      else high = middle;
    }
    const offered: { id: string; title: string }[] = [];
    for (const entry of keys.slice(low, low + limit)) {
      if (!entry.key.startsWith(typed)) break;
      offered.push({ id: entry.id, title: entry.title });
    }
    return offered;
  }

  /** Folded titles, sorted for prefix lookups and by id for word checks; built on first use. */
  private titleKeys(): { sorted: TitleKey[]; byId: Map<string, string> } {
    if (!this.titleKeysCache) {
      const keys = this.papers.map((p) => ({ key: foldName(p.title), id: p.id, title: p.title }));
      this.titleKeysCache = {
        sorted: [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
        byId: new Map(keys.map((k) => [k.id, k.key])),
      };
    }
    return this.titleKeysCache;
  }

  /**
   * The title index searched as typed when that fits the autocomplete budget. Otherwise (a
   * short or common word on a large corpus) the cheapest word alone finds candidates, the
   * completed words exactly and the one being typed as a prefix, and the title must hold
   * the other words.
   */
  private titleWordMatches(query: string): SearchResult[] {
    const titles = this.indexes.titles;
    const counter = this.titlePostings;
    const words = processedTerms(query, titleIndexOptions);
    if (!counter || words.length === 0) return titles.search(query);
    const searchOptions = titleIndexOptions.searchOptions ?? {};
    if (
      postingsAsTyped(words, searchOptions, counter, TITLE_FIELDS, AUTOCOMPLETE_POSTING_BUDGET) <=
      AUTOCOMPLETE_POSTING_BUDGET
    ) {
      return titles.search(query);
    }
    const last = words.length - 1;
    const costs = words.map(
      (term, i) =>
        counter.exact(term, TITLE_FIELDS) +
        (i === last
          ? counter.variants(
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
    const folded = this.titleKeys().byId;
    return titles.search(
      { ...AS_PROCESSED, queries: [seed], prefix: cheapest === last, fuzzy: false },
      { filter: (r) => titleHasWords(folded.get(String(r.id)) ?? '', rest) },
    );
  }

  /** Authors whose name matches every word typed (prefixes count), most published first. */
  findAuthors(name: string, limit = 10): AuthorMatch[] {
    const query = normalizeQuery(name);
    if (query === '') return [];
    const byName = new Map<string, Paper[]>();
    for (const paper of this.papers) {
      for (const author of paper.authors) {
        if (nameMatches(query, author)) byName.set(author, [...(byName.get(author) ?? []), paper]);
      }
    }
    if (byName.size === 0) {
      for (const result of this.authorIndex().search(query).slice(0, limit)) {
        const author = String(result.name);
        byName.set(
          author,
          this.papers.filter((p) => p.authors.includes(author)),
        );
      }
    }
    return [...byName.entries()]
      .map(([author, papers]) => ({ name: author, papers: [...papers].sort(newestFirst) }))
      .sort((a, b) => b.papers.length - a.papers.length || a.name.localeCompare(b.name))
      .slice(0, limit);
  }

  authorSuggestions(prefix: string, limit = 25): string[] {
    const query = normalizeQuery(prefix);
    if (query === '') {
      return this.findAuthorsByCount(limit);
    }
    return this.authorIndex()
      .search(query)
      .slice(0, limit)
      .map((r) => String(r.name));
  }

  private findAuthorsByCount(limit: number): string[] {
    const counts = new Map<string, number>();
    for (const p of this.papers) for (const a of p.authors) counts.set(a, (counts.get(a) ?? 0) + 1);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([name]) => name);
  }

  private authorIndex(): MiniSearch<AuthorEntry> {
    if (!this.authorIndexCache) {
      const index = new MiniSearch<AuthorEntry>(authorIndexOptions);
      index.addAll(this.authorNames().map((name, i) => ({ id: String(i), name })));
      this.authorIndexCache = index;
    }
    return this.authorIndexCache;
  }

  private rank(results: SearchResult[], query: string, limit: number): SearchHit[] {
    const snippet = snippetsFor(query);
    const hits: SearchHit[] = [];
    for (const result of results.slice(0, limit)) {
      const paper = this.byId.get(String(result.id));
      if (paper)
        hits.push({
          paper,
          score: Math.round(result.score * 1000) / 1000,
          snippet: snippet(paper),
        });
    }
    return hits;
  }

  private passes(result: SearchResult, matches: (paper: Paper) => boolean): boolean {
    const paper = this.byId.get(String(result.id));
    return paper !== undefined && matches(paper);
  }

  /** Turns filters into a predicate, failing early (with suggestions) on an unknown author or category. */
  filterFor(filters: SearchFilters): (paper: Paper) => boolean {
    const checks: ((paper: Paper) => boolean)[] = [];
    if (filters.author !== undefined && normalizeQuery(filters.author) !== '') {
      const authors = new Set(this.findAuthorsStrict(filters.author));
      checks.push((p) => p.authors.some((a) => authors.has(a)));
    }
    if (filters.category !== undefined && filters.category.trim() !== '') {
      const category = matchCategory(filters.category, this.categories());
      if (!category) {
        throw new UserError(
          'unknown-category',
          `No papers are in the category "${filters.category}".`,
          this.categories().map((c) => `${c.code} (${c.name})`),
        );
      }
      checks.push((p) => p.category.code === category.code);
    }
    const { yearFrom, yearTo, hasCode } = filters;
    if (yearFrom !== undefined) checks.push((p) => p.year >= yearFrom);
    if (yearTo !== undefined) checks.push((p) => p.year <= yearTo);
    if (hasCode === true) checks.push((p) => p.hasCode);
    return (paper) => checks.every((check) => check(paper));
  }

  private findAuthorsStrict(name: string): string[] {
    const exact = this.authorNames().filter((author) => nameMatches(name, author));
    if (exact.length > 0) return exact;
    throw new UserError(
      'unknown-author',
      `No author in this corpus is called "${normalizeQuery(name)}".`,
      this.authorIndex()
        .search(normalizeQuery(name), { fuzzy: 0.35 })
        .slice(0, 5)
        .map((r) => String(r.name)),
    );
  }
}

interface TitleKey {
  key: string;
  id: string;
  title: string;
}

/**
 * Postings one request may score. MiniSearch scores every posting of every query term and
 * of its prefix and fuzzy variants, 1–2 µs each with the result objects it builds and sorts,
 * so 10k keeps a search near 20 ms (bench/search.ts). No query on the 50-paper corpus comes
 * near it; one of common words on 100k abstracts holds over a million.
 */
const SEARCH_POSTING_BUDGET = 10_000;
/** As-you-type answers must take a few milliseconds. */
const AUTOCOMPLETE_POSTING_BUDGET = 1_000;
const ALL_FIELDS: readonly string[] = paperIndexOptions.fields;
/** Where a paper is named: short posting lists, and the matches that rank highest. */
const NAMING_FIELDS: readonly string[] = ['title', 'shortName', 'authors'];
const TITLE_FIELDS: readonly string[] = titleIndexOptions.fields;
/** For planned sub-queries, whose terms were processed (stemmed, expanded) already. */
const AS_PROCESSED = { tokenize: (term: string) => [term], processTerm: (term: string) => term };

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/** The terms MiniSearch looks up for a query: its tokenizer, then the index's processTerm. */
function processedTerms(
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

interface TermSpec {
  term: string;
  prefix: boolean;
  maxDistance: number;
}

/** Which variants MiniSearch will score for a term, by its own rules (termToQuerySpec, executeQuerySpec). */
function specOf(term: string, i: number, terms: string[], options: SearchOptions): TermSpec {
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
function postingsAsTyped(
  terms: string[],
  options: SearchOptions,
  counter: PostingCounter,
  fields: readonly string[],
  budget: number,
): number {
  let total = 0;
  for (const [i, term] of terms.entries()) {
    total +=
      counter.exact(term, fields) +
      counter.variants(specOf(term, i, terms, options), fields, budget - total);
    if (total > budget) break;
  }
  return total;
}

/**
 * The query as typed when its postings fit the budget, as on any small corpus. Otherwise its
 * terms rarest first, each given what the budget still allows: all fields, else only the
 * naming fields, else nothing; prefix and fuzzy variants last. Common words weigh little in
 * BM25 yet hold most postings, so they are the ones narrowed or dropped; the rarest term is
 * always kept, so a query never comes back empty just for being common.
 */
function planSearch(query: string, counter: PostingCounter): Query {
  const terms = processedTerms(query, paperIndexOptions);
  if (
    postingsAsTyped(terms, paperSearchDefaults, counter, ALL_FIELDS, SEARCH_POSTING_BUDGET) <=
    SEARCH_POSTING_BUDGET
  )
    return query;
  const specs = new Map(
    terms.map((term, i) => [term, specOf(term, i, terms, paperSearchDefaults)]),
  );
  const byRarity = [...specs.values()]
    .map((spec) => ({
      spec,
      all: counter.exact(spec.term, ALL_FIELDS),
      naming: counter.exact(spec.term, NAMING_FIELDS),
    }))
    .sort((a, b) => a.all - b.all);
  let left = SEARCH_POSTING_BUDGET;
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
    const variants = variantFields(spec, fields, counter, left);
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
  counter: PostingCounter,
  left: number,
): { fields: readonly string[]; cost: number } | undefined {
  if (!spec.prefix && spec.maxDistance === 0) return undefined;
  for (const fields of exactIn === ALL_FIELDS ? [ALL_FIELDS, NAMING_FIELDS] : [NAMING_FIELDS]) {
    const cost = counter.variants(spec, fields, left);
    if (cost <= left) return { fields, cost };
  }
  return undefined;
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

/** fieldId → short document id → term frequency: MiniSearch's postings of one term. */
type FieldPostings = Map<number, Map<number, number>>;

interface PostingTree {
  get(term: string): FieldPostings | undefined;
  atPrefix(prefix: string): Iterable<[string, FieldPostings]>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [FieldPostings, number]>;
}

/**
 * Counts postings, the work a term costs a search. MiniSearch does not expose document
 * frequencies, so this reads its private index; if an upgrade moves those internals, `of`
 * returns undefined and searches run as typed, unplanned.
 */
class PostingCounter {
  private constructor(
    private readonly tree: PostingTree,
    private readonly fieldIds: Readonly<Record<string, number>>,
  ) {}

  static of<T>(index: MiniSearch<T>): PostingCounter | undefined {
    const internals = index as unknown as {
      _index?: Partial<PostingTree>;
      _fieldIds?: Record<string, number>;
    };
    const tree = internals._index;
    const usable =
      typeof tree?.get === 'function' &&
      typeof tree.atPrefix === 'function' &&
      typeof tree.fuzzyGet === 'function';
    return usable && internals._fieldIds
      ? new PostingCounter(tree as PostingTree, internals._fieldIds)
      : undefined;
  }

  exact(term: string, fields: readonly string[]): number {
    return this.inFields(this.tree.get(term), fields);
  }

  /** Postings of the term's prefix and fuzzy variants (not the term itself), counted until past `cap`. */
  variants(spec: TermSpec, fields: readonly string[], cap: number): number {
    let total = 0;
    const counted = new Set([spec.term]);
    const count = (term: string, postings: FieldPostings) => {
      if (!counted.has(term)) {
        counted.add(term);
        total += this.inFields(postings, fields);
      }
      return total > cap;
    };
    if (spec.prefix)
      for (const [term, postings] of this.tree.atPrefix(spec.term))
        if (count(term, postings)) return total;
    if (spec.maxDistance > 0)
      for (const [term, [postings]] of this.tree.fuzzyGet(spec.term, spec.maxDistance))
        if (count(term, postings)) return total;
    return total;
  }

  private inFields(postings: FieldPostings | undefined, fields: readonly string[]): number {
    let total = 0;
    for (const field of fields) total += postings?.get(this.fieldIds[field] ?? -1)?.size ?? 0;
    return total;
  }
}

/** Every word typed is a word of the name, or (from three letters) the start of one. */
export function nameMatches(typed: string, author: string): boolean {
  const tokens = foldName(author).split(' ');
  return foldName(typed)
    .split(' ')
    .every((w) => tokens.some((t) => t === w || (w.length >= 3 && t.startsWith(w))));
}

function hasAnyFilter(filters: SearchFilters): boolean {
  return (
    (filters.author ?? '').trim() !== '' ||
    (filters.category ?? '').trim() !== '' ||
    filters.yearFrom !== undefined ||
    filters.yearTo !== undefined ||
    filters.hasCode === true
  );
}
