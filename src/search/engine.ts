import MiniSearch, { type SearchResult } from 'minisearch';
import { matchCategory } from '../corpus/categories.js';
import type { Category, Paper } from '../corpus/schema.js';
import { splitSentences } from '../corpus/sentences.js';
import { UserError } from '../errors.js';
import type { PaperIndexes } from './index.js';
import { authorIndexOptions, type AuthorEntry } from './options.js';
import { plainTermsOf } from './terms.js';
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

const SNIPPET_LENGTH = 220;
const BY_AUTHOR = /((?:\b(?:papers?|works?|publications?)\s+)?\bby\s+)([\p{L}.'’-]+(?:\s+[\p{L}.'’-]+){0,3})/iu;
const newestFirst = (a: Paper, b: Paper) => b.date.localeCompare(a.date);

/** The best-matching sentence of the abstract, so a result says why it matched. */
export function snippetFor(paper: Paper, query: string): string {
  const wanted = new Set(plainTermsOf(query));
  const sentences = splitSentences(paper.abstractText);
  let best = sentences[0] ?? '';
  let bestCount = 0;
  for (const sentence of sentences) {
    const count = plainTermsOf(sentence).filter((t) => wanted.has(t)).length;
    if (count > bestCount) [best, bestCount] = [sentence, count];
  }
  return best.length <= SNIPPET_LENGTH ? best : `${best.slice(0, SNIPPET_LENGTH - 1).trimEnd()}…`;
}

export class PaperSearch {
  readonly papers: readonly Paper[];
  private readonly byId: Map<string, Paper>;
  private readonly indexes: PaperIndexes;
  private authorIndexCache: MiniSearch<AuthorEntry> | undefined;

  constructor(papers: readonly Paper[], indexes: PaperIndexes) {
    this.papers = papers;
    this.byId = new Map(papers.map((p) => [p.id, p]));
    this.indexes = indexes;
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

  /** Ranked papers for a query and filters; an empty query lists the filtered papers, newest first. */
  search(request: SearchRequest): SearchHit[] {
    const { query, filters } = this.withAuthorFromQuery(normalizeQuery(request.query), request.filters ?? {});
    const limit = Math.max(1, request.limit ?? 10);
    const matches = this.filterFor(filters);
    if (query === '' && hasAnyFilter(filters)) {
      return this.papers
        .filter((p) => matches(p))
        .sort(newestFirst)
        .slice(0, limit)
        .map((paper) => ({ paper, score: 0, snippet: snippetFor(paper, '') }));
    }
    requireQuery(query);
    return this.rank(this.indexes.papers.search(query, { filter: (r) => this.passes(r, matches) }), query, limit);
  }

  /**
   * "papers by Sachin Mehta on language modeling" means an author filter plus a topic;
   * the phrase only becomes a filter when it names an author of this corpus.
   */
  private withAuthorFromQuery(query: string, filters: SearchFilters): { query: string; filters: SearchFilters } {
    if (filters.author !== undefined && filters.author.trim() !== '') return { query, filters };
    const match = BY_AUTHOR.exec(query);
    const words = match?.[2]?.trim().split(/\s+/) ?? [];
    const authors = this.authorNames();
    // The longest run of words after "by" that names an author: "by sachin mehta on x" → "sachin mehta".
    for (let n = words.length; match && n > 0; n -= 1) {
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
    const terms = [...new Set(plainTermsOf(`${paper.shortName ?? ''} ${paper.title} ${paper.abstractText}`))];
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
    if (ref === '') throw new UserError('empty-query', 'Which paper? Give an id or part of its title.');
    const lower = ref.toLowerCase();
    const exact =
      this.byId.get(lower) ??
      this.papers.find((p) => p.title.toLowerCase() === lower || p.shortName?.toLowerCase() === lower);
    if (exact) return exact;
    const candidates = this.indexes.titles.search(ref, { prefix: true, fuzzy: 0.2, combineWith: 'AND' });
    const [first, second] = candidates;
    if (first && (!second || first.score > second.score * 1.5)) {
      const paper = this.byId.get(String(first.id));
      if (paper) return paper;
    }
    const suggestions = (candidates.length > 0 ? candidates : this.indexes.titles.search(ref, { fuzzy: 0.3, prefix: true }))
      .slice(0, 5)
      .map((r) => `${String(r.title)} (${String(r.id)})`);
    throw new UserError('unknown-paper', `I could not find a paper matching "${ref}".`, suggestions);
  }

  /** Titles for as-you-type completion; an empty prefix offers the newest papers. */
  autocompleteTitles(prefix: string, limit = 25): { id: string; title: string }[] {
    const query = normalizeQuery(prefix);
    if (query === '') return [...this.papers].sort(newestFirst).slice(0, limit).map(({ id, title }) => ({ id, title }));
    return this.indexes.titles
      .search(query)
      .slice(0, limit)
      .map((r) => ({ id: String(r.id), title: String(r.title) }));
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
        byName.set(author, this.papers.filter((p) => p.authors.includes(author)));
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
    const hits: SearchHit[] = [];
    for (const result of results.slice(0, limit)) {
      const paper = this.byId.get(String(result.id));
      if (paper) hits.push({ paper, score: Math.round(result.score * 1000) / 1000, snippet: snippetFor(paper, query) });
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

/** Every word typed is a word of the name, or (from three letters) the start of one. */
function nameMatches(typed: string, author: string): boolean {
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
