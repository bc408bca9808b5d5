/**
 * The baseline the search bench runs beside paperbot: plain MiniSearch (default options) on
 * the same documents, as a process answering one query per stdin line with its top 10 as
 * JSON, caching its index as MiniSearch's own JSON. Usage: plain-search.js <corpus> <cache>.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import MiniSearch from 'minisearch';

interface PlainDoc {
  id: string;
  title: string;
  authors: string;
  abstractText: string;
}

const OPTIONS = { fields: ['title', 'authors', 'abstractText'] };

const [corpusFile, cacheFile] = process.argv.slice(2);
if (corpusFile === undefined || cacheFile === undefined)
  throw new Error('usage: plain-search.js <corpus.json> <cache.json>');

function load(): MiniSearch<PlainDoc> {
  if (existsSync(cacheFile ?? ''))
    return MiniSearch.loadJSON(readFileSync(cacheFile ?? '', 'utf8'), OPTIONS);
  const papers = JSON.parse(readFileSync(corpusFile ?? '', 'utf8')) as {
    id: string;
    title: string;
    authors: string[];
    abstractText: string;
  }[];
  const index = new MiniSearch<PlainDoc>(OPTIONS);
  index.addAll(
    papers.map((p) => ({
      id: p.id,
      title: p.title,
      authors: p.authors.join(', '),
      abstractText: p.abstractText,
    })),
  );
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
