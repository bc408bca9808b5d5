// Shared by the search and command specs: the bundled corpus, indexed in memory (no cache file).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import type { Paper } from '../../src/corpus/schema.js';
import { PaperSearch } from '../../src/search/engine.js';
import { buildIndexes } from '../../src/search/index.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PAPERS_JSON = fileURLToPath(new URL('../../data/papers.json', import.meta.url));
/** A small corpus of made-up papers, for specs that are not about the bundled data. */
export const TEAM_PAPERS = fileURLToPath(new URL('../fixtures/team-papers.json', import.meta.url));
export const PUBLICATIONS_TXT = fileURLToPath(
  new URL('../../data/publications.txt', import.meta.url),
);

export function bundledPapers(): Paper[] {
  return parseJsonPapers(JSON.parse(readFileSync(PAPERS_JSON, 'utf8')) as unknown, PAPERS_JSON);
}

export function searchOver(papers: readonly Paper[]): PaperSearch {
  return new PaperSearch(papers, buildIndexes(papers));
}

export function bundledSearch(): PaperSearch {
  return searchOver(bundledPapers());
}

/** Runs `fn`, expecting it to throw, and returns what it threw. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, but it returned');
}
