/**
 * The baseline the search bench runs beside paperbot: plain MiniSearch (default options) on
 * the same documents, as a process answering one query per stdin line with its top 10 as
 * JSON, caching its index as MiniSearch's own JSON. Usage: plain-search.js <corpus> <cache>.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import MiniSearch from 'minisearch';
import { PLAIN_OPTIONS, plainIndex, type PlainDoc } from './plain-index.js';

const [corpusFile, cacheFile] = process.argv.slice(2);
if (corpusFile === undefined || cacheFile === undefined)
  throw new Error('usage: plain-search.js <corpus.json> <cache.json>');

function load(): MiniSearch<PlainDoc> {
  if (existsSync(cacheFile ?? ''))
    return MiniSearch.loadJSON(readFileSync(cacheFile ?? '', 'utf8'), PLAIN_OPTIONS);
  const papers = JSON.parse(readFileSync(corpusFile ?? '', 'utf8')) as Parameters<
    typeof plainIndex
  >[0];
  const index = plainIndex(papers);
  writeFileSync(cacheFile ?? '', JSON.stringify(index));
  return index;
}

const index = load();
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const results = index
    .search(line)
    .slice(0, 10)
    .map((r) => ({ id: String(r.id), score: r.score }));
  process.stdout.write(`${JSON.stringify({ query: line, results })}\n`);
}
