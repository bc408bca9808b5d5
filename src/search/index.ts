import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { makeDirectory } from '../directories.js';
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import type { Paper } from '../corpus/schema.js';
import {
  fingerprintOf,
  INDEX_SHAPE,
  paperIndexOptions,
  titleIndexOptions,
  toIndexed,
  type IndexedPaper,
  type IndexShape,
  type TitleEntry,
} from './options.js';
import { documentTerms, PostingCounts, type PostingCountsJSON } from './postings.js';
import { sourceFingerprint } from '../source-fingerprint.js';
import { bulkIndex } from './bulk.js';
import { restore, snapshotOf, type IndexSnapshot } from './snapshot.js';

export interface PaperIndexes {
  papers: MiniSearch<IndexedPaper>;
  titles: MiniSearch<TitleEntry>;
  /** What each term costs a search, for the query planner; absent if it could not be read. */
  paperPostings: PostingCounts | undefined;
  titlePostings: PostingCounts | undefined;
}

/** Told how many papers are indexed so far, every PROGRESS_STEP papers and at the end. */
export type BuildProgress = (indexed: number, total: number) => void;
const PROGRESS_STEP = 2_000;

interface Built {
  indexes: PaperIndexes;
  /** MiniSearch's public serialised form, for a cache of an index whose layout is unknown. */
  serialised: { papers: () => AsPlainObject; titles: () => AsPlainObject };
}

function build(papers: readonly Paper[], onProgress?: BuildProgress): Built {
  const progress = onProgress && { every: PROGRESS_STEP, report: onProgress };
  const paperIndex = indexOf(papers.map(toIndexed), paperIndexOptions, progress);
  const titles = indexOf(
    papers.map((p) => ({ id: p.id, title: p.title })),
    titleIndexOptions,
  );
  return {
    indexes: {
      papers: paperIndex.index,
      titles: titles.index,
      paperPostings: paperIndex.postings,
      titlePostings: titles.postings,
    },
    serialised: { papers: () => paperIndex.index.toJSON(), titles: () => titles.index.toJSON() },
  };
}

/**
 * The documents indexed in bulk (bulk.ts), or with MiniSearch's own `addAll` when its layout
 * is not the one the bulk build knows; then the posting counts come from its `toJSON`.
 */
function indexOf<T>(
  documents: readonly T[],
  options: Options<T>,
  progress?: { every: number; report: BuildProgress },
): { index: MiniSearch<T>; postings: PostingCounts | undefined } {
  const bulk = bulkIndex(documents, options, progress);
  if (bulk) return { index: bulk.index, postings: PostingCounts.fromJSON(bulk.postingCounts) };
  const index = new MiniSearch<T>(options);
  for (let start = 0; start < documents.length; start += progress?.every ?? documents.length) {
    const end = Math.min(documents.length, start + (progress?.every ?? documents.length));
    index.addAll(documents.slice(start, end));
    progress?.report(end, documents.length);
  }
  return { index, postings: PostingCounts.fromIndex(index.toJSON()) };
}

export function buildIndexes(papers: readonly Paper[], onProgress?: BuildProgress): PaperIndexes {
  return build(papers, onProgress).indexes;
}

/**
 * Puts one paper in the indexes, or takes it out, at the cost of that one paper: MiniSearch's
 * `add` and `remove` (given the document exactly as it was added, so its postings go at
 * once rather than on a later vacuum) and the posting counts by the same terms. A field
 * that did not change keeps its index untouched.
 */
export function updateIndexes(
  indexes: PaperIndexes,
  before: Paper | undefined,
  after: Paper | undefined,
): void {
  const [oldPaper, newPaper] = [before && toIndexed(before), after && toIndexed(after)];
  if (!sameIndexed(oldPaper, newPaper)) {
    change(indexes.papers, indexes.paperPostings, paperIndexOptions, oldPaper, newPaper);
  }
  const [oldTitle, newTitle] = [before && titleEntry(before), after && titleEntry(after)];
  if (oldTitle?.title !== newTitle?.title) {
    change(indexes.titles, indexes.titlePostings, titleIndexOptions, oldTitle, newTitle);
  }
}

function titleEntry(paper: Paper): TitleEntry {
  return { id: paper.id, title: paper.title };
}

function sameIndexed(a: IndexedPaper | undefined, b: IndexedPaper | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    paperIndexOptions.fields.every(
      (field) => a[field as keyof IndexedPaper] === b[field as keyof IndexedPaper],
    )
  );
}

function change<T>(
  index: MiniSearch<T>,
  postings: PostingCounts | undefined,
  options: Options<T>,
  before: T | undefined,
  after: T | undefined,
): void {
  if (before !== undefined) {
    index.remove(before);
    postings?.remove(documentTerms(before, options));
  }
  if (after !== undefined) {
    index.add(after);
    postings?.add(documentTerms(after, options));
  }
}

/** Changes whenever the corpus (its text, or the bytes of its file) or anything that shapes the index changes. */
export function indexKeyOf(corpus: string | Uint8Array, shape: IndexShape = INDEX_SHAPE): string {
  return createHash('sha256').update(fingerprintOf(shape)).update(corpus).digest('hex');
}

/**
 * A key for a set of papers that follows it one paper at a time: the sum of each paper's
 * hash, so a process that applied changes and one that loaded the same papers agree (replicas
 * share the answer cache) without hashing the whole library again on every change.
 */
export class PapersKey {
  private readonly digests = new Map<string, bigint>();
  private sum = 0n;
  private readonly shape = fingerprintOf(INDEX_SHAPE);

  constructor(papers: readonly Paper[]) {
    for (const paper of papers) this.put(paper);
  }

  apply(changes: { put: readonly Paper[]; removed: readonly string[] }): void {
    for (const id of changes.removed) this.drop(id);
    for (const paper of changes.put) this.put(paper);
  }

  get value(): string {
    return createHash('sha256').update(this.shape).update(this.sum.toString(16)).digest('hex');
  }

  private put(paper: Paper): void {
    this.drop(paper.id);
    const digest = BigInt(`0x${createHash('sha256').update(JSON.stringify(paper)).digest('hex')}`);
    this.digests.set(paper.id, digest);
    this.sum = BigInt.asUintN(256, this.sum + digest);
  }

  private drop(id: string): void {
    const digest = this.digests.get(id);
    if (digest === undefined) return;
    this.digests.delete(id);
    this.sum = BigInt.asUintN(256, this.sum - digest);
  }
}

/** For papers that did not come from a file: their serialisation stands in for its text. */
export function indexKey(papers: readonly Paper[]): string {
  return indexKeyOf(JSON.stringify(papers));
}

/** A papers file: how to read it, and what tells whether it changed. */
export interface PapersFile {
  /** Its papers, and the key of the very bytes they were parsed from. */
  read(): { papers: readonly Paper[]; key: string };
  /** The key of its content (`indexKeyOf` its bytes), which means reading them. */
  key(): string;
  /**
   * Its device, inode, size, and modification and change times, as git's index keeps them
   * to tell a changed file without reading it; undefined when it cannot be had. While it is
   * the one the cache was written with, the cache's copy of the key stands for the content.
   */
  stamp: string | undefined;
}

/**
 * The papers, or their file. Given a file, the cache holds the papers as parsed, and a
 * restart takes them from it instead of reading, parsing and validating the file again
 * (1.6–2.2 s of a restart at 100k, against 0.6 s to deserialize them).
 */
export type PapersSource = readonly Paper[] | PapersFile;

/**
 * A paper as the cache holds it: without its plain-text abstract when that is the abstract
 * itself. Parsed papers share one string there (schema.ts); a deserialized one would hold two.
 */
type CachedPaper = Omit<Paper, 'abstractText'> & { abstractText?: string };

interface CacheFile {
  /** A papers file's papers as parsed; undefined when the caller holds the papers (a library). */
  corpus: CachedPaper[] | undefined;
  papers: IndexSnapshot;
  /**
   * The title index serialised on its own: only title completion and resolving a paper by
   * name read it, so a search answers without restoring it (a third of a second at 100k).
   */
  titles: Uint8Array;
  paperPostings: PostingCountsJSON | undefined;
  titlePostings: PostingCountsJSON | undefined;
}

/**
 * The keys head the file, so a stale cache is told without reading the rest: the cache's
 * own key, the content key of the papers, and the papers file's stamp (blank for a library).
 */
const KEY_BYTES = 64;
const STAMP_BYTES = 128;
const HEADER_BYTES = 2 * KEY_BYTES + STAMP_BYTES;

interface CacheHeader {
  cacheKey: string;
  corpusKey: string;
  stamp: string;
}

function headerOf(bytes: Buffer): CacheHeader | undefined {
  if (bytes.length < HEADER_BYTES) return undefined;
  const text = bytes.subarray(0, HEADER_BYTES).toString('latin1');
  return {
    cacheKey: text.slice(0, KEY_BYTES),
    corpusKey: text.slice(KEY_BYTES, 2 * KEY_BYTES),
    stamp: text.slice(2 * KEY_BYTES).trimEnd(),
  };
}

function readHeader(file: string): CacheHeader | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const bytes = Buffer.alloc(HEADER_BYTES);
    return headerOf(bytes.subarray(0, readSync(fd, bytes, 0, HEADER_BYTES, 0)));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

type IndexSource = 'cache' | 'built';

/**
 * One cache file per corpus location, holding the key it was built for: a stale cache is
 * overwritten rather than left beside the new one, so the cache never grows.
 */
export function cacheFileFor(cacheDir: string, corpusPath: string): string {
  const name = createHash('sha256').update(corpusPath).digest('hex').slice(0, 16);
  return join(cacheDir, `index-${name}.v8`);
}

interface Cached {
  indexes: PaperIndexes;
  corpus: Paper[] | undefined;
}

function readCache(file: string, cacheKey: string): Cached | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return undefined;
  }
  if (headerOf(raw)?.cacheKey !== cacheKey) return undefined;
  try {
    const cache = deserialize(raw.subarray(HEADER_BYTES)) as CacheFile;
    let titles: MiniSearch<TitleEntry> | undefined;
    const indexes: PaperIndexes = {
      papers: restore(cache.papers, paperIndexOptions),
      get titles() {
        titles ??= restore(deserialize(cache.titles) as IndexSnapshot, titleIndexOptions);
        return titles;
      },
      paperPostings: cache.paperPostings && PostingCounts.fromJSON(cache.paperPostings),
      titlePostings: cache.titlePostings && PostingCounts.fromJSON(cache.titlePostings),
    };
    return { indexes, corpus: cache.corpus?.map(sharingAbstract) };
  } catch {
    // A truncated or hand-edited cache is just a cache miss.
    return undefined;
  }
}

function sharingAbstract(paper: CachedPaper): Paper {
  paper.abstractText ??= paper.abstract;
  return paper as Paper;
}

function cached(paper: Paper): CachedPaper {
  return paper.abstractText === paper.abstract ? { ...paper, abstractText: undefined } : paper;
}

function writeCache(
  file: string,
  header: CacheHeader,
  { indexes, serialised }: Built,
  corpus: readonly Paper[] | undefined,
): void {
  const cache: CacheFile = {
    corpus: corpus?.map(cached),
    papers: snapshotOf(indexes.papers, serialised.papers),
    titles: serialize(snapshotOf(indexes.titles, serialised.titles)),
    paperPostings: indexes.paperPostings?.toJSON(),
    titlePostings: indexes.titlePostings?.toJSON(),
  };
  // A name no one can guess, created only if it does not exist: in a cache directory others
  // can write to, a link planted at a predictable name would have the cache overwrite its target.
  const temporary = `${file}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`;
  const stamp = header.stamp.length <= STAMP_BYTES ? header.stamp : '';
  const head = `${header.cacheKey}${header.corpusKey}${stamp.padEnd(STAMP_BYTES)}`;
  writeFileSync(temporary, Buffer.concat([Buffer.from(head, 'latin1'), serialize(cache)]), {
    flag: 'wx',
  });
  renameSync(temporary, file);
}

interface LoadedIndexes {
  papers: readonly Paper[];
  indexes: PaperIndexes;
  source: IndexSource;
  /** The key of the papers' content (answers are cached under it). */
  corpusKey: string;
  /** Why the cache could not be written, if it could not: every start will build again. */
  unwritten?: string | undefined;
}

/**
 * `key` defaults to hashing the papers (a papers file brings its own). Papers kept in the
 * cache are trusted only by the program that parsed them, so the cache's key holds its
 * source fingerprint as well.
 */
export function loadOrBuildIndexes(
  source: PapersSource,
  cacheFile: string | undefined,
  key?: string,
  onProgress?: BuildProgress,
): LoadedIndexes {
  const file = Array.isArray(source) ? undefined : (source as PapersFile);
  const given = file ? undefined : (source as readonly Paper[]);
  const header = file?.stamp !== undefined && cacheFile ? readHeader(cacheFile) : undefined;
  const unchanged = file && header && header.stamp === file.stamp ? header.corpusKey : undefined;
  const corpusKey = unchanged ?? file?.key() ?? key ?? indexKey(given ?? []);
  if (cacheFile !== undefined) {
    const cached = readCache(cacheFile, cacheKeyOf(corpusKey, file));
    const cachedPapers = file ? cached?.corpus : given;
    if (cached && cachedPapers)
      return { papers: cachedPapers, indexes: cached.indexes, source: 'cache', corpusKey };
  }
  // A file replaced since it was keyed is cached under the key of what was parsed.
  const parsed = file ? file.read() : { papers: given ?? [], key: corpusKey };
  const built = build(parsed.papers, onProgress);
  let unwritten: string | undefined;
  if (cacheFile !== undefined) {
    try {
      makeDirectory(join(cacheFile, '..'));
      const header = {
        cacheKey: cacheKeyOf(parsed.key, file),
        corpusKey: parsed.key,
        stamp: file?.stamp ?? '',
      };
      writeCache(cacheFile, header, built, file ? parsed.papers : undefined);
    } catch (error) {
      // A read-only checkout still searches; it just rebuilds each start.
      unwritten = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    }
  }
  return {
    papers: parsed.papers,
    indexes: built.indexes,
    source: 'built',
    corpusKey: parsed.key,
    unwritten,
  };
}

/** Papers parsed from a file are trusted only by the program that parsed them. */
function cacheKeyOf(corpusKey: string, file: PapersFile | undefined): string {
  return file
    ? createHash('sha256').update(corpusKey).update(sourceFingerprint()).digest('hex')
    : corpusKey;
}
