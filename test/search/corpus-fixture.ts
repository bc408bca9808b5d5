// Shared by the specs: the test corpus, indexed in memory (no cache file). It is a frozen copy
// of the bundled data/, so a team that ingests its own papers there keeps a green suite.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import type { Paper } from '../../src/corpus/schema.js';
import { PaperSearch } from '../../src/search/engine.js';
import { buildIndexes } from '../../src/search/index.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

export const REPO_ROOT = PACKAGE_ROOT;
export const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures');
export const PAPERS_JSON = join(FIXTURES, 'papers.json');
/** A small corpus of made-up papers, for specs that are not about the bundled data. */
export const TEAM_PAPERS = join(FIXTURES, 'team-papers.json');
export const PUBLICATIONS_TXT = join(FIXTURES, 'publications.txt');

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

/** A fixed-seed generator (mulberry32), so every run generates the same corpus and queries. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
