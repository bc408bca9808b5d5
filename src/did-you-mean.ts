/**
 * "Did you mean": the candidates a mistyped word is closest to, by edit distance (a letter
 * added, dropped, changed or two swapped), within a budget that grows with the word.
 */
export function closestNames(typed: string, candidates: readonly string[], max = 3): string[] {
  const word = typed.toLowerCase();
  const budget = typoBudget(word);
  return candidates
    .filter((name) => Math.abs(name.length - word.length) <= budget)
    .map((name) => ({ name, distance: editDistance(word, name.toLowerCase()) }))
    .filter((c) => c.distance <= budget)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, max)
    .map((c) => c.name);
}

/** How many typos a word of this length may hold and still be recognised: one per three letters. */
export function typoBudget(word: string): number {
  return Math.max(1, Math.floor(word.length / 3));
}

/** Optimal string alignment distance: Levenshtein plus the swap of two neighbours. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
