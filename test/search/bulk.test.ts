// The bulk build: the index MiniSearch's own addAll would build, made faster.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import MiniSearch, { type Options } from 'minisearch';
import { bulkIndex } from '../../src/search/bulk.js';
import {
  paperIndexOptions,
  titleIndexOptions,
  toIndexed,
  type TitleEntry,
} from '../../src/search/options.js';
import { PostingCounts } from '../../src/search/postings.js';
import { bundledPapers } from './corpus-fixture.js';

const indexed = bundledPapers().map(toIndexed);
/** What real lists hold besides plain papers: empty fields, repeats, odd Unicode. */
const odd = [
  { ...indexed[0], id: 'empty', shortName: '', authors: '', abstractText: '' },
  { ...indexed[1], id: 'repeats', title: 'Pruning pruning PRUNING pruned prunes' },
  { ...indexed[2], id: 'unicode', title: 'Ｆｕｌｌ-width Über naïve “quotes” — 😀 ViT-B/16' },
];

function viaAddAll<T>(documents: readonly T[], options: Options<T>): MiniSearch<T> {
  const index = new MiniSearch<T>(options);
  index.addAll(documents);
  return index;
}

describe('the bulk build', () => {
  for (const [what, documents, options] of [
    ['papers', [...indexed, ...odd], paperIndexOptions],
    ['titles', indexed.map((p): TitleEntry => ({ id: p.id, title: p.title })), titleIndexOptions],
  ] as const) {
    it(`builds the ${what} index addAll builds, Map for Map`, () => {
      const bulk = bulkIndex<object>(documents, options as Options<object>);
      assert.ok(bulk, 'MiniSearch 7 is installed');
      assert.deepEqual(
        bulk.index.toJSON(),
        viaAddAll<object>(documents, options as Options<object>).toJSON(),
      );
    });

    it(`counts the documents holding each term of the ${what} as the index does`, () => {
      const bulk = bulkIndex<object>(documents, options as Options<object>);
      assert.ok(bulk);
      assert.deepEqual(
        PostingCounts.fromJSON(bulk.postingCounts).toJSON(),
        PostingCounts.fromIndex(bulk.index.toJSON())?.toJSON(),
      );
    });
  }

  it('searches and changes afterwards as an index built by addAll does', () => {
    const bulk = bulkIndex(indexed, paperIndexOptions);
    assert.ok(bulk);
    const plain = viaAddAll(indexed, paperIndexOptions);
    const [first, second] = indexed;
    assert.ok(first && second);
    for (const index of [bulk.index, plain]) {
      index.remove(first);
      index.add({ ...second, id: 'copy' });
    }
    for (const query of ['KV cache', 'mobile vision transformer', first.title, 'Mehta'])
      assert.deepEqual(bulk.index.search(query), plain.search(query), query);
  });

  it('refuses a document without an id, or one id twice, as addAll does', () => {
    const [first] = indexed;
    assert.ok(first);
    const withoutId = { ...first, id: undefined } as unknown as typeof first;
    assert.throws(() => bulkIndex([withoutId], paperIndexOptions), /ID field/);
    assert.throws(() => bulkIndex([first, first], paperIndexOptions), /duplicate ID/);
  });

  it("splits text with the index's own tokenizer, as addAll does", () => {
    const options = { ...paperIndexOptions, tokenize: (text: string) => text.split(' ') };
    assert.deepEqual(
      bulkIndex(indexed, options)?.index.toJSON(),
      viaAddAll(indexed, options).toJSON(),
    );
  });
});
