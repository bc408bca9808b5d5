/**
 * Postings packed in one typed array, read by MiniSearch as Maps. MiniSearch keeps, for each
 * term and field, a Map from document to frequency: 12 million entries at 100k papers, half a
 * gigabyte of heap that took seconds to build, to serialise and to deserialise. Packed, a
 * list is its documents (ascending) then their frequencies, in one Uint32Array for the whole
 * index: built by counting, cached as one block, restored without touching a posting. A
 * `PackedDocuments` answers MiniSearch's Map methods from that block until the first change
 * to the list (a paper added or removed), when it copies the list into itself and becomes
 * the ordinary Map it extends.
 */

/** A term's postings as MiniSearch keeps them: field id → document short id → frequency. */
export type TermPostings = Map<number, Map<number, number>>;

/** The radix tree's nodes; a term's node holds its postings under the empty key. */
export type TreeNode = Map<string, TreeNode | TermPostings>;

/** The tree with each term's postings as [field id, offset, count] triples into `data`. */
type SkeletonNode = Map<string, SkeletonNode | number[]>;

export interface PackedTree {
  tree: SkeletonNode;
  data: Uint32Array;
}

const LEAF = '';

export class PackedDocuments extends Map<number, number> {
  /** Undefined once the list has been copied into the Map, at its first change. */
  #data: Uint32Array | undefined;
  #start: number;
  #count: number;
  /** The position `keys()` last yielded: MiniSearch asks `get` for that document next. */
  #cursor = 0;

  constructor(data: Uint32Array, start: number, count: number) {
    super();
    this.#data = data;
    this.#start = start;
    this.#count = count;
  }

  /** The list's place in its block, while nothing has changed it. */
  get packed(): { data: Uint32Array; start: number; count: number } | undefined {
    return this.#data && { data: this.#data, start: this.#start, count: this.#count };
  }

  #unpack(): void {
    const data = this.#data;
    if (data === undefined) return;
    this.#data = undefined;
    const [start, count] = [this.#start, this.#count];
    for (let i = 0; i < count; i += 1)
      super.set(data[start + i] as number, data[start + count + i] as number);
  }

  #indexOf(data: Uint32Array, document: number): number {
    const [start, count] = [this.#start, this.#count];
    if (this.#cursor < count && data[start + this.#cursor] === document) return this.#cursor;
    let low = 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((data[start + middle] as number) < document) low = middle + 1;
      else high = middle;
    }
    return low < count && data[start + low] === document ? low : -1;
  }

  override get size(): number {
    return this.#data ? this.#count : super.size;
  }

  override get(document: number): number | undefined {
    const data = this.#data;
    if (!data) return super.get(document);
    const i = this.#indexOf(data, document);
    return i < 0 ? undefined : data[this.#start + this.#count + i];
  }

  override has(document: number): boolean {
    const data = this.#data;
    return data ? this.#indexOf(data, document) >= 0 : super.has(document);
  }

  override set(document: number, frequency: number): this {
    this.#unpack();
    return super.set(document, frequency);
  }

  override delete(document: number): boolean {
    this.#unpack();
    return super.delete(document);
  }

  override clear(): void {
    this.#unpack();
    super.clear();
  }

  override forEach(
    callback: (frequency: number, document: number, map: Map<number, number>) => void,
    thisArg?: unknown,
  ): void {
    for (const [document, frequency] of this.entries())
      callback.call(thisArg, frequency, document, this);
  }

  override keys(): MapIterator<number> {
    return this.#data ? (this.#packed((_, document) => document) as never) : super.keys();
  }

  override values(): MapIterator<number> {
    return this.#data ? (this.#packed((frequency) => frequency) as never) : super.values();
  }

  override entries(): MapIterator<[number, number]> {
    return this.#data
      ? (this.#packed((frequency, document): [number, number] => [document, frequency]) as never)
      : super.entries();
  }

  override [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  *#packed<T>(pick: (frequency: number, document: number) => T): Generator<T> {
    const [data, start, count] = [this.#data, this.#start, this.#count];
    if (!data) return;
    for (let i = 0; i < count; i += 1) {
      this.#cursor = i;
      yield pick(data[start + count + i] as number, data[start + i] as number);
    }
  }
}

/** The tree with its postings packed into one block: what the index cache holds. */
export function packTree(root: TreeNode): PackedTree {
  let size = 0;
  const lists: [number, Map<number, number>][][] = [];
  const skeletonOf = (node: TreeNode): SkeletonNode => {
    const skeleton: SkeletonNode = new Map();
    for (const [key, child] of node) {
      if (key !== LEAF) {
        skeleton.set(key, skeletonOf(child as TreeNode));
        continue;
      }
      const fields = [...(child as TermPostings)];
      lists.push(fields);
      const triples: number[] = [];
      for (const [fieldId, documents] of fields) {
        triples.push(fieldId, size, documents.size);
        size += 2 * documents.size;
      }
      skeleton.set(key, triples);
    }
    return skeleton;
  };
  const tree = skeletonOf(root);
  const data = new Uint32Array(size);
  let at = 0;
  for (const fields of lists)
    for (const [, documents] of fields) {
      at = packInto(data, at, documents);
    }
  return { tree, data };
}

/** Writes a list at `at` (documents, then frequencies); returns where the next one goes. */
function packInto(data: Uint32Array, at: number, documents: Map<number, number>): number {
  const count = documents.size;
  const packed = documents instanceof PackedDocuments ? documents.packed : undefined;
  if (packed) {
    data.set(packed.data.subarray(packed.start, packed.start + 2 * count), at);
    return at + 2 * count;
  }
  // Lists MiniSearch changed after a build are kept in insertion order; packed ones ascend.
  const sorted = [...documents].sort(([a], [b]) => a - b);
  for (const [i, [document, frequency]] of sorted.entries()) {
    data[at + i] = document;
    data[at + count + i] = frequency;
  }
  return at + 2 * count;
}

export function unpackTree({ tree, data }: PackedTree): TreeNode {
  const nodeOf = (skeleton: SkeletonNode): TreeNode => {
    const node: TreeNode = new Map();
    for (const [key, child] of skeleton) {
      if (!Array.isArray(child)) {
        node.set(key, nodeOf(child));
        continue;
      }
      const postings: TermPostings = new Map();
      for (let i = 0; i < child.length; i += 3)
        postings.set(
          child[i] as number,
          new PackedDocuments(data, child[i + 1] as number, child[i + 2] as number),
        );
      node.set(key, postings);
    }
    return node;
  };
  return nodeOf(tree);
}
