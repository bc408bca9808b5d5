// Whatever a person types, search answers or explains: it never fails with anything but a UserError.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UserError } from '../../src/errors.js';
import { normalizeQuery, requireQuery } from '../../src/search/text.js';
import { bundledSearch, searchOver, thrownBy } from './corpus-fixture.js';

const search = bundledSearch();
const corpusIds = new Set(search.papers.map((p) => p.id));
const isCorpusPaper = (id: string) => corpusIds.has(id);
const authors = new Set(search.papers.flatMap((p) => p.authors));

function userErrorCode(fn: () => unknown): string {
  const error = thrownBy(fn);
  assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
  return error.code;
}

describe('odd queries', () => {
  const withMobileViT: [string, string][] = [
    ['emoji', '🚀 mobilevit 🔥'],
    ['zero-width characters inside a word', 'mobile\u200bvit\u200d'],
    ['a right-to-left override', '\u202emobilevit\u202c'],
    ['markdown', '**mobilevit** `code` > quote'],
    ['a mass mention', '@everyone mobilevit'],
    ['full-width letters', 'ｍｏｂｉｌｅｖｉｔ'],
    ['control characters', 'mobilevit\u0000\u0007'],
  ];
  for (const [what, query] of withMobileViT) {
    it(`with ${what} still find MobileViT`, () => {
      assert.ok(search.search({ query, limit: 5 }).some((h) => h.paper.id === 'mobilevit'));
    });
  }

  for (const [what, query] of [
    ['Arabic text', 'مرحبا بالعالم'],
    ['only a mass mention', '@everyone @here'],
    ['regex syntax', '.*[(?<x>'],
  ] as const) {
    it(`with ${what} find nothing, without an error`, () => {
      assert.deepEqual(search.search({ query, limit: 5 }), []);
    });
  }

  it('with a composed "Über" find a title stored decomposed, as BibTeX\'s {\\"U} gives it', () => {
    const decomposed = { ...search.papers[0]!, id: 'uber', title: 'U\u0308ber alles: a study' };
    const withDecomposed = searchOver([...search.papers, decomposed]);
    assert.deepEqual(
      withDecomposed.search({ query: 'Über', limit: 5 }).map((h) => h.paper.id),
      ['uber'],
    );
    assert.deepEqual(
      withDecomposed.autocompleteTitles('Übe').map((c) => c.id),
      ['uber'],
    );
  });

  describe('typed without the accents, ß or invisible characters a paper holds', () => {
    const base = search.papers[0]!;
    const withSpellings = searchOver([
      ...search.papers,
      { ...base, id: 'accented', title: 'Régularisation des réseaux', authors: ['Hervé Jégou'] },
      { ...base, id: 'eszett', title: 'Straßenszenen segmentieren' },
      { ...base, id: 'invisible', title: 'Quanti\u00adzation of photo\u200bgrammetry' },
    ]);
    const best = (query: string) => withSpellings.search({ query, limit: 1 })[0];
    // The same score as the word as stored: an exact match, not a typo's looser one.
    for (const [typed, stored, id] of [
      ['regularisation reseaux', 'Régularisation réseaux', 'accented'],
      ['herve jegou', 'Hervé Jégou', 'accented'],
      ['strassenszenen', 'Straßenszenen', 'eszett'],
      ['quantization photogrammetry', 'Quanti\u00adzation photo\u200bgrammetry', 'invisible'],
    ] as const)
      it(`"${typed}" finds ${id} as "${stored}" does`, () => {
        assert.equal(best(typed)?.paper.id, id);
        assert.equal(best(typed)?.score, best(stored)?.score);
      });
  });

  it('with a lone surrogate answer with at most five of the corpus’s papers', () => {
    const ids = search.search({ query: 'vit\ud800', limit: 5 }).map((h) => h.paper.id);
    assert.ok(ids.length <= 5 && ids.every(isCorpusPaper), ids.join());
  });

  it('that are empty or blank are a UserError "empty-query"', () => {
    for (const query of ['', '   ', '\u200b\u200b', '\n\t'])
      assert.equal(
        userErrorCode(() => search.search({ query })),
        'empty-query',
        JSON.stringify(query),
      );
  });

  it('with only emoji or punctuation are a UserError "empty-query"', () => {
    for (const query of ['😀', '?!…'])
      assert.equal(
        userErrorCode(() => search.search({ query })),
        'empty-query',
        query,
      );
  });

  it('of 301 characters are a UserError "query-too-long"', () => {
    assert.equal(
      userErrorCode(() => search.search({ query: 'a'.repeat(301) })),
      'query-too-long',
    );
  });

  it('of 300 characters are answered', () => {
    const hits = search.search({ query: 'vision '.repeat(43).slice(0, 300) });
    assert.ok(hits.length > 0);
    assert.ok(hits.every((h) => /vision/i.test(`${h.paper.title} ${h.paper.abstractText}`)));
  });

  it('that are words of JavaScript objects ("constructor") are answered like any word', () => {
    const ids = search.search({ query: 'constructor' }).map((h) => h.paper.id);
    assert.ok(ids.every(isCorpusPaper), ids.join());
  });
});

describe('normalizeQuery and requireQuery', () => {
  it('fold full-width forms, drop invisible characters and collapse spaces', () => {
    assert.equal(normalizeQuery('  ＫＶ\u200b  cache\u00ad\n'), 'KV cache');
  });

  it('keep a word whole around a zero-width character, and split words at control characters', () => {
    assert.equal(normalizeQuery('Mobile\u200bViT\u2060 soft\u00adhyphen'), 'MobileViT softhyphen');
    assert.equal(normalizeQuery('kv\tcache\u0000x'), 'kv cache x');
  });

  it('count the length after normalising', () => {
    assert.equal(requireQuery(`${'a'.repeat(300)}   `), 'a'.repeat(300));
  });
});

describe('search on arbitrary input (property)', () => {
  it('returns at most `limit` hits or throws a UserError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 320 }),
        fc.integer({ min: 1, max: 50 }),
        (query, limit) => {
          try {
            return search.search({ query, limit }).length <= limit;
          } catch (error) {
            return error instanceof UserError;
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('resolves paper references, autocompletes and finds authors without throwing anything but a UserError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const titles = search.autocompleteTitles(text, 5);
        assert.ok(titles.length <= 5 && titles.every((t) => isCorpusPaper(t.id)));
        const suggested = search.authorSuggestions(text, 5);
        assert.ok(suggested.length <= 5 && suggested.every((name) => authors.has(name)));
        assert.ok(search.findAuthors(text).every((a) => authors.has(a.name)));
        try {
          assert.ok(isCorpusPaper(search.resolvePaper(text).id));
        } catch (error) {
          return error instanceof UserError;
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });
});
