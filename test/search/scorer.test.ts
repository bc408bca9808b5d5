// The scorer ranks a planned query exactly as MiniSearch would: the same papers, scores and
// matched terms, on queries of every shape (prefixes, typos, repeated words, narrowed fields).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Paper } from '../../src/corpus/schema.js';
import { buildIndexes, updateIndexes, type PaperIndexes } from '../../src/search/index.js';
import { planSearch } from '../../src/search/planner.js';
import type { PostingCounts } from '../../src/search/postings.js';
import { PostingScorer, type Scored } from '../../src/search/scorer.js';
import { bundledPapers, random } from './corpus-fixture.js';

/** Words of the papers as people type them: whole, cut short at the end, misspelt, twice. */
function queriesOver(papers: readonly Paper[], count: number, seed: number): string[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const words = papers.flatMap((p) =>
    `${p.title} ${p.abstractText} ${p.authors.join(' ')}`.match(/[\p{L}\p{N}-]+/gu),
  );
  return Array.from({ length: count }, () => {
    const query = Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(words) ?? 'x');
    const last = query.length - 1;
    const shape = next();
    if (shape < 0.25) query[last] = (query[last] ?? '').slice(0, 4 + Math.floor(next() * 3));
    else if (shape < 0.45) query[last] = misspelt(query[last] ?? '', next);
    else if (shape < 0.55) query.push(query[0] ?? '');
    return query.join(' ');
  });
}

function misspelt(word: string, next: () => number): string {
  if (word.length < 5) return `${word}x`;
  const at = 1 + Math.floor(next() * (word.length - 2));
  return `${word.slice(0, at)}${word[at + 1] ?? ''}${word[at] ?? ''}${word.slice(at + 2)}`;
}

/** MiniSearch's own results for the plan, in the scorer's terms. */
function miniSearchRanking(
  indexes: PaperIndexes,
  query: Parameters<PaperIndexes['papers']['search']>[0],
  options: Parameters<PaperIndexes['papers']['search']>[1] = {},
): Scored[] {
  return indexes.papers
    .search(query, options)
    .map((r) => ({ id: String(r.id), score: r.score, queryTerms: r.queryTerms }));
}

function assertSameRanking(actual: readonly Scored[], expected: readonly Scored[], query: string) {
  assert.equal(actual.length, expected.length, `${query}: how many papers matched`);
  const byId = new Map(expected.map((r) => [r.id, r]));
  for (const [i, result] of actual.entries()) {
    const wanted = byId.get(result.id);
    assert.ok(wanted, `${query}: ${result.id} is not among MiniSearch's results`);
    assert.ok(
      Math.abs(result.score - wanted.score) <= 1e-9 * wanted.score,
      `${query}: ${result.id} scores ${result.score}, MiniSearch ${wanted.score}`,
    );
    assert.deepEqual([...result.queryTerms].sort(), [...wanted.queryTerms].sort(), query);
    const next = actual[i + 1];
    if (next) assert.ok(next.score <= result.score, `${query}: results are best first`);
  }
}

function scorerOf(indexes: PaperIndexes): PostingScorer {
  const scorer = PostingScorer.of(indexes.papers);
  assert.ok(scorer, 'the installed MiniSearch keeps its index where the scorer reads it');
  return scorer;
}

function countsOf(indexes: PaperIndexes): PostingCounts {
  assert.ok(indexes.paperPostings, 'posting counts come with a built index');
  return indexes.paperPostings;
}

describe('the posting scorer', () => {
  const papers = bundledPapers();
  const indexes = buildIndexes(papers);
  const scorer = scorerOf(indexes);
  const counts = countsOf(indexes);
  const queries = queriesOver(papers, 300, 7);

  it('ranks every paper as MiniSearch does, on queries of every shape', () => {
    for (const query of queries) {
      const plan = planSearch(query, counts);
      const ranking = scorer.rank(plan.terms, { depth: papers.length });
      assertSameRanking(ranking.best, miniSearchRanking(indexes, plan.query), query);
      assert.equal(ranking.matched, ranking.best.length);
    }
  });

  it('ranks as MiniSearch does when the planner narrows common words to some fields', () => {
    let narrowed = 0;
    for (const query of queries) {
      const plan = planSearch(query, counts, { budget: 20 });
      if (plan.leftOut.length > 0) narrowed += 1;
      const ranking = scorer.rank(plan.terms, { depth: papers.length });
      assertSameRanking(ranking.best, miniSearchRanking(indexes, plan.query), query);
    }
    assert.ok(narrowed > queries.length / 4, `only ${narrowed} queries were narrowed`);
  });

  it('returns the best papers to the depth asked, and counts the rest', () => {
    const plan = planSearch('efficient transformer inference', counts);
    const all = miniSearchRanking(indexes, plan.query);
    const ranking = scorer.rank(plan.terms, { depth: 5 });
    assert.ok(all.length > 10, 'the query matches many papers');
    assert.deepEqual(
      ranking.best.map((r) => r.id),
      all.slice(0, 5).map((r) => r.id),
    );
    assert.equal(ranking.matched, all.length);
    const floor = all[12]?.score ?? 0;
    assert.equal(ranking.beyondAtLeast(floor), all.filter((r) => r.score >= floor).length - 5);
  });

  it('scores only the papers it is given, as MiniSearch with a zero document boost does', () => {
    const only = new Set(papers.filter((_, i) => i % 3 === 0).map((p) => p.id));
    for (const query of queries.slice(0, 60)) {
      const plan = planSearch(query, counts);
      assertSameRanking(
        scorer.rank(plan.terms, { depth: papers.length, only }).best,
        miniSearchRanking(indexes, plan.query, {
          boostDocument: (id) => (only.has(String(id)) ? 1 : 0),
        }),
        query,
      );
    }
  });

  it('ranks as MiniSearch does after papers are added, changed and removed', () => {
    const changing = buildIndexes(papers);
    const changingScorer = scorerOf(changing);
    const [first, second, third] = papers;
    assert.ok(first && second && third);
    changingScorer.rank(planSearch('vision', countsOf(changing)).terms, { depth: 10 });
    updateIndexes(changing, first, undefined);
    updateIndexes(changing, second, { ...second, title: `${second.title} revisited` });
    updateIndexes(changing, undefined, { ...third, id: 'a-new-paper', title: 'Vision anew' });
    for (const query of [...queries.slice(0, 60), 'vision anew', 'revisited']) {
      const plan = planSearch(query, countsOf(changing));
      assertSameRanking(
        changingScorer.rank(plan.terms, { depth: papers.length + 1 }).best,
        miniSearchRanking(changing, plan.query),
        query,
      );
    }
  });
});
