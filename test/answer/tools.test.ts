// The corpus as the LLM's tools: what each tool hands the model, called directly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ToolSession } from '../../src/answer/tools.js';
import { bundledSearch } from '../search/corpus-fixture.js';

const search = bundledSearch();

describe('count_papers', () => {
  it('counts every paper the query matches, those under the relevance floor included', () => {
    const { total, belowFloor } = search.find({ query: 'KV cache', limit: 1 });
    assert.ok(belowFloor > 0, 'the query has matches under the floor');
    const result: unknown = JSON.parse(
      new ToolSession(search).run('count_papers', '{"query": "KV cache"}'),
    );
    assert.deepEqual(result, { count: total + belowFloor });
  });

  it('counts the papers the filters pass when there is no query', () => {
    const result: unknown = JSON.parse(
      new ToolSession(search).run('count_papers', '{"year_from": 2024}'),
    );
    assert.deepEqual(result, { count: search.papers.filter((p) => p.year >= 2024).length });
  });
});

describe('paper_metadata', () => {
  it('gives a date whose year was inferred whole, said to be inferred, and a known one whole', () => {
    const metadataOf = (paper: string) =>
      JSON.parse(new ToolSession(search).run('paper_metadata', JSON.stringify({ paper }))) as {
        date: string;
        yearInferred?: boolean;
      };
    const inferred = search.papers.find((p) => p.dateInferred)!;
    const known = search.papers.find((p) => !p.dateInferred)!;
    assert.deepEqual(metadataOf(inferred.id), {
      ...metadataOf(inferred.id),
      date: inferred.date,
      yearInferred: true,
    });
    assert.equal(metadataOf(known.id).date, known.date);
    assert.equal(metadataOf(known.id).yearInferred, undefined);
  });
});
