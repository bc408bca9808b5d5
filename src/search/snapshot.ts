import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';

/**
 * An index as its Maps, for the index cache. `MiniSearch.loadJS` rebuilds every posting from
 * plain objects one `Map.set` at a time, after `JSON.parse` built those objects: seconds and
 * a gigabyte of garbage at 100k papers. `v8.serialize` of the Maps themselves is rebuilt by
 * V8 in native code. MiniSearch keeps them in fields its typings call private, so this reads
 * them only when they are all where MiniSearch 7 keeps them, and the index cache key holds
 * MiniSearch's version (options.ts); otherwise the snapshot is the public `toJSON` form.
 *
 * Even rebuilt natively, the postings are most of a restart: 12 million of them at 100k
 * papers took 2.2 s to deserialize and half a gigabyte of heap, while a search reads the
 * postings of a handful of terms. So each term's postings are kept as the bytes of their own
 * serialisation, in one buffer, and become Maps when MiniSearch first reads them (a term with
 * 20k postings, about 4 ms); terms no query asks for never cost heap at all.
 */

/** What a MiniSearch holds besides its options (minisearch 7.x). */
export interface IndexState {
  tree: TreeNode;
  documentCount: number;
  documentIds: Map<number, unknown>;
  idToShortId: Map<unknown, number>;
  fieldIds: Record<string, number>;
  fieldLength: Map<number, number[]>;
  avgFieldLength: number[];
  nextId: number;
  storedFields: Map<number, unknown>;
  dirtCount: number;
}

/** A term's postings as MiniSearch keeps them: field id → document short id → frequency. */
export type TermPostings = Map<number, Map<number, number>>;

/** The radix tree's nodes; a term's node holds its postings under the empty key. */
type TreeNode = Map<string, TreeNode | TermPostings>;
/** The same tree with each term's postings replaced by its number in `Deferred`. */
type SkeletonNode = Map<string, SkeletonNode | number>;

const LEAF = '';

interface Deferred {
  tree: SkeletonNode;
  /** Each term's postings serialised, one after the other; `ends[i]` is where term i's end. */
  postings: Uint8Array;
  ends: Uint32Array;
}

export type IndexSnapshot =
  { maps: Omit<IndexState, 'tree'>; deferred: Deferred } | { json: AsPlainObject };

/**
 * A term's postings still as bytes: a Map to MiniSearch, which reads and changes postings
 * only through Map methods, deserialized the first time any of them is called.
 */
class DeferredPostings extends Map<number, Map<number, number>> {
  #bytes: Uint8Array | undefined;

  constructor(bytes: Uint8Array) {
    super();
    this.#bytes = bytes;
  }

  #load(): this {
    const bytes = this.#bytes;
    if (bytes !== undefined) {
      this.#bytes = undefined;
      for (const [field, documents] of deserialize(bytes) as TermPostings)
        super.set(field, documents);
    }
    return this;
  }

  override get size(): number {
    this.#load();
    return super.size;
  }
  override get(field: number): Map<number, number> | undefined {
    return this.#load() && super.get(field);
  }
  override has(field: number): boolean {
    return this.#load() && super.has(field);
  }
  override set(field: number, documents: Map<number, number>): this {
    this.#load();
    return super.set(field, documents);
  }
  override delete(field: number): boolean {
    return this.#load() && super.delete(field);
  }
  override clear(): void {
    this.#load();
    super.clear();
  }
  override forEach(
    callback: (
      documents: Map<number, number>,
      field: number,
      map: Map<number, Map<number, number>>,
    ) => void,
    thisArg?: unknown,
  ): void {
    this.#load();
    super.forEach(callback, thisArg);
  }
  override keys(): MapIterator<number> {
    return this.#load() && super.keys();
  }
  override values(): MapIterator<Map<number, number>> {
    return this.#load() && super.values();
  }
  override entries(): MapIterator<[number, Map<number, number>]> {
    return this.#load() && super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, Map<number, number>]> {
    return this.entries();
  }
}

/** The tree with its postings set aside as bytes, term by term. */
function defer(root: TreeNode): Deferred {
  const chunks: Uint8Array[] = [];
  const skeletonOf = (node: TreeNode): SkeletonNode => {
    const skeleton: SkeletonNode = new Map();
    for (const [key, child] of node) {
      if (key === LEAF) {
        // One restored from a cache and never read still holds only its bytes: reading it
        // through its Map methods loads them, where serialising it would see an empty Map.
        const postings = child instanceof DeferredPostings ? new Map(child) : child;
        chunks.push(serialize(postings));
        skeleton.set(key, chunks.length - 1);
      } else skeleton.set(key, skeletonOf(child as TreeNode));
    }
    return skeleton;
  };
  const tree = skeletonOf(root);
  const ends = new Uint32Array(chunks.length);
  let end = 0;
  for (const [i, chunk] of chunks.entries()) ends[i] = end += chunk.length;
  return { tree, postings: Buffer.concat(chunks), ends };
}

function undefer({ tree, postings, ends }: Deferred): TreeNode {
  const nodeOf = (skeleton: SkeletonNode): TreeNode => {
    const node: TreeNode = new Map();
    for (const [key, child] of skeleton) {
      if (typeof child === 'number') {
        const start = child === 0 ? 0 : (ends[child - 1] ?? 0);
        node.set(key, new DeferredPostings(postings.subarray(start, ends[child])));
      } else node.set(key, nodeOf(child));
    }
    return node;
  };
  return nodeOf(tree);
}

interface Internals {
  _index: unknown;
  _documentCount: unknown;
  _documentIds: unknown;
  _idToShortId: unknown;
  _fieldIds: unknown;
  _fieldLength: unknown;
  _avgFieldLength: unknown;
  _nextId: unknown;
  _storedFields: unknown;
  _dirtCount: unknown;
}

/** Its package.json is not exported, so it is found beside the entry point Node resolves. */
function installedVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name && manifest.version !== undefined) return manifest.version;
    } catch {
      // No package.json here (dist/cjs): keep climbing.
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

export const MINISEARCH_VERSION = installedVersion('minisearch');

function stateOf(index: MiniSearch): IndexState | undefined {
  const own = index as unknown as Partial<Internals>;
  const tree = (own._index as { _tree?: unknown } | undefined)?._tree;
  const maps = [own._documentIds, own._idToShortId, own._fieldLength, own._storedFields];
  if (
    !KNOWN_LAYOUT ||
    // Not `instanceof`: MiniSearch's bundle holds its own copy of the SearchableMap class.
    typeof (own._index as { atPrefix?: unknown } | undefined)?.atPrefix !== 'function' ||
    !(tree instanceof Map) ||
    !maps.every((m) => m instanceof Map) ||
    typeof own._documentCount !== 'number' ||
    typeof own._nextId !== 'number' ||
    typeof own._dirtCount !== 'number' ||
    !Array.isArray(own._avgFieldLength) ||
    typeof own._fieldIds !== 'object'
  )
    return undefined;
  return {
    tree: tree as TreeNode,
    documentCount: own._documentCount,
    documentIds: own._documentIds as Map<number, unknown>,
    idToShortId: own._idToShortId as Map<unknown, number>,
    fieldIds: own._fieldIds as Record<string, number>,
    fieldLength: own._fieldLength as Map<number, number[]>,
    avgFieldLength: own._avgFieldLength as number[],
    nextId: own._nextId,
    storedFields: own._storedFields as Map<number, unknown>,
    dirtCount: own._dirtCount,
  };
}

export function snapshotOf(index: MiniSearch, json: () => AsPlainObject): IndexSnapshot {
  const state = stateOf(index);
  if (!state) return { json: json() };
  const { tree, ...maps } = state;
  return { maps, deferred: defer(tree) };
}

export function restore<T>(snapshot: IndexSnapshot, options: Options<T>): MiniSearch<T> {
  if ('json' in snapshot) return MiniSearch.loadJS(snapshot.json, options);
  return withState(options, snapshot.maps, new SearchableMap(undefer(snapshot.deferred) as never));
}

/** Whether MiniSearch keeps its index where and how `withState` puts it (version 7). */
export const KNOWN_LAYOUT = MINISEARCH_VERSION.startsWith('7.');

/** A MiniSearch holding the given state and terms, as if it had indexed the documents itself. */
export function withState<T>(
  options: Options<T>,
  state: Omit<IndexState, 'tree'>,
  terms: SearchableMap<TermPostings>,
): MiniSearch<T> {
  const index = new MiniSearch<T>(options);
  const internals: Internals = {
    _index: terms,
    _documentCount: state.documentCount,
    _documentIds: state.documentIds,
    _idToShortId: state.idToShortId,
    _fieldIds: state.fieldIds,
    _fieldLength: state.fieldLength,
    _avgFieldLength: state.avgFieldLength,
    _nextId: state.nextId,
    _storedFields: state.storedFields,
    _dirtCount: state.dirtCount,
  };
  Object.assign(index, internals);
  if (index.documentCount !== state.documentCount) throw new Error('index state not restored');
  return index;
}
