import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import { acronymsSpelledOut, corpusAcronyms } from '../../src/search/acronyms.js';
import { PaperSearch } from '../../src/search/engine.js';
import { buildIndexes } from '../../src/search/index.js';

const papers = parseJsonPapers(JSON.parse(readFileSync('test/fixtures/papers.json', 'utf8')));

describe('acronyms the corpus defines', () => {
  const acronyms = corpusAcronyms(papers);

  it('learns an acronym from the title words whose initials spell it, skipping small words', () => {
    assert.deepEqual(acronyms.find((a) => a.acronym === 'dkm')?.terms, ['differenti', 'k', 'mean']);
    assert.ok(
      acronyms.some((a) => a.acronym === 'spin'),
      'Sharing Parameters of Isotropic Networks',
    );
  });

  it('does not invent one where the initials do not spell the short name', () => {
    assert.equal(
      acronyms.some((a) => a.acronym === 'leap'),
      false,
    );
  });

  it('adds the acronym to a query that spells out all its words, and only then', () => {
    assert.deepEqual(acronymsSpelledOut('differentiable k-means compression', acronyms), ['dkm']);
    assert.deepEqual(acronymsSpelledOut('k-means compression', acronyms), []);
  });

  it('lets a spelled-out query find papers that only write the acronym', () => {
    const search = new PaperSearch(papers, buildIndexes(papers));
    const ids = search
      .search({ query: 'neural network compression with differentiable k-means', limit: 5 })
      .map((h) => h.paper.id);
    assert.ok(ids.includes('edkm'), ids.join(', '));
  });
});
