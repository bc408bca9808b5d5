// The index cache: a fresh cache is used, a stale one rebuilt, a broken one ignored.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type MiniSearch from 'minisearch';
import { PaperSearch } from '../../src/search/engine.js';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import {
  buildIndexes,
  CACHE_FILES_KEPT,
  cacheFileFor,
  indexKey,
  indexKeyOf,
  loadOrBuildIndexes,
  type PapersFile,
} from '../../src/search/index.js';
import {
  INDEX_SHAPE,
  paperIndexOptions,
  toIndexed,
  type IndexedPaper,
  type IndexShape,
} from '../../src/search/options.js';
import { restore, snapshotOf, type IndexSnapshot } from '../../src/search/snapshot.js';
import { bundledPapers } from './corpus-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'paperbot-cache-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
/** A cache file of its own for each test, in a directory that does not exist yet. */
const freshCacheFile = () =>
  cacheFileFor(join(root, `case-${(counter += 1)}`), '/corpus/papers.json');

const papers = bundledPapers();
const QUERIES = ['KV cache', 'lable refinery', 'mobilevitv2', 'segmentation', 'Mehta'];
const answers = (search: PaperSearch) =>
  QUERIES.map((query) =>
    search.search({ query, limit: 5 }).map((h) => [h.paper.id, h.score, h.snippet]),
  );

describe('loadOrBuildIndexes', () => {
  it('builds the index the first time and writes the cache file', () => {
    const file = freshCacheFile();
    assert.equal(loadOrBuildIndexes(papers, file).source, 'built');
    assert.ok(existsSync(file));
  });

  it('reads the cache the second time, with identical search results', () => {
    const file = freshCacheFile();
    const built = loadOrBuildIndexes(papers, file);
    const cached = loadOrBuildIndexes(papers, file);
    assert.equal(cached.source, 'cache');
    assert.deepEqual(
      answers(new PaperSearch(papers, cached.indexes)),
      answers(new PaperSearch(papers, built.indexes)),
    );
  });

  /** A papers file as the app describes one, counting how often it is read and hashed. */
  const papersFile = (stamp: string | undefined, key = indexKey(papers), parsed = papers) => {
    const counts = { reads: 0, hashes: 0 };
    const file: PapersFile = {
      read: () => {
        counts.reads += 1;
        return { papers: parsed, key: indexKey(parsed) };
      },
      key: () => {
        counts.hashes += 1;
        return key;
      },
      stamp,
    };
    return { file, counts };
  };

  it("takes an unchanged papers file's papers from the cache, without reading the file", () => {
    const cacheFile = freshCacheFile();
    const { file, counts } = papersFile('dev:ino:size:mtime:ctime');
    const built = loadOrBuildIndexes(file, cacheFile);
    const cached = loadOrBuildIndexes(file, cacheFile);
    assert.equal(cached.source, 'cache');
    assert.deepEqual(counts, { reads: 1, hashes: 1 });
    assert.equal(cached.corpusKey, built.corpusKey);
    assert.deepEqual(cached.papers, built.papers);
    assert.deepEqual(
      answers(new PaperSearch(cached.papers, cached.indexes)),
      answers(new PaperSearch(papers, built.indexes)),
    );
  });

  it('hashes a papers file whose stamp changed, and keeps the cache if its content did not', () => {
    const cacheFile = freshCacheFile();
    loadOrBuildIndexes(papersFile('before').file, cacheFile);
    const { file, counts } = papersFile('touched');
    assert.equal(loadOrBuildIndexes(file, cacheFile).source, 'cache');
    assert.deepEqual(counts, { reads: 0, hashes: 1 });
  });

  it('rebuilds for a papers file whose stamp and content changed', () => {
    const cacheFile = freshCacheFile();
    loadOrBuildIndexes(papersFile('before').file, cacheFile);
    const edited = papersFile('after', indexKey(papers.slice(1)));
    assert.equal(loadOrBuildIndexes(edited.file, cacheFile).source, 'built');
    assert.deepEqual(edited.counts, { reads: 1, hashes: 1 });
  });

  it('caches a papers file replaced after it was keyed under the key of what was parsed', () => {
    const cacheFile = freshCacheFile();
    const edited = papers.slice(1);
    // Keyed as it was, replaced before it was read again to be parsed.
    const raced = loadOrBuildIndexes(papersFile('s1', indexKey(papers), edited).file, cacheFile);
    assert.equal(raced.corpusKey, indexKey(edited));
    const again = loadOrBuildIndexes(papersFile('s2', indexKey(edited), edited).file, cacheFile);
    assert.equal(again.source, 'cache');
    assert.deepEqual(again.papers, edited);
    // Back to what it held when it was first keyed: not the edited papers.
    const back = loadOrBuildIndexes(papersFile('s3').file, cacheFile);
    assert.equal(back.source, 'built');
    assert.deepEqual(back.papers, papers);
  });

  it('hashes a papers file every time when it has no stamp', () => {
    const cacheFile = freshCacheFile();
    const { file, counts } = papersFile(undefined);
    loadOrBuildIndexes(file, cacheFile);
    assert.equal(loadOrBuildIndexes(file, cacheFile).source, 'cache');
    assert.equal(counts.hashes, 2);
  });

  it('does not take papers from a cache written without them', () => {
    const cacheFile = freshCacheFile();
    loadOrBuildIndexes(papers, cacheFile, indexKey(papers));
    assert.equal(loadOrBuildIndexes(papersFile('stamp').file, cacheFile).source, 'built');
  });

  it('autocompletes titles identically from the cache', () => {
    const file = freshCacheFile();
    const built = new PaperSearch(papers, loadOrBuildIndexes(papers, file).indexes);
    const cached = new PaperSearch(papers, loadOrBuildIndexes(papers, file).indexes);
    assert.deepEqual(cached.autocompleteTitles('mob'), built.autocompleteTitles('mob'));
  });

  it('rebuilds when a paper changed, and the rebuilt index knows the change', () => {
    const file = freshCacheFile();
    loadOrBuildIndexes(papers, file);
    const changed = papers.map((p) =>
      p.id === 'leap' ? { ...p, title: 'LEAP: Zebra Pruning of Large Language Models' } : p,
    );
    const loaded = loadOrBuildIndexes(changed, file);
    assert.equal(loaded.source, 'built');
    assert.equal(
      new PaperSearch(changed, loaded.indexes).search({ query: 'zebra', limit: 1 })[0]?.paper.id,
      'leap',
    );
  });

  it('rebuilds when a paper was removed', () => {
    const file = freshCacheFile();
    loadOrBuildIndexes(papers, file);
    assert.equal(loadOrBuildIndexes(papers.slice(1), file).source, 'built');
  });

  it('overwrites a stale cache rather than keeping both', () => {
    const file = freshCacheFile();
    loadOrBuildIndexes(papers, file);
    loadOrBuildIndexes(papers.slice(1), file);
    assert.deepEqual(readdirSync(dirname(file)), [file.slice(dirname(file).length + 1)]);
  });

  for (const [what, content] of [
    ['truncated', '{"key": "'],
    ['empty', ''],
    ['not an object', 'null'],
    ['missing its indexes', null],
  ] as const) {
    it(`treats a ${what} cache file as a miss, not a crash, and replaces it`, () => {
      const file = freshCacheFile();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content ?? JSON.stringify({ key: indexKey(papers) }));
      assert.equal(loadOrBuildIndexes(papers, file).source, 'built');
      assert.equal(loadOrBuildIndexes(papers, file).source, 'cache');
    });
  }

  /** A cache file as written, then changed by `damage` the way a disk or a copy can. */
  const damagedCache = (damage: (bytes: Buffer) => Buffer) => {
    const file = freshCacheFile();
    loadOrBuildIndexes(papers, file);
    writeFileSync(file, damage(readFileSync(file)));
    return file;
  };

  it('rebuilds a cache file cut short, saying so, and replaces it', () => {
    const file = damagedCache((bytes) => bytes.subarray(0, bytes.length - 1000));
    const loaded = loadOrBuildIndexes(papers, file);
    assert.equal(loaded.source, 'built');
    assert.match(loaded.damaged ?? '', /bytes where \d+ were written/);
    assert.equal(loadOrBuildIndexes(papers, file).source, 'cache');
  });

  it('rebuilds a cache file with a byte changed, which deserializing alone does not notice', () => {
    const file = damagedCache((bytes) => {
      const changed = Buffer.from(bytes);
      const at = Math.floor(changed.length * 0.75);
      changed[at] = (changed[at] ?? 0) ^ 0x01;
      return changed;
    });
    const loaded = loadOrBuildIndexes(papers, file);
    assert.equal(loaded.source, 'built');
    assert.equal(loaded.damaged, 'its checksum does not match');
    assert.deepEqual(
      answers(new PaperSearch(papers, loaded.indexes)),
      answers(new PaperSearch(papers, buildIndexes(papers))),
    );
    assert.equal(loadOrBuildIndexes(papers, file).source, 'cache');
  });

  it('reads an intact cache without calling it damaged', () => {
    const file = freshCacheFile();
    loadOrBuildIndexes(papers, file);
    assert.equal(loadOrBuildIndexes(papers, file).damaged, undefined);
  });

  it('still searches when the cache cannot be written', () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const loaded = loadOrBuildIndexes(papers, join(blocker, 'index.json'));
    assert.equal(loaded.source, 'built');
    assert.equal(loaded.unwritten, 'ENOTDIR', 'says why, for the log');
    assert.equal(
      new PaperSearch(papers, loaded.indexes).search({ query: 'catlip', limit: 1 })[0]?.paper.id,
      'catlip',
    );
  });
});

describe('the cache directory', () => {
  const few = papers.slice(0, 3);
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
  /** A directory with a cache written for each of `count` corpus locations, the first the oldest. */
  const directoryWith = (count: number) => {
    const dir = join(root, `dir-${(counter += 1)}`);
    const files = Array.from({ length: count }, (_, i) => cacheFileFor(dir, `/corpus/${i}.json`));
    files.forEach((file, i) => {
      loadOrBuildIndexes(few, file);
      utimesSync(file, hoursAgo(count - i), hoursAgo(count - i));
    });
    return { dir, files };
  };
  const listed = (dir: string) => readdirSync(dir).sort();
  const names = (files: readonly string[]) => files.map((f) => f.slice(dirname(f).length + 1));

  it(`keeps the ${CACHE_FILES_KEPT} most recently used cache files when it writes one`, () => {
    const { dir, files } = directoryWith(CACHE_FILES_KEPT + 3);
    assert.deepEqual(listed(dir), names(files.slice(3)).sort());
  });

  it('counts reading a cache as using it', () => {
    const { dir, files } = directoryWith(CACHE_FILES_KEPT);
    const [oldest, second] = files;
    assert.ok(oldest && second);
    assert.equal(loadOrBuildIndexes(few, oldest).source, 'cache');
    loadOrBuildIndexes(few, cacheFileFor(dir, '/corpus/new.json'));
    assert.ok(existsSync(oldest), 'used a moment ago');
    assert.ok(!existsSync(second), 'the least recently used is gone');
  });

  it("removes old-format caches and a crashed write's leftovers, and nothing else", () => {
    const dir = join(root, `dir-${(counter += 1)}`);
    mkdirSync(dir, { recursive: true });
    const oldFormat = 'index-0123456789abcdef.json';
    const abandoned = 'index-0123456789abcdef.v8.4242.0011223344556677.tmp';
    const inProgress = 'index-fedcba9876543210.v8.4343.8899aabbccddeeff.tmp';
    for (const name of [oldFormat, abandoned, inProgress, 'notes.txt'])
      writeFileSync(join(dir, name), 'x');
    utimesSync(join(dir, abandoned), hoursAgo(2), hoursAgo(2));
    mkdirSync(join(dir, 'test-build'));
    const file = cacheFileFor(dir, '/corpus/papers.json');
    loadOrBuildIndexes(few, file);
    assert.deepEqual(listed(dir), [...names([file]), inProgress, 'notes.txt', 'test-build'].sort());
  });
});

describe('buildIndexes', () => {
  it('indexes an abstract containing the word "constructors"', () => {
    const corpus = parseJsonPapers([
      {
        title: 'Network Constructors',
        authors: ['Ann Lee'],
        abstract: 'We build constructors.',
        year: 2020,
      },
    ]);
    const search = new PaperSearch(corpus, buildIndexes(corpus));
    assert.equal(search.search({ query: 'network' }).length, 1);
  });
});

describe('cacheFileFor', () => {
  it('gives each corpus location its own file in the cache directory', () => {
    const a = cacheFileFor('/cache', '/x/papers.json');
    const b = cacheFileFor('/cache', '/y/papers.json');
    assert.notEqual(a, b);
    assert.equal(dirname(a), '/cache');
    assert.equal(cacheFileFor('/cache', '/x/papers.json'), a);
  });
});

describe('indexKey', () => {
  it('changes with the papers and only with them', () => {
    assert.equal(indexKey(bundledPapers()), indexKey(papers));
    assert.notEqual(indexKey(papers.slice(1)), indexKey(papers));
  });
});

describe('the cache key covers everything that shapes the index', () => {
  const text = JSON.stringify(papers);
  const rules = INDEX_SHAPE.terms;
  const changes: [string, IndexShape][] = [
    [
      'a stop word added',
      { ...INDEX_SHAPE, terms: { ...rules, stopWords: new Set([...rules.stopWords, 'cache']) } },
    ],
    [
      'an acronym added',
      {
        ...INDEX_SHAPE,
        terms: { ...rules, acronyms: new Map([...rules.acronyms, ['sgd', ['gradient']]]) },
      },
    ],
    ['the CamelCase rule', { ...INDEX_SHAPE, terms: { ...rules, camelBoundary: /(?=\p{Lu})/u } }],
    ['another stemmer', { ...INDEX_SHAPE, terms: { ...rules, stemmer: (w: string) => w } }],
    ['another tokenizer', { ...INDEX_SHAPE, tokenizer: (t: string) => t.split(' ') }],
    ['another MiniSearch version', { ...INDEX_SHAPE, minisearch: '8.0.0' }],
    [
      'another processTerm',
      {
        ...INDEX_SHAPE,
        papers: { ...INDEX_SHAPE.papers, processTerm: (t: string) => t.toLowerCase() },
      },
    ],
    [
      'a field dropped',
      { ...INDEX_SHAPE, papers: { ...INDEX_SHAPE.papers, fields: ['title', 'abstractText'] } },
    ],
    [
      'a search default changed',
      { ...INDEX_SHAPE, titles: { ...INDEX_SHAPE.titles, searchOptions: { prefix: false } } },
    ],
  ];

  it('is the same for the same corpus and shape, so a restart hits the cache', () => {
    const file = freshCacheFile();
    loadOrBuildIndexes(papers, file, indexKeyOf(text));
    assert.equal(
      loadOrBuildIndexes(papers, file, indexKeyOf(text, { ...INDEX_SHAPE })).source,
      'cache',
    );
  });

  for (const [what, shape] of changes) {
    it(`misses the cache after ${what}`, () => {
      const file = freshCacheFile();
      loadOrBuildIndexes(papers, file, indexKeyOf(text));
      assert.equal(loadOrBuildIndexes(papers, file, indexKeyOf(text, shape)).source, 'built');
    });
  }
});

describe('index snapshots', () => {
  it("fall back to MiniSearch's public serialised form when its fields are not where version 7 keeps them", () => {
    const built = buildIndexes(papers).papers;
    const unfamiliar = Object.create(built) as MiniSearch<IndexedPaper>;
    Object.defineProperty(unfamiliar, '_index', { value: undefined });
    const snapshot = snapshotOf(unfamiliar, () => built.toJSON());
    assert.ok('json' in snapshot);
    const restored = restore(snapshot, paperIndexOptions);
    assert.deepEqual(
      restored.search('segmentation').map((r) => String(r.id)),
      built.search('segmentation').map((r) => String(r.id)),
    );
  });

  it('hold the Maps themselves when the fields are familiar', () => {
    const built = buildIndexes(papers).papers;
    const snapshot = snapshotOf(built, () => built.toJSON());
    assert.ok('maps' in snapshot);
    const restored = restore(
      deserialize(serialize(snapshot)) as typeof snapshot,
      paperIndexOptions,
    );
    assert.equal(restored.documentCount, built.documentCount);
    assert.deepEqual(restored.search('KV cache'), built.search('KV cache'));
  });

  // A restored index holds each term's postings as bytes until they are read (snapshot.ts).
  const viaCache = (index: MiniSearch<IndexedPaper>) =>
    restore(
      deserialize(serialize(snapshotOf(index, () => index.toJSON()))) as IndexSnapshot,
      paperIndexOptions,
    );

  it('take papers added and removed after a restore as the built index does', () => {
    const built = buildIndexes(papers).papers;
    const restored = viaCache(built);
    const [first, second] = papers.map(toIndexed);
    assert.ok(first && second);
    for (const index of [built, restored]) {
      index.remove(first);
      index.add({ ...second, id: 'copy', title: `${second.title} revisited` });
    }
    for (const query of [...QUERIES, 'revisited', first.title])
      assert.deepEqual(restored.search(query), built.search(query), query);
  });

  it('keep every posting through a second snapshot of a restored index', () => {
    const built = buildIndexes(papers).papers;
    const twice = viaCache(viaCache(built));
    for (const query of QUERIES) assert.deepEqual(twice.search(query), built.search(query), query);
  });
});
