// Ranking among look-alikes: papers that share a query's words with the paper it is about
// (in a short title, or in the parts of a coined name) but whose abstracts are about
// something else, as happens once a library holds thousands of papers (bench/recall.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import { textTermsOf, termsOf } from '../../src/search/terms.js';
import { searchOver } from './corpus-fixture.js';

const FILLER = [
  'we study image classification benchmarks',
  'our detector improves accuracy on standard datasets',
  'experiments on speech recognition show gains',
  'the policy learns to navigate indoor scenes',
  'a dataset of annotated photographs is released',
  'results on translation tasks are reported',
];

function filler(i: number, sentences = 4): string {
  return Array.from({ length: sentences }, (_, k) => FILLER[(i + k) % FILLER.length]).join('. ');
}

function paper(id: string, title: string, abstract: string) {
  return { id, title, authors: [`Author ${id}`], abstract, year: 2023 };
}

const others = Array.from({ length: 60 }, (_, i) =>
  paper(`other-${i}`, `Study ${i} of Visual Recognition`, filler(i)),
);

describe('look-alike titles', () => {
  it('rank below the paper whose abstract is about the query', () => {
    const papers = parseJsonPapers([
      paper(
        'target',
        'An Efficient and Accurate Train-time Weight Clustering Method for Large Language Models',
        `${filler(0, 8)}. Weight clustering compresses a model by sharing weights.`,
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        paper(`lookalike-${i}`, 'Train-time Weight Clustering', filler(i)),
      ),
      ...others,
    ]);
    const hits = searchOver(papers).search({ query: 'train-time weight clustering', limit: 3 });
    assert.equal(hits[0]?.paper.id, 'target', hits.map((h) => h.paper.id).join(', '));
  });
});

describe('coined names', () => {
  it('index an acronym they build on, not their capitalised words', () => {
    assert.ok(textTermsOf('eDKM').includes('dkm'));
    assert.ok(textTermsOf('LazyLLM').includes('llm'));
    assert.equal(textTermsOf('SparseRobel').includes('spars'), false);
  });

  it('are still split when typed in a query', () => {
    assert.ok(termsOf('SparseRobel').includes('spars'));
  });

  it('do not make a paper about their words', () => {
    const papers = parseJsonPapers([
      paper(
        'target',
        'Discovering Neural Wirings',
        'Finding a good architecture is akin to finding a sparse subnetwork of the complete ' +
          'graph; we discover sparse subnetworks of predefined architectures.',
      ),
      ...Array.from({ length: 6 }, (_, i) =>
        paper(`coined-${i}`, `SparseKavo${i}: Token Pooling`, filler(i)),
      ),
      ...others,
    ]);
    const hits = searchOver(papers).search({ query: 'sparse subnetworks', limit: 3 });
    assert.equal(hits[0]?.paper.id, 'target', hits.map((h) => h.paper.id).join(', '));
  });
});
