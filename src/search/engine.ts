import { LRUCache } from 'lru-cache';
import { keyOf, nameLexicon } from './names.js';
import { isArxivCategory, matchCategory } from '../corpus/categories.js';
import type { Category, Paper } from '../corpus/schema.js';
import { UserError } from '../errors.js';
import { acronymOf, acronymsSpelledOut, type CorpusAcronym } from './acronyms.js';
import { AuthorDirectory, type AuthorMatch } from './authors.js';
import { updateIndexes, type PaperIndexes } from './index.js';
import { planSearch, SEARCH_POSTING_BUDGET, type Plan } from './planner.js';
import { COMPLETED_RESULTS, LeftOutTerms, type LeftOut } from './rescore.js';
import { PostingScorer, type Ranking, type Scored } from './scorer.js';
import { snippetsFor } from './snippet.js';
import { asMeant, withWrittenForms, writtenForms } from './surface.js';
import { isStopWord, plainTermsOf } from './terms.js';
import { clampTyped, MAX_QUERY_LENGTH, normalizeQuery, requireQuery } from './text.js';
import { TitleCompleter, type TitleChoice } from './titles.js';

export { nameMatches } from './authors.js';

export interface SearchFilters {
  author?: string | undefined;
  /** A second author the papers must have: the query's "papers by …" beside an author filter. */
  alsoBy?: string | undefined;
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

interface SearchRequest {
  query: string;
  limit?: number | undefined;
  filters?: SearchFilters | undefined;
}

/** The hits asked for, how many papers passed the relevance floor, and how many matched only below it. */
interface SearchResults {
  hits: SearchHit[];
  total: number;
  belowFloor: number;
  /** The author a "papers by …" phrase named: a filter when the corpus has such an author. */
  byAuthor?: AuthorPhrase | undefined;
}

/** "papers by Hadi Rozitor on …": known, the search kept that author's papers; else the closest names. */
export type AuthorPhrase =
  { name: string; known: true } | { name: string; known: false; closest: string[] };

/** Something to tell once, when planning is unavailable; the app passes its logger. */
interface SearchLog {
  warn(details: object, message: string): void;
}

/**
 * Results scoring under this share of the best one are left out: a paper that matched only
 * an expansion ("key", "value" for "KV") or a loose variant of the words is noise beside
 * those that hold the words themselves, and a long tail of it hides nothing worth reading.
 */
const RELEVANCE_FLOOR = 0.1;

/**
 * When the filters leave few papers, a posting of any other paper is skipped unscored, a
 * fraction of a scored one's cost, so the search can read more of them: the common words of
 * "papers by X on Y" are searched, not left out, on a library of any size.
 */
const FEW_PASSING_BUDGET_FACTOR = 10;

const BY_AUTHOR =
  /((?:\b(?:papers?|works?|publications?)\s+)?\bby\s+)([\p{L}.'’-]+(?:\s+[\p{L}.'’-]+){0,3})/iu;
/** "<name>'s papers": the words before the apostrophe, and the phrase up to "papers". */
const POSSESSIVE_AUTHOR = /([\p{L}.'’ -]+?)['’]s\s+(?:papers?|works?|publications?)\b/iu;
/** ISO dates order as strings; `localeCompare` took seconds to sort 100k papers. */
const newestFirst = (a: Paper, b: Paper) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);

/** Papers to put in the search (new ones, or new versions of those there) and ids to drop. */
interface PaperChanges {
  put: readonly Paper[];
  removed: readonly string[];
}

export class PaperSearch {
  /** In library order; a new array after every change, so caches keyed by it start over. */
  private list: readonly Paper[] | undefined;
  private newest: readonly Paper[] | undefined;
  private categoryList: readonly Category[] | undefined;
  private readonly passingByFilters = new LRUCache<string, ReadonlySet<string>>({ max: 64 });
  private readonly byId: Map<string, Paper>;
  private readonly indexes: PaperIndexes;
  private readonly authors: AuthorDirectory;
  private readonly titles: TitleCompleter;
  private readonly acronymsById = new Map<string, CorpusAcronym>();
  private acronymList: CorpusAcronym[] | undefined;
  private readonly recent: LRUCache<string, SearchResults> | undefined;
  private readonly leftOut: LeftOutTerms | undefined;
  private readonly scorer: PostingScorer | undefined;

  private readonly postingBudget: number;

  /**
   * `resultCacheSize: 0` turns off the result cache (benchmarks measure the search itself);
   * `postingBudget` is the planner's (planner.ts), which specs vary.
   */
  constructor(
    papers: readonly Paper[],
    indexes: PaperIndexes,
    options: { resultCacheSize?: number; log?: SearchLog; postingBudget?: number } = {},
  ) {
    this.postingBudget = options.postingBudget ?? SEARCH_POSTING_BUDGET;
    const cacheSize = options.resultCacheSize ?? 1_000;
    this.recent = cacheSize > 0 ? new LRUCache({ max: cacheSize }) : undefined;
    this.list = papers;
    this.byId = new Map(papers.map((p) => [p.id, p]));
    for (const paper of papers) this.noteAcronym(paper);
    this.indexes = indexes;
    this.authors = new AuthorDirectory(papers);
    this.titles = new TitleCompleter(
      () => this.papers,
      () => indexes.titles,
      indexes.titlePostings,
    );
    this.leftOut = indexes.paperPostings && new LeftOutTerms(this.byId, indexes.paperPostings);
    this.scorer = PostingScorer.of(indexes.papers);
    if (!indexes.paperPostings)
      options.log?.warn(
        { minisearch: 'toJSON layout not recognised' },
        'search planning unavailable: large corpora will search slowly',
      );
  }

  get papers(): readonly Paper[] {
    this.list ??= [...this.byId.values()];
    return this.list;
  }

  /** The papers newest first, for listing what filters pass. */
  private get newestFirst(): readonly Paper[] {
    this.newest ??= [...this.papers].sort(newestFirst);
    return this.newest;
  }

  /**
   * The library changed: each paper added, updated or removed costs that paper's indexing
   * (not a rebuild), and leaves the search as one built from the new papers would be.
   */
  apply(changes: PaperChanges): void {
    for (const id of changes.removed) {
      const paper = this.byId.get(id);
      if (paper === undefined) continue;
      updateIndexes(this.indexes, paper, undefined);
      this.authors.remove(paper);
      this.titles.remove(paper);
      this.leftOut?.count(paper, -1);
      this.acronymsById.delete(id);
      this.byId.delete(id);
    }
    for (const paper of changes.put) {
      const before = this.byId.get(paper.id);
      updateIndexes(this.indexes, before, paper);
      if (before) {
        this.authors.replace(before, paper);
        this.titles.remove(before);
        this.leftOut?.count(before, -1);
      } else {
        this.authors.add(paper);
      }
      this.byId.set(paper.id, paper);
      this.titles.add(paper);
      this.leftOut?.count(paper, 1);
      this.noteAcronym(paper);
    }
    this.list = undefined;
    this.newest = undefined;
    this.categoryList = undefined;
    this.passingByFilters.clear();
    this.acronymList = undefined;
    this.recent?.clear();
  }

  private noteAcronym(paper: Paper): void {
    const acronym = acronymOf(paper);
    if (acronym) this.acronymsById.set(paper.id, acronym);
    else this.acronymsById.delete(paper.id);
  }

  private get acronyms(): CorpusAcronym[] {
    this.acronymList ??= [...this.acronymsById.values()];
    return this.acronymList;
  }

  get(id: string): Paper | undefined {
    return this.byId.get(id);
  }

  categories(): Category[] {
    if (!this.categoryList) {
      const seen = new Map<string, Category>();
      for (const p of this.papers) seen.set(p.category.code, p.category);
      this.categoryList = [...seen.values()].sort((a, b) => a.code.localeCompare(b.code));
    }
    return [...this.categoryList];
  }

  /** Ranked papers above the relevance floor; an empty query lists the filtered papers, newest first. */
  search(request: SearchRequest): SearchHit[] {
    return this.find(request).hits;
  }

  /**
   * Ranked papers with their counts, remembered until the library changes: the same
   * searches recur (pages, shared links, a team's usual topics).
   */
  find(request: SearchRequest): SearchResults {
    const query = normalizeQuery(request.query);
    // Refused before anything else reads it, so a huge query costs no more than a short one.
    if (query.length > MAX_QUERY_LENGTH) requireQuery(query);
    if (!this.recent) return this.findUncached(query, request);
    const key = JSON.stringify([query, request.filters ?? {}, request.limit ?? 10]);
    let results = this.recent.get(key);
    if (!results) {
      results = this.findUncached(query, request);
      this.recent.set(key, results);
    }
    return results;
  }

  private findUncached(normalized: string, request: SearchRequest): SearchResults {
    const { query, filters, byAuthor } = this.withAuthorFromQuery(
      normalized,
      request.filters ?? {},
    );
    const matches = this.filterFor(filters);
    const results = this.withPaperNamedById(
      query,
      this.resultsFor(query, filters, matches, request),
      matches,
      Math.max(1, request.limit ?? 10),
    );
    return { ...results, ...(byAuthor ? { byAuthor } : {}) };
  }

  /**
   * A query that is a paper's id (every result shows one) finds that paper first, as its title
   * would; the id's words ("syn-00011") match nothing in the index.
   */
  private withPaperNamedById(
    query: string,
    results: SearchResults,
    matches: (paper: Paper) => boolean,
    limit: number,
  ): SearchResults {
    const paper = this.byId.get(query.toLowerCase());
    if (!paper || results.hits[0]?.paper === paper || !matches(paper)) return results;
    const others = results.hits.filter((hit) => hit.paper !== paper);
    const named = { paper, score: results.hits[0]?.score ?? 1, snippet: snippetsFor('')(paper) };
    const counted = others.length < results.hits.length ? 0 : 1;
    return {
      ...results,
      hits: [named, ...others].slice(0, limit),
      total: results.total + counted,
    };
  }

  private resultsFor(
    query: string,
    filters: SearchFilters,
    matches: (paper: Paper) => boolean,
    request: SearchRequest,
  ): SearchResults {
    const limit = Math.max(1, request.limit ?? 10);
    const passing = this.passingOf(filters, matches);
    if (query === '' && passing) {
      const listed: Paper[] = [];
      for (const paper of this.newestFirst) {
        if (listed.length === limit) break;
        if (passing.has(paper.id)) listed.push(paper);
      }
      const snippet = snippetsFor('');
      return {
        hits: listed.map((paper) => ({ paper, score: 0, snippet: snippet(paper) })),
        total: passing.size,
        belowFloor: 0,
      };
    }
    requireQuery(query);
    const added = acronymsSpelledOut(query, this.acronyms);
    const postings = this.indexes.paperPostings;
    const few = passing && passing.size <= COMPLETED_RESULTS ? passing : undefined;
    const budget = few ? this.postingBudget * FEW_PASSING_BUDGET_FACTOR : this.postingBudget;
    const plan = postings ? planSearch(query, postings, { added, budget }) : undefined;
    const ranking = this.ranking(plan ?? [query, ...added].join(' '), {
      depth: Math.max(limit, COMPLETED_RESULTS),
      only: passing,
    });
    const completed =
      plan && this.leftOut
        ? this.leftOut.complete(this.withCandidates(ranking.best, plan.leftOut, few), plan.leftOut)
        : ranking.best;
    const floor = (completed[0]?.score ?? 0) * RELEVANCE_FLOOR;
    const relevantBest = countWhile(completed, (r) => r.score >= floor);
    const relevant =
      relevantBest + (relevantBest === completed.length ? ranking.beyondAtLeast(floor) : 0);
    // Written forms reorder the relevant results; they bring none above the floor or below it.
    const relevantResults = completed.slice(0, relevantBest);
    const paperOf = (id: string) => this.byId.get(id);
    const written = plan ? asMeant(query, plan.corrections, relevantResults, paperOf) : query;
    const results = [
      ...withWrittenForms(relevantResults, writtenForms(written), paperOf),
      ...completed.slice(relevantBest),
    ];
    // Rescoring may have given candidates the search did not match their first score.
    const matched = ranking.matched + completed.length - ranking.best.length;
    return {
      hits: this.rank(results.slice(0, Math.min(limit, relevant)), query),
      total: relevant,
      belowFloor: matched - relevant,
    };
  }

  /** The planned search by the fast scorer when the index is readable, else by MiniSearch. */
  private ranking(
    plan: Plan | string,
    options: { depth: number; only: ReadonlySet<string> | undefined },
  ): Ranking {
    if (typeof plan !== 'string' && this.scorer) return this.scorer.rank(plan.terms, options);
    const { only } = options;
    const found = this.indexes.papers.search(typeof plan === 'string' ? plan : plan.query, {
      // MiniSearch skips a posting whose document boost is 0 before scoring it.
      boostDocument: only && ((id: unknown) => (only.has(String(id)) ? 1 : 0)),
    });
    const best = found.map((r) => ({ id: String(r.id), score: r.score, queryTerms: r.queryTerms }));
    return { best, matched: best.length, beyondAtLeast: () => 0 };
  }

  /**
   * A filter that leaves few papers ("papers by Sachin Mehta on …") lets every one of them
   * be scored on the words the planner left out, not only those the planned search found: a
   * paper holding the query's common words only in its abstract is found at any corpus size.
   */
  private withCandidates(
    found: Scored[],
    leftOut: readonly LeftOut[],
    few: ReadonlySet<string> | undefined,
  ): Scored[] {
    if (leftOut.length === 0 || !few) return found;
    const seen = new Set(found.map((r) => r.id));
    const unscored = [...few]
      .filter((id) => !seen.has(id))
      .map((id) => ({ id, score: 0, queryTerms: [] }));
    return unscored.length === 0 ? found : [...found, ...unscored];
  }

  /**
   * The ids of the papers the filters pass; undefined without filters. Read from the papers
   * once per filter until the library changes: checking each match against the filters
   * instead cost a 100k-paper search 80 ms, as the same filters recur from query to query.
   */
  private passingOf(
    filters: SearchFilters,
    matches: (paper: Paper) => boolean,
  ): ReadonlySet<string> | undefined {
    if (!hasAnyFilter(filters)) return undefined;
    const key = JSON.stringify(filters);
    let passing = this.passingByFilters.get(key);
    if (!passing) {
      passing = new Set(
        this.candidatesFor(filters)
          .filter(matches)
          .map((paper) => paper.id),
      );
      this.passingByFilters.set(key, passing);
    }
    return passing;
  }

  /** The papers a filter can pass: an author's own when one is named, else all of them. */
  private candidatesFor(filters: SearchFilters): readonly Paper[] {
    if (filters.author === undefined || normalizeQuery(filters.author) === '') return this.papers;
    const seen = new Set<Paper>();
    for (const name of this.authors.matching(filters.author))
      for (const paper of this.authors.papersOf(name)) seen.add(paper);
    return [...seen];
  }

  /**
   * "papers by Sachin Mehta on language modeling" means an author filter plus a topic;
   * the phrase only becomes a filter when it names an author of this corpus. "Papers by
   * someone" who is not one is searched as words, and said so ("improve detectors by pruning"
   * is no author at all, so only the explicit "papers|works|publications by" is).
   */
  private withAuthorFromQuery(
    query: string,
    filters: SearchFilters,
  ): { query: string; filters: SearchFilters; byAuthor?: AuthorPhrase } {
    if (filters.author === undefined || filters.author.trim() === '')
      return this.authorPhraseIn(query, filters);
    // Both an author filter and "papers by …": papers by both, rather than one silently.
    const phrase = this.authorPhraseIn(query, { ...filters, author: undefined });
    if (!phrase.byAuthor?.known) return { query, filters };
    return {
      query: phrase.query,
      filters: { ...filters, alsoBy: phrase.byAuthor.name },
      byAuthor: phrase.byAuthor,
    };
  }

  private authorPhraseIn(
    query: string,
    filters: SearchFilters,
  ): { query: string; filters: SearchFilters; byAuthor?: AuthorPhrase } {
    const possessive = this.possessiveAuthor(query, filters);
    if (possessive) return possessive;
    const match = BY_AUTHOR.exec(query);
    if (!match) return { query, filters };
    const words = match[2]?.trim().split(/\s+/) ?? [];
    // The longest run of words after "by" that names an author: "by sachin mehta on x" → "sachin mehta".
    for (let n = words.length; n > 0; n -= 1) {
      const name = words.slice(0, n).join(' ');
      if (
        this.authors.matching(name).length > 0 &&
        !(n === 1 && this.misspeltFullName(name, words[1]))
      ) {
        // normalizeQuery left single spaces, so the phrase's length in the query is known.
        const end = match.index + (match[1] ?? '').length + name.length;
        const rest = normalizeQuery(`${query.slice(0, match.index)} ${query.slice(end)}`);
        return {
          query: rest,
          filters: { ...filters, author: name },
          byAuthor: { name, known: true },
        };
      }
    }
    if (!/^(?:papers?|works?|publications?)\s/iu.test(match[1] ?? '')) return { query, filters };
    // The name ends at the first stop word: "papers by hadi rozitor on x" → "hadi rozitor".
    const stop = words.findIndex((word) => isStopWord(word));
    const name = words.slice(0, stop < 0 ? 3 : Math.min(stop, 3)).join(' ');
    if (name === '') return { query, filters };
    return {
      query,
      filters,
      byAuthor: { name, known: false, closest: this.authors.closest(name, 3, 0.35) },
    };
  }

  /**
   * "papers by Sachin Mheta": "Sachin" names authors, but the next word makes a name close to
   * one of them, so the phrase is that name misspelt, not a first name and a topic.
   */
  private misspeltFullName(first: string, next: string | undefined): boolean {
    if (next === undefined || isStopWord(next)) return false;
    return this.authors.closest(`${first} ${next}`, 1, 0.35).length > 0;
  }

  /**
   * "Sachin Mehta's papers on segmentation": the longest run of words before the "'s" that
   * names an author of this corpus ("what are sachin mehta's papers" → "sachin mehta").
   */
  private possessiveAuthor(
    query: string,
    filters: SearchFilters,
  ): { query: string; filters: SearchFilters; byAuthor: AuthorPhrase } | undefined {
    const match = POSSESSIVE_AUTHOR.exec(query);
    if (!match) return undefined;
    const words = match[1]?.trim().split(' ') ?? [];
    const after = query.slice(match.index + match[0].length);
    for (let n = Math.min(words.length, 4); n > 0; n -= 1) {
      const name = words.slice(-n).join(' ');
      if (this.authors.matching(name).length === 0) continue;
      // "Sachn Mehta's papers": "Mehta" names authors, but with the word before it, a name
      // close to one of them: that name misspelt.
      const before = words.at(-2);
      if (n === 1 && before !== undefined && this.misspeltFullName(before, name)) break;
      const start = match.index + (match[1] ?? '').trimEnd().length - name.length;
      return {
        query: normalizeQuery(`${query.slice(0, start)} ${after}`),
        filters: { ...filters, author: name },
        byAuthor: { name, known: true },
      };
    }
    // No author is called so: the name's words are searched, without the "'s papers".
    const name = words
      .filter((word) => !isStopWord(word))
      .slice(-2)
      .join(' ');
    if (name === '') return undefined;
    return {
      query: normalizeQuery(`${query.slice(0, match.index)} ${match[1] ?? ''} ${after}`),
      filters,
      byAuthor: { name, known: false, closest: this.authors.closest(name, 3, 0.35) },
    };
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
    return this.rank(results.slice(0, limit), paper.title);
  }

  /**
   * A paper named by id, exact title, short name, the name it alone introduces, or the best
   * title match; otherwise a UserError carrying the closest titles.
   */
  resolvePaper(reference: string): Paper {
    const ref = normalizeQuery(clampTyped(reference));
    if (ref === '')
      throw new UserError('empty-query', 'Which paper? Give an id or part of its title.');
    const lower = ref.toLowerCase();
    const exact =
      this.byId.get(lower) ??
      this.papers.find(
        (p) => p.title.toLowerCase() === lower || p.shortName?.toLowerCase() === lower,
      );
    if (exact) return exact;
    // "MobileViTv2" is the name its paper introduces, not a misspelt title word "MobileViT".
    const [owner, ...others] = nameLexicon(this.papers).things.get(keyOf(ref))?.owners ?? [];
    if (owner && others.length === 0) return owner;
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
        ? candidates.map((r) => ({ id: String(r.id), title: String(r.title) }))
        : this.titles.closest(ref, 5)
    )
      .slice(0, 5)
      .map((r) => `${r.title} (${r.id})`);
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
  autocompleteTitles(prefix: string, limit = 25): TitleChoice[] {
    return this.titles.complete(prefix, limit);
  }

  authorNames(): string[] {
    return this.authors.all();
  }

  /** Authors whose name matches every word typed (prefixes count), most published first. */
  findAuthors(name: string, limit = 10): AuthorMatch[] {
    return this.authors.find(name, limit);
  }

  authorSuggestions(prefix: string, limit = 25): string[] {
    return this.authors.suggestions(prefix, limit);
  }

  private rank(results: readonly Scored[], query: string): SearchHit[] {
    const snippet = snippetsFor(query);
    const hits: SearchHit[] = [];
    for (const result of results) {
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

  /** Turns filters into a predicate, failing early (with suggestions) on an unknown author or category. */
  filterFor(filters: SearchFilters): (paper: Paper) => boolean {
    const checks: ((paper: Paper) => boolean)[] = [];
    for (const name of [filters.author, filters.alsoBy])
      if (name !== undefined && normalizeQuery(name) !== '') {
        const authors = new Set(this.authorsNamed(name));
        checks.push((p) => p.authors.some((a) => authors.has(a)));
      }
    if (filters.category !== undefined && filters.category.trim() !== '') {
      const category = matchCategory(filters.category, this.categories());
      // A category of arXiv's that no paper here is in: no papers, not a mistyped category.
      if (!category && isArxivCategory(filters.category)) checks.push(() => false);
      else if (!category) {
        throw new UserError(
          'unknown-category',
          `No category of these papers is called "${filters.category}".`,
          this.categories().map((c) => `${c.code} (${c.name})`),
        );
      } else checks.push((p) => p.category.code === category.code);
    }
    const { yearFrom, yearTo, hasCode } = filters;
    if (yearFrom !== undefined) checks.push((p) => p.year >= yearFrom);
    if (yearTo !== undefined) checks.push((p) => p.year <= yearTo);
    if (hasCode === true) checks.push((p) => p.hasCode);
    return (paper) => checks.every((check) => check(paper));
  }

  private authorsNamed(name: string): string[] {
    const exact = this.authors.matching(name);
    if (exact.length > 0) return exact;
    throw new UserError(
      'unknown-author',
      `No author in this corpus is called "${normalizeQuery(clampTyped(name))}".`,
      this.authors.closest(normalizeQuery(name), 5, 0.35),
    );
  }
}

/** How many leading items pass: results come sorted by score. */
function countWhile<T>(items: readonly T[], passes: (item: T) => boolean): number {
  let n = 0;
  while (n < items.length && passes(items[n] as T)) n += 1;
  return n;
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
