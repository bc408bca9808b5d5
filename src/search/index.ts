import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
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
 * The header says what the file is and what it was built for, so a stale cache is told
 * without reading the rest: the format, the cache's own key, the content key of the papers,
 * the papers file's stamp (blank for a library), then the length and SHA-256 of the payload,
 * so a file cut short or damaged (a full disk, a bad copy) is rebuilt instead of read.
 */
const FORMAT = 'paperbot-index-cache 2\n';
const KEY_BYTES = 64;
const STAMP_BYTES = 128;
const LENGTH_BYTES = 16;
const CHECKSUM_BYTES = 64;
const HEADER_BYTES = FORMAT.length + 2 * KEY_BYTES + STAMP_BYTES + LENGTH_BYTES + CHECKSUM_BYTES;

interface CacheHeader {
  cacheKey: string;
  corpusKey: string;
  stamp: string;
}

interface Integrity {
  length: number;
  checksum: string;
}

/** The header's fields, in order, each at its fixed width. */
function headerOf(bytes: Buffer): (CacheHeader & Integrity) | undefined {
  if (bytes.length < HEADER_BYTES) return undefined;
  const text = bytes.subarray(0, HEADER_BYTES).toString('latin1');
  if (!text.startsWith(FORMAT)) return undefined;
  let at = FORMAT.length;
  const field = (width: number) => text.slice(at, (at += width));
  return {
    cacheKey: field(KEY_BYTES),
    corpusKey: field(KEY_BYTES),
    stamp: field(STAMP_BYTES).trimEnd(),
    length: Number(field(LENGTH_BYTES)),
    checksum: field(CHECKSUM_BYTES),
  };
}

function headerBytes(header: CacheHeader, payload: Buffer): Buffer {
  const stamp = header.stamp.length <= STAMP_BYTES ? header.stamp : '';
  return Buffer.from(
    FORMAT +
      header.cacheKey +
      header.corpusKey +
      stamp.padEnd(STAMP_BYTES) +
      String(payload.length).padStart(LENGTH_BYTES, '0') +
      checksumOf(payload),
    'latin1',
  );
}

function checksumOf(payload: Buffer): string {
  return createHash('sha256').update(payload).digest('hex');
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
 * overwritten rather than left beside the new one.
 */
export function cacheFileFor(cacheDir: string, corpusPath: string): string {
  const name = createHash('sha256').update(corpusPath).digest('hex').slice(0, 16);
  return join(cacheDir, `index-${name}.v8`);
}

/**
 * Every corpus location gets a file, and locations come and go (a `--corpus` file used once,
 * a test's temporary library), so the directory keeps this many, the most recently used.
 */
export const CACHE_FILES_KEPT = 8;
const CACHE_FILE = /^index-[0-9a-f]{16}\.v8$/;
/** Caches of the formats before this one: never read again. */
const OLD_FORMAT_FILE = /^index-[0-9a-f]{16}\.json$/;
/** What a write cut short by a crash left; one younger may be another process's write in progress. */
const TEMPORARY_FILE = /^index-[0-9a-f]{16}\.v8\.\d+\.[0-9a-f]{16}\.tmp$/;
const ABANDONED_AFTER_MS = 60 * 60_000;

/**
 * Keeps the cache directory bounded after a write: the CACHE_FILES_KEPT most recently used
 * cache files (reading one marks it used), no old-format file, no abandoned temporary file.
 * Only files named as the cache names them are touched: the directory may hold others.
 */
function pruneCacheDirectory(dir: string, written: string): void {
  const now = Date.now();
  const caches: { path: string; usedAt: number }[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    // Written, but not listable: the write is what counts.
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (path === written) continue;
    const modifiedAt = () => {
      try {
        return statSync(path).mtimeMs;
      } catch {
        // Gone meanwhile (another process pruned it too): nothing to weigh.
        return undefined;
      }
    };
    if (OLD_FORMAT_FILE.test(name)) remove(path);
    else if (CACHE_FILE.test(name)) caches.push({ path, usedAt: modifiedAt() ?? now });
    else if (TEMPORARY_FILE.test(name) && now - (modifiedAt() ?? now) > ABANDONED_AFTER_MS)
      remove(path);
  }
  caches.sort((a, b) => b.usedAt - a.usedAt);
  for (const { path } of caches.slice(CACHE_FILES_KEPT - 1)) remove(path);
}

function remove(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Not ours to remove (another user's file in a shared directory): left as it is.
  }
}

/** Marks a cache file used, for pruning; a read-only cache directory just keeps its times. */
function touch(file: string): void {
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    // Read-only: nothing is written there, so nothing is pruned either.
  }
}

interface Cached {
  indexes: PaperIndexes;
  corpus: Paper[] | undefined;
}

/** What a cache file held: the indexes, nothing usable (no file, another key or format), or damage. */
type CacheRead = Cached | { damaged: string } | undefined;

function readCache(file: string, cacheKey: string): CacheRead {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return undefined;
  }
  const header = headerOf(raw);
  if (header?.cacheKey !== cacheKey) return undefined;
  const payload = raw.subarray(HEADER_BYTES);
  if (payload.length !== header.length)
    return { damaged: `${payload.length} bytes where ${header.length} were written` };
  if (checksumOf(payload) !== header.checksum) return { damaged: 'its checksum does not match' };
  try {
    const cache = deserialize(payload) as CacheFile;
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
    touch(file);
    return { indexes, corpus: cache.corpus?.map(sharingAbstract) };
  } catch (error) {
    // Intact but unreadable: written by a program that shaped it differently.
    return { damaged: (error as Error).message };
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
  const payload = serialize(cache);
  try {
    writeFileSync(temporary, Buffer.concat([headerBytes(header, payload), payload]), {
      flag: 'wx',
    });
    renameSync(temporary, file);
  } catch (error) {
    remove(temporary);
    throw error;
  }
  pruneCacheDirectory(dirname(file), file);
}

interface LoadedIndexes {
  papers: readonly Paper[];
  indexes: PaperIndexes;
  source: IndexSource;
  /** The key of the papers' content (answers are cached under it). */
  corpusKey: string;
  /** Why the cache could not be written, if it could not: every start will build again. */
  unwritten?: string | undefined;
  /** Why the cache file was not used although it was built for these papers (cut short, damaged). */
  damaged?: string | undefined;
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
  let damaged: string | undefined;
  if (cacheFile !== undefined) {
    const cached = readCache(cacheFile, cacheKeyOf(corpusKey, file));
    if (cached && 'damaged' in cached) damaged = cached.damaged;
    else {
      const cachedPapers = file ? cached?.corpus : given;
      if (cached && cachedPapers)
        return { papers: cachedPapers, indexes: cached.indexes, source: 'cache', corpusKey };
    }
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
    damaged,
  };
}

/** Papers parsed from a file are trusted only by the program that parsed them. */
function cacheKeyOf(corpusKey: string, file: PapersFile | undefined): string {
  return file
    ? createHash('sha256').update(corpusKey).update(sourceFingerprint()).digest('hex')
    : corpusKey;
}
