// The query planner on a corpus large enough for it to plan: 10k generated papers whose
// common words each sit in thousands of abstracts, as on a large real collection. The default
// budget plans only past about a million papers, so the specs plan with smaller ones.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import type { Paper } from '../../src/corpus/schema.js';
import { PaperSearch } from '../../src/search/engine.js';
import { buildIndexes, type PaperIndexes } from '../../src/search/index.js';
import { planSearch, termSpecsOf } from '../../src/search/planner.js';
import { bundledPapers, random } from './corpus-fixture.js';

const PAPERS = 10_000;
const VOCABULARY = 3_000;

/** Pronounceable words, so stemming and fuzzy matching meet word-like terms. */
function vocabulary(next: () => number): string[] {
  const syllables = [
    'ka',
    'lor',
    'mi',
    'nes',
    'tra',
    'vel',
    'qu',
    'ion',
    'dex',
    'sa',
    'pho',
    'rim',
  ];
  const words = new Set<string>();
  while (words.size < VOCABULARY) {
    const length = 2 + Math.floor(next() * 3);
    let word = '';
    for (let i = 0; i < length; i++) word += syllables[Math.floor(next() * syllables.length)];
    words.add(word);
  }
  return [...words];
}

/** Zipf-like: the first words are in most abstracts, the last in a handful. */
function zipfPick(next: () => number, words: readonly string[]): string {
  return words[Math.floor(Math.exp(next() * Math.log(words.length + 1))) - 1] ?? words[0] ?? '';
}

const PLANNING_BUDGET = 20_000;

const TARGET_TITLE = 'Quiescent Lattice Distillation for Tiny Radar Beamformers';

function corpus(): Paper[] {
  const next = random(42);
  const words = vocabulary(next);
  const sentence = (n: number) => Array.from({ length: n }, () => zipfPick(next, words)).join(' ');
  const inputs = Array.from({ length: PAPERS }, (_, i) => ({
    id: `gen-${i}`,
    title: sentence(8),
    authors: [`Author ${i % 700}`],
    abstract: `${sentence(60)}. ${sentence(60)}.`,
    year: 2015 + (i % 10),
  }));
  inputs[PAPERS / 2] = {
    id: 'target',
    title: TARGET_TITLE,
    authors: ['Ada Quill'],
    abstract: `${sentence(40)} lattice distillation compresses radar beamformers. ${sentence(40)}.`,
    year: 2024,
  };
  return parseJsonPapers(inputs);
}

/**
 * Queries as people write them: a very common word, two frequent ones and a rarer one, so
 * each touches far more postings than the budget, as every word-rich query does at scale.
 */
function commonQueries(words: readonly string[]): string[] {
  return Array.from({ length: 12 }, (_, i) =>
    [words[i], words[10 + 3 * i], words[25 + 5 * i], words[100 + 17 * i]].join(' '),
  );
}

describe('the query planner on 10k papers', () => {
  let papers: Paper[];
  let indexes: PaperIndexes;
  /** A budget under most common words' postings here, as the default is on a million papers. */
  let search: PaperSearch;
  let unbudgeted: PaperSearch;
  /** A budget far under one common word's postings, as a 100k-paper library would have. */
  let tight: PaperSearch;
  before(() => {
    papers = corpus();
    indexes = buildIndexes(papers);
    search = new PaperSearch(papers, indexes, {
      resultCacheSize: 0,
      postingBudget: PLANNING_BUDGET,
    });
    unbudgeted = new PaperSearch(papers, indexes, { resultCacheSize: 0, postingBudget: Infinity });
    tight = new PaperSearch(papers, indexes, { resultCacheSize: 0, postingBudget: 2_000 });
  });

  it('narrows or drops the common words of a query over the budget', () => {
    const counts = indexes.paperPostings;
    assert.ok(counts, 'posting counts come with a built index');
    const query = commonQueries(vocabulary(random(42)))[0] ?? '';
    const planned = planSearch(query, counts, { budget: PLANNING_BUDGET });
    assert.notDeepEqual(planned.terms, planSearch(query, counts, { budget: Infinity }).terms);
    assert.ok(planned.leftOut.length > 0);
  });

  it('finds the paper a query names, common words and all', () => {
    const hits = search.search({
      query: `${vocabulary(random(42)).slice(0, 4).join(' ')} lattice distillation radar beamformers`,
      limit: 5,
    });
    assert.equal(hits[0]?.paper.id, 'target');
  });

  it('keeps nearly all of the top ten that the unplanned search finds', () => {
    const top = (from: PaperSearch, query: string) =>
      from.search({ query, limit: 10 }).map((h) => h.paper.id);
    const queries = commonQueries(vocabulary(random(42)));
    let shared = 0;
    for (const query of queries) {
      const planned = new Set(top(search, query));
      shared += top(unbudgeted, query).filter((id) => planned.has(id)).length;
    }
    const agreement = shared / (queries.length * 10);
    // Without the left-out words counted back into the best results it is about 0.8.
    assert.ok(agreement >= 0.9, `planned and unplanned top 10 share ${agreement.toFixed(2)}`);
  });

  it("finds a named author's best papers on common words as the unplanned search does", () => {
    const words = vocabulary(random(42));
    for (const author of ['Author 7', 'Author 321']) {
      // Words in about half the abstracts and few titles: each far over the budget.
      const query = words.slice(20, 23).join(' ');
      const top = (from: PaperSearch) =>
        from
          .search({ query, limit: 5, filters: { author } })
          .map((h) => h.paper.id)
          .sort();
      assert.deepEqual(top(tight), top(unbudgeted), query);
    }
  });

  it("ranks a named author's papers as the unplanned search does, unfinished last word and all", () => {
    const words = vocabulary(random(42));
    // Common words, the last one cut short as someone still typing it: its prefix variants count.
    const query = `${words.slice(20, 22).join(' ')} ${words[22]?.slice(0, 4) ?? ''}`;
    const ranked = (from: PaperSearch) =>
      from
        .search({ query, limit: 5, filters: { author: 'Author 7' } })
        .map((h) => `${h.paper.id} ${h.score}`);
    assert.deepEqual(ranked(tight), ranked(unbudgeted), query);
  });
});

describe('which variants a query term gets', () => {
  const papers = bundledPapers();
  const counts = buildIndexes(papers).paperPostings;
  const specs = (query: string) => {
    assert.ok(counts);
    return new Map(termSpecsOf(query, counts).map((s) => [s.term, s]));
  };

  it('reads only the last word as unfinished, so only it is a prefix', () => {
    const terms = specs('efficient transf');
    assert.equal(terms.get('effici')?.prefix, false);
    assert.equal(terms.get('transf')?.prefix, true);
  });

  it('takes a word the corpus holds as meant, and a misspelt one as the closest common term', () => {
    const terms = specs('segmentaton transformers lable');
    assert.deepEqual([...terms.keys()], ['segment', 'transformer', 'label']);
    assert.equal(terms.get('transformer')?.weight, 1);
    assert.ok((terms.get('segment')?.weight ?? 1) < 1);
    assert.ok((terms.get('label')?.weight ?? 1) < 1);
  });

  it('corrects a misspelling by the word typed, not by its shorter stem', () => {
    // "langaug" is two edits from "languag" and from RangeAugment's rare "rangeaug"; as typed,
    // "langauge" may have two edits, and the commoner term is the one meant.
    assert.deepEqual([...specs('langauge').keys()], ['languag']);
  });

  it('reads two swapped letters on the word typed, whose stem may be another word one swap away', () => {
    // "transfromer" stems to "transfrom", one swap from "transform"; the word is "transformer".
    const [meant, ...others] = specs('transfromer ').values();
    assert.deepEqual(others, []);
    assert.equal(meant?.term, 'transformer');
    assert.ok(meant && meant.weight > 0.8 && meant.weight < 1);
  });

  it('weighs a corrected word close to a word typed right, so it still counts in a longer query', () => {
    const terms = specs('efficient transformr');
    assert.equal(terms.get('effici')?.weight, 1);
    assert.ok((terms.get('transformer')?.weight ?? 0) > 0.8);
  });

  it('also searches a hyphenated word as one when the corpus writes it so', () => {
    assert.equal(specs('differentiable k-means').has('kmean'), true);
    // No paper writes "deep-sea" or "deepsea".
    assert.deepEqual([...specs('deep-sea').keys()].sort(), ['deep', 'sea']);
  });

  it('takes the last word as unfinished, not misspelt, when terms of the corpus begin with it', () => {
    for (const typing of ['superpo', 'superpos', 'superposit', 'superpositi']) {
      const [only, ...others] = [...specs(typing).values()];
      assert.deepEqual(others, [], typing);
      // Its stem ("superpos" → "superpo"), looked up as a prefix, at full weight.
      assert.ok(only && typing.startsWith(only.term) && only.prefix && only.weight === 1, typing);
    }
  });

  it('reads a word written as one that the corpus writes as two as both its parts', () => {
    assert.deepEqual([...specs('imageclassification').keys()].sort(), ['classif', 'imag']);
    assert.deepEqual([...specs('objectdetection').keys()].sort(), ['detect', 'object']);
  });

  it('reads a word written as one that the corpus writes with a hyphen as that word', () => {
    // The index holds "Light-weight" and "fine-tuning" also as one word (terms.ts).
    assert.deepEqual([...specs('lightweight').keys()], ['lightweight']);
    assert.deepEqual([...specs('finetuning').keys()], ['finetun']);
  });

  it('stands the longest term that begins a word misspelt past its stem in for it', () => {
    assert.deepEqual([...specs('segmentaion').keys()], ['segment']);
    assert.deepEqual([...specs('quantizaton').keys()], ['quantiz']);
  });

  it('counts a word typed twice twice', () => {
    assert.equal(specs('end to end pruning').get('end')?.repeats, 2);
  });
});

describe('a search without posting counts', () => {
  it('warns once that it cannot plan, and still searches', () => {
    const papers = bundledPapers();
    const warnings: string[] = [];
    const search = new PaperSearch(
      papers,
      { ...buildIndexes(papers), paperPostings: undefined },
      { log: { warn: (_details, message) => warnings.push(message) } },
    );
    assert.ok(search.search({ query: 'KV cache', limit: 3 }).length > 0);
    search.search({ query: 'segmentation', limit: 3 });
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0] ?? '', /planning unavailable/);
  });
});
