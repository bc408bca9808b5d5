/**
 * The index of the first item for which `isBefore` is false, in items ordered so that every
 * item it holds for comes first: where to insert or start scanning, in O(log n).
 */
export function partitionPoint<T>(items: readonly T[], isBefore: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(items[middle] as T)) low = middle + 1;
    else high = middle;
  }
  return low;
}
