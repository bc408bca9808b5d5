import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import type { Paper } from '../corpus/schema.js';
import {
  indexFingerprint,
  paperIndexOptions,
  titleIndexOptions,
  toIndexed,
  type IndexedPaper,
  type TitleEntry,
} from './options.js';

export interface PaperIndexes {
  papers: MiniSearch<IndexedPaper>;
  titles: MiniSearch<TitleEntry>;
}

export function buildIndexes(papers: readonly Paper[]): PaperIndexes {
  const paperIndex = new MiniSearch<IndexedPaper>(paperIndexOptions);
  paperIndex.addAll(papers.map(toIndexed));
  const titles = new MiniSearch<TitleEntry>(titleIndexOptions);
  titles.addAll(papers.map((p) => ({ id: p.id, title: p.title })));
  return { papers: paperIndex, titles };
}

/** Changes whenever the corpus text or anything that shapes the index changes. */
export function indexKeyOf(corpusText: string): string {
  return createHash('sha256').update(indexFingerprint).update(corpusText).digest('hex');
}

/** For papers that did not come from a file: their serialisation stands in for its text. */
export function indexKey(papers: readonly Paper[]): string {
  return indexKeyOf(JSON.stringify(papers));
}

interface CacheFile {
  key: string;
  papers: ReturnType<MiniSearch['toJSON']>;
  titles: ReturnType<MiniSearch['toJSON']>;
}

export type IndexSource = 'cache' | 'built';

/**
 * One cache file per corpus location, holding the key it was built for: a stale cache is
 * overwritten rather than left beside the new one, so the cache never grows.
 */
export function cacheFileFor(cacheDir: string, corpusPath: string): string {
  const name = createHash('sha256').update(corpusPath).digest('hex').slice(0, 16);
  return join(cacheDir, `index-${name}.json`);
}

function readCache(file: string, key: string): PaperIndexes | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const cache = JSON.parse(raw) as CacheFile;
    if (cache.key !== key) return undefined;
    return {
      papers: MiniSearch.loadJS(cache.papers, paperIndexOptions),
      titles: MiniSearch.loadJS(cache.titles, titleIndexOptions),
    };
  } catch {
    // A truncated or hand-edited cache is just a cache miss.
    return undefined;
  }
}

function writeCache(file: string, key: string, indexes: PaperIndexes): void {
  const cache: CacheFile = {
    key,
    papers: indexes.papers.toJSON(),
    titles: indexes.titles.toJSON(),
  };
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(cache));
  renameSync(temporary, file);
}

export interface LoadedIndexes {
  indexes: PaperIndexes;
  source: IndexSource;
}

/** `key` defaults to hashing the papers; a caller holding the corpus file's text passes `indexKeyOf(text)`, which is cheaper. */
export function loadOrBuildIndexes(
  papers: readonly Paper[],
  cacheFile: string | undefined,
  key: string = indexKey(papers),
): LoadedIndexes {
  if (cacheFile !== undefined) {
    const cached = readCache(cacheFile, key);
    if (cached) return { indexes: cached, source: 'cache' };
  }
  const indexes = buildIndexes(papers);
  if (cacheFile !== undefined) {
    try {
      mkdirSync(join(cacheFile, '..'), { recursive: true });
      writeCache(cacheFile, key, indexes);
    } catch {
      // A read-only checkout still searches; it just rebuilds each start.
    }
  }
  return { indexes, source: 'built' };
}
