// The search follows the library one paper at a time: after papers are added, updated and
// removed, every answer it gives is the one a search built afresh over the same papers gives.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Paper } from '../../src/corpus/schema.js';
import { PaperSearch } from '../../src/search/engine.js';
import { buildIndexes, type PaperIndexes } from '../../src/search/index.js';
import type { PostingCounts } from '../../src/search/postings.js';
import { bundledPapers } from './corpus-fixture.js';

const all = bundledPapers();
const later = all.slice(40);
const [removedFirst, removedLast] = [all[0]!, all[45]!];
const updated: Paper = {
  ...all[10]!,
  title: `${all[10]!.title}: Revisited`,
  authors: [...all[10]!.authors, 'Zelda Quillfeather', all[3]!.authors[0]!],
  abstractText: `${all[10]!.abstractText} We add sparse lattice quantisation to it.`,
};

/** The library after the changes below, in the order a fresh load would list it. */
const expected = all
  .map((p) => (p.id === updated.id ? updated : p))
  .filter((p) => p !== removedFirst && p !== removedLast);

/** Small enough that the planner leaves common words out and rescoring brings them back. */
const options = { postingBudget: 40 };

function followed(): { search: PaperSearch; indexes: PaperIndexes } {
  const indexes = buildIndexes(all.slice(0, 40));
  const search = new PaperSearch(all.slice(0, 40), indexes, options);
  // Everything it remembers between calls is remembered before the changes.
  answers(search);
  for (const paper of later.slice(0, 5)) search.apply({ put: [paper], removed: [] });
  search.apply({ put: later.slice(5), removed: [removedFirst.id] });
  search.apply({ put: [updated], removed: [removedLast.id] });
  return { search, indexes };
}

const words = (text: string) => text.split(/\W+/).filter((w) => w.length > 2);

/** Queries that touch every changed paper: its words, names, prefixes and typos. */
const queries = [
  'language models',
  'sparse lattice quantisation',
  'Zelda',
  ...[...later, removedFirst, updated].flatMap((p) => [
    words(p.title).slice(0, 3).join(' '),
    words(p.abstractText).slice(5, 9).join(' '),
    `papers by ${p.authors[0] ?? ''} on ${words(p.title)[0] ?? ''}`,
  ]),
];
const typed = [...later, removedFirst, updated].flatMap((p) => [
  p.title.slice(0, 4),
  p.title.slice(0, 12),
  ...p.authors.slice(0, 2).flatMap((name) => [
    name.slice(0, 5),
    name.split(' ').at(-1) ?? '',
    // A typo: the surname's third letter doubled.
    name.replace(/(\S\S)(\S)(\S*)$/u, '$1$2$2$3'),
  ]),
]);

/** Filters whose papers change: by year, by the category and code of the changed papers. */
const FILTERS = [
  { yearFrom: Math.min(...later.map((p) => p.year)) },
  { category: updated.category.code },
  { hasCode: true },
  { yearTo: removedFirst.year, hasCode: true },
];

function answers(search: PaperSearch) {
  return {
    papers: search.papers.map((p) => p.id),
    categories: search.categories(),
    authors: search.authorNames(),
    searches: queries.map((query) =>
      search.find({ query, limit: 20 }).hits.map((h) => [h.paper.id, h.score]),
    ),
    listings: typed.map((name) => {
      try {
        return search
          .search({ query: '', limit: 50, filters: { author: name } })
          .map((h) => h.paper.id);
      } catch (error) {
        return String(error);
      }
    }),
    filtered: FILTERS.map((filters) =>
      ['', 'language models', 'sparse lattice quantisation'].map((query) => {
        const { hits, total } = search.find({ query, limit: 50, filters });
        return { ids: hits.map((h) => h.paper.id), total };
      }),
    ),
    similar: search.papers.map((p) => search.similar(p.id).map((h) => h.paper.id)),
    titles: typed.map((prefix) => search.autocompleteTitles(prefix, 10)),
    newest: search.autocompleteTitles('', 10),
    authorMatches: typed.map((name) =>
      search.findAuthors(name).map((a) => [a.name, a.papers.map((p) => p.id)]),
    ),
    suggestions: ['', ...typed].map((prefix) => search.authorSuggestions(prefix, 10)),
    references: typed.map((ref) => {
      try {
        return search.resolvePaper(ref).id;
      } catch (error) {
        return String(error);
      }
    }),
  };
}

const countsOf = (counts: PostingCounts | undefined) =>
  counts?.toJSON().terms.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('a search following the library', () => {
  const { search, indexes } = followed();
  const fresh = buildIndexes(expected);

  it('answers every search, listing, author and completion as a fresh build does', () => {
    assert.deepEqual(answers(search), answers(new PaperSearch(expected, fresh, options)));
  });

  it('holds exactly the postings a fresh build holds', () => {
    assert.equal(indexes.papers.documentCount, expected.length);
    assert.equal(indexes.titles.documentCount, expected.length);
    assert.deepEqual(countsOf(indexes.paperPostings), countsOf(fresh.paperPostings));
    assert.deepEqual(countsOf(indexes.titlePostings), countsOf(fresh.titlePostings));
  });

  it('finds an added paper, and no longer a removed one', () => {
    const added = later.at(-1)!;
    assert.equal(search.resolvePaper(added.title).id, added.id);
    assert.equal(search.get(removedFirst.id), undefined);
    assert.ok(
      !search
        .search({ query: removedFirst.title, limit: 50 })
        .some((h) => h.paper.id === removedFirst.id),
    );
  });

  it('knows an updated paper by its new words and its new author', () => {
    assert.equal(search.search({ query: 'sparse lattice quantisation' })[0]?.paper.id, updated.id);
    assert.deepEqual(
      search.findAuthors('Zelda Quillfeather').map((a) => a.papers.map((p) => p.id)),
      [[updated.id]],
    );
  });

  it('forgets an author whose only paper was removed', () => {
    const onlyThere = removedFirst.authors.filter(
      (name) => !expected.some((p) => p.authors.includes(name)),
    );
    assert.ok(onlyThere.length > 0, 'the fixture removes a paper with an author of its own');
    for (const name of onlyThere) assert.ok(!search.authorNames().includes(name));
  });
});
