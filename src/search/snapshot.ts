import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import {
  packTree,
  unpackTree,
  type PackedTree,
  type TermPostings,
  type TreeNode,
} from './packed.js';

/**
 * An index as its Maps, for the index cache. `MiniSearch.loadJS` rebuilds every posting from
 * plain objects one `Map.set` at a time, after `JSON.parse` built those objects: seconds and
 * a gigabyte of garbage at 100k papers. `v8.serialize` of the Maps themselves is rebuilt by
 * V8 in native code. MiniSearch keeps them in fields its typings call private, so this reads
 * them only when they are all where MiniSearch 7 keeps them, and the index cache key holds
 * MiniSearch's version (options.ts); otherwise the snapshot is the public `toJSON` form.
 *
 * The postings, most of an index, are packed into one typed array instead (packed.ts).
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

export type IndexSnapshot =
  { maps: Omit<IndexState, 'tree'>; packed: PackedTree } | { json: AsPlainObject };

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

export function stateOf<T>(index: MiniSearch<T>): IndexState | undefined {
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

/** The radix tree of terms MiniSearch searches, when it keeps one where version 7 does. */
export function termMapOf<T>(index: MiniSearch<T>): SearchableMap<TermPostings> | undefined {
  const terms = (index as unknown as Partial<Internals>)._index;
  return stateOf(index) ? (terms as SearchableMap<TermPostings>) : undefined;
}

export function snapshotOf(index: MiniSearch, json: () => AsPlainObject): IndexSnapshot {
  const state = stateOf(index);
  if (!state) return { json: json() };
  const { tree, ...maps } = state;
  return { maps, packed: packTree(tree) };
}

export function restore<T>(snapshot: IndexSnapshot, options: Options<T>): MiniSearch<T> {
  if ('json' in snapshot) return MiniSearch.loadJS(snapshot.json, options);
  return withState(options, snapshot.maps, new SearchableMap(unpackTree(snapshot.packed) as never));
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
