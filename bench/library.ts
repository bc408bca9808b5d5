// Adding a 500-entry BibTeX file to a fresh SQLite library (target: ≤ 10 s with progress),
// and how soon an added paper is searchable in the app that added it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';

const ENTRIES = 500;

function bibtexFile(n: number): string {
  const topics = [
    'attention',
    'pruning',
    'quantisation',
    'distillation',
    'segmentation',
    'retrieval',
  ];
  return Array.from({ length: n }, (_, i) => {
    const topic = topics[i % topics.length]!;
    return `@article{bench${i},
  title = {Efficient {${topic}} number ${i} for edge devices},
  author = {Author${i}, Ada and Writer, Bo and Third, Cy},
  year = {${2015 + (i % 10)}}, month = {${1 + (i % 12)}},
  primaryClass = {cs.LG},
  abstract = {We study ${topic} on edge devices and report a ${1 + (i % 9)}.${i % 10}x speed-up over the baseline ${i}.}
}`;
  }).join('\n\n');
}

const dir = mkdtempSync(join(tmpdir(), 'paperbot-bench-library-'));
try {
  const config = loadConfig({
    PAPERBOT_DATA_DIR: dir,
    PAPERBOT_CACHE_DIR: dir,
    LOG_LEVEL: 'silent',
  });
  const app = await openApp(config, createLogger('silent'));
  const before = app.search.papers.length;
  let progressEvents = 0;
  const start = performance.now();
  const results = await app.library!.add([{ text: bibtexFile(ENTRIES), fileName: 'bench.bib' }], {
    addedBy: 'bench',
    onProgress: () => (progressEvents += 1),
  });
  const elapsed = performance.now() - start;
  const added = results.filter((r) => r.status === 'added').length;
  const searchable = app.search.search({ query: 'quantisation number 499' })[0]?.paper.title ?? '';
  console.log(
    `BibTeX import: ${added}/${ENTRIES} entries added in ${(elapsed / 1000).toFixed(2)} s ` +
      `(${progressEvents} progress updates); library ${before} → ${app.search.papers.length} papers; ` +
      `last entry searchable at once: ${searchable.includes('499') ? 'yes' : 'no'}`,
  );
  await app.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
