import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';

/**
 * An index as its Maps, for the index cache. `MiniSearch.loadJS` rebuilds every posting from
 * plain objects one `Map.set` at a time, after `JSON.parse` built those objects: seconds and
 * a gigabyte of garbage at 100k papers. `v8.serialize` of the Maps themselves is rebuilt by
 * V8 in native code. MiniSearch keeps them in fields its typings call private, so this reads
 * them only when they are all where MiniSearch 7 keeps them, and the index cache key holds
 * MiniSearch's version (options.ts); otherwise the snapshot is the public `toJSON` form.
 */

/** What a MiniSearch holds besides its options (minisearch 7.x). */
interface IndexState {
  tree: Map<string, unknown>;
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

export type IndexSnapshot = { maps: IndexState } | { json: AsPlainObject };

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
    !MINISEARCH_VERSION.startsWith('7.') ||
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
    tree: tree as Map<string, unknown>,
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
  const maps = stateOf(index);
  return maps ? { maps } : { json: json() };
}

export function restore<T>(snapshot: IndexSnapshot, options: Options<T>): MiniSearch<T> {
  if ('json' in snapshot) return MiniSearch.loadJS(snapshot.json, options);
  const { maps } = snapshot;
  const index = new MiniSearch<T>(options);
  const internals: Internals = {
    _index: new SearchableMap(maps.tree as never),
    _documentCount: maps.documentCount,
    _documentIds: maps.documentIds,
    _idToShortId: maps.idToShortId,
    _fieldIds: maps.fieldIds,
    _fieldLength: maps.fieldLength,
    _avgFieldLength: maps.avgFieldLength,
    _nextId: maps.nextId,
    _storedFields: maps.storedFields,
    _dirtCount: maps.dirtCount,
  };
  Object.assign(index, internals);
  if (index.documentCount !== maps.documentCount) throw new Error('index snapshot not restored');
  return index;
}
