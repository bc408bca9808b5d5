import { partitionPoint } from './sorted.js';
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
  /** Each name's papers in library order; names in the order they first appeared. */
  private readonly papersByName = new Map<string, Paper[]>();
  private readonly namesByWord = new Map<string, Set<string>>();
  /** The distinct name words, sorted: a prefix is a contiguous run, found by binary search. */
  private words: string[] = [];
  /** Where each paper stands in the library, so an author's papers stay in library order. */
  private readonly ordinals = new Map<string, number>();
  private nextOrdinal = 0;
  /** A removal or an update can move where a name first appears in the library. */
  private reordered = false;
  private building = true;
  private namesCache: string[] | undefined;
  private byCountCache: string[] | undefined;
  private fuzzyIndexCache: MiniSearch<AuthorEntry> | undefined;

  constructor(papers: readonly Paper[]) {
    for (const paper of papers) this.index(paper);
    this.words = [...this.namesByWord.keys()].sort();
    this.building = false;
  }

  /** A paper new to the library, after every paper already here. */
  add(paper: Paper): void {
    for (const name of this.index(paper)) this.fuzzyIndexCache?.add({ id: name, name });
    this.forgetOrder();
  }

  /** A paper as it is now, in the place the earlier version held. */
  replace(before: Paper, after: Paper): void {
    const ordinal = this.ordinals.get(before.id);
    this.remove(before);
    this.index(after, ordinal);
  }

  remove(paper: Paper): void {
    for (const name of new Set(paper.authors)) {
      const papers = (this.papersByName.get(name) ?? []).filter((p) => p.id !== paper.id);
      if (papers.length > 0) {
        this.papersByName.set(name, papers);
        continue;
      }
      this.papersByName.delete(name);
      this.fuzzyIndexCache?.remove({ id: name, name });
      for (const word of new Set(foldedWords(name))) {
        const names = this.namesByWord.get(word);
        names?.delete(name);
        if (names?.size === 0) {
          this.namesByWord.delete(word);
          this.words.splice(this.firstWordFrom(word), 1);
        }
      }
    }
    this.ordinals.delete(paper.id);
    this.reordered = true;
    this.forgetOrder();
  }

  /** Files a paper under its authors; returns the names not seen before. */
  private index(paper: Paper, ordinal = this.nextOrdinal++): string[] {
    this.ordinals.set(paper.id, ordinal);
    const added: string[] = [];
    for (const name of new Set(paper.authors)) {
      const papers = this.papersByName.get(name);
      if (papers) {
        // The constructor files papers in library order: each goes last, found without a search.
        if (this.building) papers.push(paper);
        else papers.splice(this.placeAmong(papers, ordinal), 0, paper);
        continue;
      }
      this.papersByName.set(name, [paper]);
      added.push(name);
      for (const word of new Set(foldedWords(name))) {
        const names = this.namesByWord.get(word);
        if (names) {
          names.add(name);
        } else {
          this.namesByWord.set(word, new Set([name]));
          // The constructor sorts all the words once instead.
          if (!this.building) this.words.splice(this.firstWordFrom(word), 0, word);
        }
      }
    }
    return added;
  }

  private placeAmong(papers: readonly Paper[], ordinal: number): number {
    return partitionPoint(papers, (paper) => (this.ordinals.get(paper.id) ?? 0) < ordinal);
  }

  private forgetOrder(): void {
    this.namesCache = undefined;
    this.byCountCache = undefined;
  }

  /** Every name, in the order it first appears in the library. */
  all(): string[] {
    if (!this.namesCache) {
      const names = [...this.papersByName.keys()];
      if (this.reordered) {
        const first = (name: string) => this.papersByName.get(name)?.[0];
        const place = (name: string) => {
          const paper = first(name);
          return paper ? [this.ordinals.get(paper.id) ?? 0, paper.authors.indexOf(name)] : [0, 0];
        };
        const places = new Map(names.map((name) => [name, place(name)] as const));
        names.sort((a, b) => {
          const [pa = 0, ia = 0] = places.get(a) ?? [];
          const [pb = 0, ib = 0] = places.get(b) ?? [];
          return pa - pb || ia - ib;
        });
      }
      this.namesCache = names;
    }
    return [...this.namesCache];
  }

  /**
   * Names holding every word typed (a word of three letters or more may be the start of a
   * name word; with \`typing\`, the last word may be the start of one at any length).
   */
  matching(typed: string, options: { typing?: boolean } = {}): string[] {
    const words = foldedWords(clampTyped(typed));
    if (words.length === 0) return [];
    let found: Set<string> | undefined;
    for (const [i, word] of words.entries()) {
      const prefixFrom = options.typing === true && i === words.length - 1 ? 1 : MIN_PREFIX;
      const names = this.namesWithWord(word, word.length >= prefixFrom);
      found = found === undefined ? names : new Set([...names].filter((n) => found?.has(n)));
      if (found.size === 0) return [];
    }
    return [...(found ?? [])];
  }

  papersOf(name: string): Paper[] {
    return this.papersByName.get(name) ?? [];
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
    let found: Set<string> | undefined;
    for (const word of words) {
      const close = closestNames(word, this.words, 5);
      const names = new Set(close.flatMap((w) => [...(this.namesByWord.get(w) ?? [])]));
      found = found === undefined ? names : new Set([...names].filter((n) => found?.has(n)));
      if (found.size === 0) return [];
    }
    return this.mostPublished([...(found ?? [])]);
  }

  private namesWithWord(word: string, asPrefix: boolean): Set<string> {
    const names = new Set(this.namesByWord.get(word) ?? []);
    if (!asPrefix) return names;
    for (let i = this.firstWordFrom(word); i < this.words.length; i += 1) {
      const candidate = this.words[i] ?? '';
      if (!candidate.startsWith(word)) break;
      for (const name of this.namesByWord.get(candidate) ?? []) names.add(name);
    }
    return names;
  }

  private firstWordFrom(prefix: string): number {
    return partitionPoint(this.words, (word) => word < prefix);
  }

  private countOf(name: string): number {
    return this.papersOf(name).length;
  }

  private mostPublished(names: readonly string[]): string[] {
    return [...names].sort((a, b) => this.countOf(b) - this.countOf(a) || a.localeCompare(b));
  }

  private byCount(limit: number): string[] {
    this.byCountCache ??= this.mostPublished(this.all());
    return this.byCountCache.slice(0, limit);
  }

  /** Only typos need it, so it is built on the first one. */
  private fuzzyIndex(): MiniSearch<AuthorEntry> {
    if (!this.fuzzyIndexCache) {
      const index = new MiniSearch<AuthorEntry>(authorIndexOptions);
      index.addAll(this.all().map((name) => ({ id: name, name })));
      this.fuzzyIndexCache = index;
    }
    return this.fuzzyIndexCache;
  }
}
