// Packed postings: MiniSearch reads them through Map methods, and must not tell the difference.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PackedDocuments, packTree, unpackTree, type TreeNode } from '../../src/search/packed.js';

/** A list packed as the bulk build packs it: documents ascending, then their frequencies. */
function packed(entries: readonly [number, number][]): PackedDocuments {
  const sorted = [...new Map(entries)].sort(([a], [b]) => a - b);
  const data = new Uint32Array(3 + 2 * sorted.length);
  sorted.forEach(([document, frequency], i) => {
    data[3 + i] = document;
    data[3 + sorted.length + i] = frequency;
  });
  return new PackedDocuments(data, 3, sorted.length);
}

const postings = fc.array(fc.tuple(fc.nat(500), fc.integer({ min: 1, max: 9 })), {
  maxLength: 40,
});
const operation = fc.oneof(
  fc.record({ kind: fc.constant('get' as const), document: fc.nat(500) }),
  fc.record({ kind: fc.constant('has' as const), document: fc.nat(500) }),
  fc.record({
    kind: fc.constant('set' as const),
    document: fc.nat(500),
    frequency: fc.integer({ min: 1, max: 9 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), document: fc.nat(500) }),
  fc.record({ kind: fc.constant('iterate' as const), document: fc.nat(500) }),
);

describe('packed documents', () => {
  it('answer every Map method as a Map of the same postings does, before and after changes', () => {
    fc.assert(
      fc.property(postings, fc.array(operation, { maxLength: 20 }), (entries, operations) => {
        const list = packed(entries);
        const map = new Map([...new Map(entries)].sort(([a], [b]) => a - b));
        for (const op of operations) {
          if (op.kind === 'get') assert.equal(list.get(op.document), map.get(op.document));
          if (op.kind === 'has') assert.equal(list.has(op.document), map.has(op.document));
          if (op.kind === 'set') {
            list.set(op.document, op.frequency);
            map.set(op.document, op.frequency);
          }
          if (op.kind === 'delete') assert.equal(list.delete(op.document), map.delete(op.document));
          if (op.kind === 'iterate')
            for (const document of list.keys()) assert.equal(list.get(document), map.get(document));
          assert.equal(list.size, map.size);
          assert.deepEqual([...list], [...map]);
          assert.deepEqual([...list.values()], [...map.values()]);
          const seen: [number, number][] = [];
          list.forEach((frequency, document) => seen.push([document, frequency]));
          assert.deepEqual(seen, [...map]);
        }
      }),
    );
  });

  it('pack into one block and come back with the same postings, changed lists included', () => {
    const changed = packed([
      [4, 1],
      [9, 2],
    ]);
    changed.set(2, 7);
    const tree: TreeNode = new Map<string, TreeNode | Map<number, Map<number, number>>>([
      [
        'ab',
        new Map([
          [
            '',
            new Map([
              [
                0,
                packed([
                  [1, 3],
                  [5, 1],
                ]),
              ],
              [2, changed],
            ]),
          ],
        ]),
      ],
      ['', new Map([[1, new Map([[8, 2]])]])],
    ]);
    const restored = unpackTree(packTree(tree));
    const plain = (node: TreeNode): unknown =>
      [...node].map(([key, child]) =>
        key === ''
          ? [
              key,
              [...(child as Map<number, Map<number, number>>)].map(([f, d]) => [f, [...d].sort()]),
            ]
          : [key, plain(child as TreeNode)],
      );
    assert.deepEqual(plain(restored), plain(tree));
  });
});
