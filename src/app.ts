import { resolve } from 'node:path';
import type { AnswerCache } from './answer/cache.js';
import { AnswerEngine, type GenerativeAnswerer } from './answer/engine.js';
import { OpenAIAnswerer } from './answer/llm.js';
import type { Config } from './config.js';
import { fileStamp, loadCorpusFile, parseCorpusBytes, readCorpusBytes } from './corpus/load.js';
import type { Paper } from './corpus/schema.js';
import type { LibraryChanges } from './library/library.js';
import { LiveLibrary } from './library/live.js';
import type { GuardStore } from './guard.js';
import type { Logger } from './log.js';
import { progressBar } from './progress-bar.js';
import { BUNDLED_CORPUS } from './paths.js';
import { PaperSearch } from './search/engine.js';
import {
  cacheFileFor,
  indexKey,
  indexKeyOf,
  loadOrBuildIndexes,
  PapersKey,
  type PapersFile,
  type BuildProgress,
} from './search/index.js';

export interface App {
  config: Config;
  log: Logger;
  /** The search over the current papers; it follows the library's changes in place. */
  readonly search: PaperSearch;
  readonly answers: AnswerEngine;
  readonly corpusKey: string;
  /** The team's library when papers live in the database; undefined over a read-only file. */
  readonly library: LiveLibrary | undefined;
  /** Where the cost guard keeps its counters: the database, or (undefined) process memory. */
  readonly guardStore: GuardStore | undefined;
  close(): Promise<void>;
}

interface Snapshot {
  search: PaperSearch;
  answers: AnswerEngine;
  corpusKey: string;
}

function snapshotOf(
  search: PaperSearch,
  corpusKey: string,
  log: Logger,
  llm: GenerativeAnswerer | undefined,
  cache?: AnswerCache,
): Snapshot {
  return { search, corpusKey, answers: new AnswerEngine({ search, corpusKey, log, llm, cache }) };
}

/**
 * A papers file for the index cache. Keying it reads its bytes and lets them go: held through
 * the index load, a 287 MB buffer outlived every garbage collection. A cache miss reads the
 * file again to parse it. A pipe (no stamp) is read once, for the key and the papers alike.
 */
function corpusFile(path: string): PapersFile {
  const stamp = fileStamp(path);
  const parse = (bytes: Buffer) => ({
    papers: parseCorpusBytes(bytes, path),
    key: indexKeyOf(bytes),
  });
  if (stamp === undefined) {
    let bytes: Buffer | undefined;
    const once = () => (bytes ??= readCorpusBytes(path));
    return { stamp, key: () => indexKeyOf(once()), read: () => parse(once()) };
  }
  return {
    stamp,
    key: () => indexKeyOf(readCorpusBytes(path)),
    read: () => parse(readCorpusBytes(path)),
  };
}

/** A read-only app over a papers file (`--corpus`, scripts, tests): loaded once per process. */
export function createApp(config: Config, log: Logger): App {
  const corpusPath = resolve(config.corpusPath ?? BUNDLED_CORPUS);
  const cacheFile = cacheFileFor(config.cacheDir, corpusPath);
  const { papers, indexes, source, corpusKey, unwritten, damaged } = loadOrBuildIndexes(
    corpusFile(corpusPath),
    cacheFile,
    undefined,
    buildProgress(log),
  );
  warnCache(log, cacheFile, { unwritten, damaged });
  log.debug({ papers: papers.length, index: source, corpus: corpusPath }, 'corpus loaded');
  const llm = config.llm ? new OpenAIAnswerer(config.llm, log) : undefined;
  const snapshot = snapshotOf(new PaperSearch(papers, indexes, { log }), corpusKey, log, llm);
  return {
    config,
    log,
    ...snapshot,
    library: undefined,
    guardStore: undefined,
    close: async () => undefined,
  };
}

/**
 * The product's app: the papers file when one is chosen, otherwise the team's library in
 * the database (seeded from the bundled papers when empty). The library tells the app what
 * changed, here or in another process, and the app swaps in a search over the new papers.
 */
export async function openApp(
  config: Config,
  log: Logger,
  /** What an empty library starts with: the bundled papers unless told otherwise (tests). */
  seed: () => readonly Paper[] = () => loadCorpusFile(BUNDLED_CORPUS),
): Promise<App> {
  if (config.corpusPath !== undefined) return createApp(config, log);
  const live = await LiveLibrary.open(config, log, seed);
  const llm = config.llm ? new OpenAIAnswerer(config.llm, log) : undefined;
  // Only model output is worth a database round trip; built-in answers take less to redo.
  const cache = llm ? live.answerCache : undefined;
  const since = await live.latestChange();
  const initial = await live.library.papers();
  const cacheFile = cacheFileFor(config.cacheDir, `library:${live.location}`);
  const { indexes, source, unwritten, damaged } = loadOrBuildIndexes(
    initial,
    cacheFile,
    indexKey(initial),
  );
  warnCache(log, cacheFile, { unwritten, damaged });
  log.debug({ papers: initial.length, index: source, library: live.location }, 'library loaded');
  const search = new PaperSearch(initial, indexes, { log });
  const key = new PapersKey(initial);
  let current = snapshotOf(search, key.value, log, llm, cache);

  const apply = (changes: LibraryChanges) => {
    search.apply(changes);
    key.apply(changes);
    current = snapshotOf(search, key.value, log, llm, cache);
    log.info(
      { added: changes.put.length, removed: changes.removed.length, papers: search.papers.length },
      'library changed',
    );
  };
  await live.follow(apply, since);

  return {
    config,
    log,
    get search() {
      return current.search;
    },
    get answers() {
      return current.answers;
    },
    get corpusKey() {
      return current.corpusKey;
    },
    library: live,
    guardStore: live.guardStore,
    close: () => live.close(),
  };
}

function warnCache(
  log: Logger,
  cacheFile: string,
  { unwritten, damaged }: { unwritten: string | undefined; damaged: string | undefined },
): void {
  if (damaged !== undefined)
    log.warn(
      { cache: cacheFile, reason: damaged },
      'search index cache damaged: rebuilt the index',
    );
  if (unwritten !== undefined)
    log.warn(
      { cache: cacheFile, reason: unwritten },
      'search index cache not written (PAPERBOT_CACHE_DIR): every start builds the index again',
    );
}

/** From this many papers a first build takes seconds, and someone should see it moving. */
const LARGE_CORPUS = 10_000;

/**
 * From LARGE_CORPUS papers: a bar on a terminal, log lines every tenth otherwise (a service's
 * log, a pipe). The bar's package is loaded only then.
 */
function buildProgress(log: Logger): BuildProgress {
  let report: BuildProgress | undefined;
  return (indexed, total) => {
    if (total < LARGE_CORPUS) return;
    report ??= process.stderr.isTTY ? barProgress() : logProgress(log);
    report(indexed, total);
  };
}

function barProgress(): BuildProgress {
  const bar = progressBar({
    format: 'Indexing papers [{bar}] {value}/{total}',
    stream: process.stderr,
  });
  return (indexed, total) => {
    if (!bar.isActive) bar.start(total, 0);
    bar.update(indexed);
    if (indexed >= total) bar.stop();
  };
}

function logProgress(log: Logger): BuildProgress {
  let reported = 0;
  return (indexed, total) => {
    if (indexed < total && indexed < reported + total / 10) return;
    reported = indexed;
    log.info({ indexed, total }, 'indexing papers');
  };
}
