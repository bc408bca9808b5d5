import MiniSearch from 'minisearch';
import type { Paper } from '../corpus/schema.js';
import { closestNames } from '../did-you-mean.js';
import { authorIndexOptions, type AuthorEntry } from './options.js';
import { clampTyped, foldName, normalizeQuery } from './text.js';

/**
 * Every author of the corpus, indexed once by the folded words of their name, so that
 * author phrases ("papers by Sachin Mehta on …"), author filters and author completion
 * look up the words typed instead of scanning every name on every query.
 */

export interface AuthorMatch {
  name: string;
  papers: Paper[];
}

/** A typed word matches a name word it equals, or (from this many letters) one it starts. */
const MIN_PREFIX = 3;
const newestFirst = (a: Paper, b: Paper) => b.date.localeCompare(a.date);

function foldedWords(text: string): string[] {
  return foldName(text)
    .split(' ')
    .filter((w) => w !== '');
}

/** Every word typed is a word of the name, or (from three letters) the start of one. */
export function nameMatches(typed: string, author: string): boolean {
  const tokens = foldedWords(author);
  const words = foldedWords(typed);
  return (
    words.length > 0 &&
    words.every((w) => tokens.some((t) => t === w || (w.length >= MIN_PREFIX && t.startsWith(w))))
  );
}

export class AuthorDirectory {
  private readonly names: string[] = [];
  private readonly idByName = new Map<string, number>();
  private readonly papersByAuthor: Paper[][] = [];
  private readonly authorsByWord = new Map<string, number[]>();
  /** The distinct name words, sorted: a prefix is a contiguous run, found by binary search. */
  private readonly words: string[];
  private byCountCache: number[] | undefined;
  private fuzzyIndexCache: MiniSearch<AuthorEntry> | undefined;

  constructor(papers: readonly Paper[]) {
    for (const paper of papers) {
      for (const name of paper.authors) {
        let id = this.idByName.get(name);
        if (id === undefined) {
          id = this.names.length;
          this.idByName.set(name, id);
          this.names.push(name);
          this.papersByAuthor.push([]);
          for (const word of new Set(foldedWords(name))) {
            const authors = this.authorsByWord.get(word);
            if (authors) authors.push(id);
            else this.authorsByWord.set(word, [id]);
          }
        }
        this.papersByAuthor[id]?.push(paper);
      }
    }
    this.words = [...this.authorsByWord.keys()].sort();
  }

  all(): string[] {
    return [...this.names];
  }

  /**
   * Names holding every word typed (a word of three letters or more may be the start of a
   * name word; with `typing`, the last word may be the start of one at any length).
   */
  matching(typed: string, options: { typing?: boolean } = {}): string[] {
    const words = foldedWords(clampTyped(typed));
    if (words.length === 0) return [];
    let found: Set<number> | undefined;
    for (const [i, word] of words.entries()) {
      const prefixFrom = options.typing === true && i === words.length - 1 ? 1 : MIN_PREFIX;
      const ids = this.authorsWithWord(word, word.length >= prefixFrom);
      found = found === undefined ? ids : new Set([...ids].filter((id) => found?.has(id)));
      if (found.size === 0) return [];
    }
    return [...(found ?? [])].map((id) => this.names[id] ?? '');
  }

  papersOf(name: string): Paper[] {
    const id = this.idByName.get(name);
    return id === undefined ? [] : (this.papersByAuthor[id] ?? []);
  }

  /** Authors whose name matches every word typed, most published first; else the closest names. */
  find(name: string, limit: number): AuthorMatch[] {
    const query = normalizeQuery(clampTyped(name));
    if (query === '') return [];
    const matched = this.matching(query);
    const names = matched.length > 0 ? matched : this.closest(query, limit);
    return this.mostPublished(names)
      .slice(0, limit)
      .map((author) => ({ name: author, papers: [...this.papersOf(author)].sort(newestFirst) }));
  }

  /** As-you-type: names starting with what is typed, most published first; typos get the closest. */
  suggestions(prefix: string, limit: number): string[] {
    const query = normalizeQuery(clampTyped(prefix));
    if (query === '') return this.byCount(limit);
    const matched = this.mostPublished(this.matching(query, { typing: true })).slice(0, limit);
    return matched.length > 0 ? matched : this.closest(query, limit);
  }

  /**
   * Names within a few typos of what was typed, for "did you mean"; when the index's typos
   * (letters added, dropped or changed) find none, two letters swapped ("Mheta") count as one.
   */
  closest(typed: string, limit: number, fuzzy?: number): string[] {
    const found = this.fuzzyIndex()
      .search(clampTyped(typed), fuzzy === undefined ? {} : { fuzzy })
      .slice(0, limit)
      .map((r) => String(r.name));
    return found.length > 0 ? found : this.withSwappedLetters(typed).slice(0, limit);
  }

  /** Names where every typed word is within its typo budget of a name word, swaps included. */
  private withSwappedLetters(typed: string): string[] {
    const words = foldedWords(clampTyped(typed));
    if (words.length === 0) return [];
    let found: Set<number> | undefined;
    for (const word of words) {
      const close = closestNames(word, this.words, 5);
      const ids = new Set(close.flatMap((w) => this.authorsByWord.get(w) ?? []));
      found = found === undefined ? ids : new Set([...ids].filter((id) => found?.has(id)));
      if (found.size === 0) return [];
    }
    return this.mostPublished([...(found ?? [])].map((id) => this.names[id] ?? ''));
  }

  private authorsWithWord(word: string, asPrefix: boolean): Set<number> {
    const ids = new Set(this.authorsByWord.get(word) ?? []);
    if (!asPrefix) return ids;
    for (let i = this.firstWordFrom(word); i < this.words.length; i += 1) {
      const candidate = this.words[i] ?? '';
      if (!candidate.startsWith(word)) break;
      for (const id of this.authorsByWord.get(candidate) ?? []) ids.add(id);
    }
    return ids;
  }

  private firstWordFrom(prefix: string): number {
    let low = 0;
    let high = this.words.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.words[middle] ?? '') < prefix) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private countOf(name: string): number {
    return this.papersOf(name).length;
  }

  private mostPublished(names: readonly string[]): string[] {
    return [...names].sort((a, b) => this.countOf(b) - this.countOf(a) || a.localeCompare(b));
  }

  private byCount(limit: number): string[] {
    this.byCountCache ??= this.names
      .map((_, id) => id)
      .sort(
        (a, b) =>
          (this.papersByAuthor[b]?.length ?? 0) - (this.papersByAuthor[a]?.length ?? 0) ||
          (this.names[a] ?? '').localeCompare(this.names[b] ?? ''),
      );
    return this.byCountCache.slice(0, limit).map((id) => this.names[id] ?? '');
  }

  /** Only typos need it, so it is built on the first one. */
  private fuzzyIndex(): MiniSearch<AuthorEntry> {
    if (!this.fuzzyIndexCache) {
      const index = new MiniSearch<AuthorEntry>(authorIndexOptions);
      index.addAll(this.names.map((name, id) => ({ id: String(id), name })));
      this.fuzzyIndexCache = index;
    }
    return this.fuzzyIndexCache;
  }
}
