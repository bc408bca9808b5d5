/**
 * Recall in process, for working on the ranking: the real papers hidden among synthetic ones
 * (bench/hidden-corpus.ts, as `npm run bench` hides them), searched by our engine exactly as
 * `paperbot search` ranks and by plain MiniSearch with default options (bench/plain-search.ts),
 * without the processes, caches and latency runs of the full bench. Prints recall@5,
 * recall@20 and the reciprocal rank of each relevant paper, averaged, for both; the ranks of
 * the relevant papers per query; with --misses, what outranked them.
 *
 * Usage: node --import tsx bench/recall.ts [size, default 10000] [--queries file] [--misses]
 * The queries are the dev set's searches unless a file of [{ q, ids }] is given, such as
 * bench/recall-queries.json (queries of the same kinds about the same papers, written apart
 * from the dev set, so a change is not judged by the queries it was tuned on).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpusFile } from '../src/corpus/load.js';
import type { Paper } from '../src/corpus/schema.js';
import { BUNDLED_CORPUS, PACKAGE_ROOT } from '../src/paths.js';
import { PaperSearch } from '../src/search/engine.js';
import { buildIndexes } from '../src/search/index.js';
import { hiddenAmong } from './hidden-corpus.js';
import { plainIndex } from './plain-index.js';

/** The bench's own seed, so the corpus is the one `npm run bench` measures. */
const CORPUS_SEED = 20240611;
const DEPTH = 1_000;

interface RecallQuery {
  q: string;
  ids: string[];
}

interface Ranked {
  id: string;
  score: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { queries: { type: 'string' }, misses: { type: 'boolean' } },
});
const size = Number(positionals[0] ?? 10_000);
const real = loadCorpusFile(BUNDLED_CORPUS);
const papers = hiddenAmong(real, size, CORPUS_SEED);
const byId = new Map(papers.map((p) => [p.id, p]));
const queries = values.queries === undefined ? devSetSearches(real) : queryFile(values.queries);
for (const { ids } of queries)
  for (const id of ids) if (!byId.has(id)) throw new Error(`no paper has the id ${id}`);

function devSetSearches(realPapers: readonly Paper[]): RecallQuery[] {
  const devSet = JSON.parse(
    readFileSync(join(PACKAGE_ROOT, 'data', 'eval', 'dev-set.json'), 'utf8'),
  ) as { search: { q: string; relevant: string[] }[] };
  const idByTitle = new Map(realPapers.map((p) => [p.title, p.id]));
  return devSet.search.map(({ q, relevant }) => ({
    q,
    ids: relevant.map((title) => idByTitle.get(title) ?? `missing: ${title}`),
  }));
}

function queryFile(file: string): RecallQuery[] {
  return JSON.parse(readFileSync(file, 'utf8')) as RecallQuery[];
}

function timed<T>(what: string, run: () => T): T {
  const started = performance.now();
  const result = run();
  process.stderr.write(`${what}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return result;
}

const ours = timed(
  `ours: ${size} papers indexed`,
  () => new PaperSearch(papers, buildIndexes(papers), { resultCacheSize: 0 }),
);
const plain = timed(`plain: ${size} papers indexed`, () => plainIndex(papers));

const engines: [string, (q: string) => Ranked[]][] = [
  [
    'ours',
    (q) =>
      ours
        .search({ query: q, limit: DEPTH })
        .map((hit) => ({ id: hit.paper.id, score: hit.score })),
  ],
  [
    'plain',
    (q) =>
      plain
        .search(q)
        .slice(0, DEPTH)
        .map((r) => ({ id: String(r.id), score: r.score })),
  ],
];

const label = (paper: Paper | undefined) =>
  paper ? `${paper.id}: ${paper.title.slice(0, 70)}` : '?';
const ranks = new Map<string, string[]>();
const summary: string[] = [];
for (const [name, search] of engines) {
  let at5 = 0;
  let at20 = 0;
  let reciprocal = 0;
  let relevantCount = 0;
  timed(`${name}: ${queries.length} queries`, () => {
    for (const { q, ids } of queries) {
      const ranked = search(q);
      const rankOf = ids.map((id) => ranked.findIndex((r) => r.id === id));
      const share = (depth: number) =>
        rankOf.filter((r) => r >= 0 && r < depth).length / ids.length;
      at5 += share(5);
      at20 += share(20);
      for (const rank of rankOf) reciprocal += rank >= 0 ? 1 / (rank + 1) : 0;
      relevantCount += ids.length;
      ranks.set(q, [...(ranks.get(q) ?? []), rankOf.map((r) => (r < 0 ? '-' : r + 1)).join(',')]);
      if (values.misses === true && share(5) < 1) {
        console.log(`${name} misses "${q}":`);
        for (const [i, id] of ids.entries())
          console.log(
            `  wanted #${(rankOf[i] ?? -1) < 0 ? '-' : (rankOf[i] ?? 0) + 1} ${label(byId.get(id))}`,
          );
        for (const r of ranked.slice(0, 5))
          console.log(`    ${r.score.toFixed(2)} ${label(byId.get(r.id))}`);
      }
    }
  });
  const pct = (sum: number) => `${((sum / queries.length) * 100).toFixed(1)}%`;
  summary.push(
    `${name.padEnd(6)} recall@5 ${pct(at5)}  recall@20 ${pct(at20)}  mean reciprocal rank ${(reciprocal / relevantCount).toFixed(3)}`,
  );
}
console.log('\nranks of the relevant papers, ours | plain:');
for (const [q, [mine, theirs]] of ranks) console.log(`  ${`${mine} | ${theirs}`.padEnd(24)} ${q}`);
console.log(`\n${size} papers, ${queries.length} queries`);
for (const line of summary) console.log(line);
