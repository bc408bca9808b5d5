// Search over the bundled corpus: filters, forgiving matching, similar papers, authors,
// paper references and autocomplete.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SearchFilters, SearchHit } from '../../src/search/engine.js';
import { UserError } from '../../src/errors.js';
import { bundledPapers, searchOver, thrownBy } from './corpus-fixture.js';

const papers = bundledPapers();
const search = searchOver(papers);
const ids = (hits: readonly SearchHit[]) => hits.map((h) => h.paper.id);
const list = (filters: SearchFilters) => search.search({ query: '', limit: 100, filters });
const top = (query: string, n = 10) => ids(search.search({ query, limit: n }));
const sorted = (values: readonly string[]) => [...values].sort();

function userError(fn: () => unknown): UserError {
  const error = thrownBy(fn);
  assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
  return error;
}

describe('search filters', () => {
  it("by author lists exactly that author's papers", () => {
    const expected = papers.filter((p) => p.authors.includes('Sachin Mehta')).map((p) => p.id);
    assert.equal(expected.length, 15);
    assert.deepEqual(sorted(ids(list({ author: 'Mehta' }))), sorted(expected));
  });

  it("by one year lists exactly that year's papers", () => {
    const hits = list({ yearFrom: 2019, yearTo: 2019 });
    assert.deepEqual(
      sorted(ids(hits)),
      sorted(papers.filter((p) => p.year === 2019).map((p) => p.id)),
    );
  });

  it('by a year range includes both ends', () => {
    const hits = list({ yearFrom: 2019, yearTo: 2021 });
    assert.deepEqual(
      sorted(ids(hits)),
      sorted(papers.filter((p) => p.year >= 2019 && p.year <= 2021).map((p) => p.id)),
    );
    assert.ok(hits.some((h) => h.paper.year === 2019) && hits.some((h) => h.paper.year === 2021));
  });

  it('by category code, prefixed code and full name agree', () => {
    const expected = sorted(papers.filter((p) => p.category.code === 'CL').map((p) => p.id));
    assert.equal(expected.length, 8);
    for (const category of ['CL', 'cl', 'cs.CL', 'Computation and Language']) {
      assert.deepEqual(sorted(ids(list({ category }))), expected, category);
    }
  });

  it('by has-code lists only papers that released code', () => {
    const hits = list({ hasCode: true });
    assert.equal(hits.length, papers.filter((p) => p.hasCode).length);
    assert.ok(hits.every((h) => h.paper.hasCode));
  });

  it('combine with a query: "segmentation" up to 2018 only returns papers up to 2018', () => {
    const hits = search.search({ query: 'segmentation', limit: 50, filters: { yearTo: 2018 } });
    assert.ok(hits.length > 0);
    assert.ok(hits.every((h) => h.paper.year <= 2018));
    assert.ok(ids(hits).includes('espnet'));
  });

  it('with an empty query list the filtered papers newest first', () => {
    const dates = list({ category: 'CV' }).map((h) => h.paper.date);
    assert.deepEqual(dates, [...dates].sort().reverse());
  });

  it('reject an unknown author with a UserError suggesting close names', () => {
    const error = userError(() => list({ author: 'Sachin Metha' }));
    assert.equal(error.code, 'unknown-author');
    assert.ok(error.suggestions.includes('Sachin Mehta'), String(error.suggestions));
  });

  it('pass no paper for a category of arXiv that no paper here is in, rather than calling it unknown', () => {
    for (const category of ['q-bio.NC', 'Neurons and Cognition'])
      assert.deepEqual(list({ category }), [], category);
  });

  it('reject an unknown category with a UserError listing the categories there are', () => {
    const error = userError(() => list({ category: 'XX' }));
    assert.equal(error.code, 'unknown-category');
    assert.ok(
      error.suggestions.includes('CV (Computer Vision and Pattern Recognition)'),
      String(error.suggestions),
    );
  });
});

describe('forgiving queries', () => {
  it('finds "Label Refinery" from the typo "lable refinery"', () => {
    assert.equal(top('lable refinery')[0], 'label-refinery');
  });

  it('finds KV-Runahead and LazyLLM for "KV cache"', () => {
    assert.deepEqual(sorted(top('KV cache', 2)), ['kv-runahead', 'lazyllm']);
  });

  it('finds KV-Runahead and LazyLLM for "key-value cache", the spelled-out form', () => {
    assert.deepEqual(sorted(top('key-value cache', 2)), ['kv-runahead', 'lazyllm']);
  });

  it('finds the vision-transformer papers for "ViT"', () => {
    const hits = top('ViT');
    assert.equal(hits[0], 'mobilevit');
    assert.ok(hits.includes('token-pooling-vision-transformers'), String(hits));
  });

  it('finds the same top papers for "LLMs" as for "LLM"', () => {
    assert.deepEqual(sorted(top('LLMs', 3)), sorted(top('LLM', 3)));
    assert.ok(top('LLMs', 3).includes('lazyllm'));
  });

  it('finds MobileViT and its v2 paper for "mobilevitv2"', () => {
    assert.deepEqual(sorted(top('mobilevitv2', 2)), [
      'mobilevit',
      'separable-self-attention-mobile-vision',
    ]);
  });

  it('returns at most `limit` hits, each with a snippet from the abstract', () => {
    const hits = search.search({ query: 'efficient', limit: 3 });
    assert.equal(hits.length, 3);
    for (const hit of hits)
      assert.ok(hit.paper.abstractText.includes(hit.snippet.replace(/…$/, '')), hit.snippet);
  });

  it('picks the abstract sentence that mentions the query as the snippet', () => {
    const [hit] = search.search({ query: 'KV cache', limit: 1 });
    assert.match(hit?.snippet ?? '', /KV-cache|KV cache/);
  });
});

describe('similar papers', () => {
  it('never include the paper itself', () => {
    for (const id of ['mobilevit', 'catlip', 'leap'])
      assert.ok(!ids(search.similar(id, 10)).includes(id), id);
  });

  it('pair MobileViT with its v2 paper, both ways', () => {
    assert.equal(ids(search.similar('mobilevit', 5))[0], 'separable-self-attention-mobile-vision');
    assert.equal(ids(search.similar('separable-self-attention-mobile-vision', 5))[0], 'mobilevit');
  });

  it('return at most `limit` papers', () => {
    assert.equal(search.similar('mobilevit', 3).length, 3);
  });

  it('of an unknown id is a UserError', () => {
    assert.equal(userError(() => search.similar('no-such-paper')).code, 'unknown-paper');
  });
});

describe('author lookup', () => {
  it('finds an author by surname alone', () => {
    const [best] = search.findAuthors('Mehta');
    assert.equal(best?.name, 'Sachin Mehta');
    assert.equal(best?.papers.length, 15);
  });

  it('ignores case and accents', () => {
    assert.equal(search.findAuthors('RASTEGARI')[0]?.name, 'Mohammad Rastegari');
    assert.equal(search.findAuthors('sáchin mehtá')[0]?.name, 'Sachin Mehta');
  });

  it('matches the start of a name from three letters', () => {
    assert.equal(search.findAuthors('Rasteg')[0]?.name, 'Mohammad Rastegari');
  });

  it('lists every author a partial name fits, most published first', () => {
    assert.deepEqual(
      search.findAuthors('Keivan').map((a) => a.name),
      ['Keivan A. Vahid', 'Keivan Alizadeh', 'Keivan Alizadeh Vahid'],
    );
  });

  it('finds accented names typed without accents', () => {
    const local = searchOver(
      bundledPapers()
        .slice(0, 1)
        .map((p) => ({ ...p, authors: ['José Álvarez'] })),
    );
    assert.equal(local.findAuthors('jose alvarez')[0]?.name, 'José Álvarez');
  });

  it('finds "Łukasz" typed as "Lukasz", as foldName documents', () => {
    const local = searchOver(
      bundledPapers()
        .slice(0, 1)
        .map((p) => ({ ...p, authors: ['Łukasz Kaiser'] })),
    );
    assert.equal(local.findAuthors('Lukasz Kaiser')[0]?.name, 'Łukasz Kaiser');
  });

  it('suggests authors by prefix, and the most published for an empty prefix', () => {
    assert.ok(search.authorSuggestions('meh').includes('Sachin Mehta'));
    assert.equal(search.authorSuggestions('', 1)[0], 'Mohammad Rastegari');
  });
});

describe('resolving a paper reference', () => {
  it('accepts an id, a short name in any case, an exact title and part of a title', () => {
    assert.equal(search.resolvePaper('label-refinery').id, 'label-refinery');
    assert.equal(search.resolvePaper('catlip').id, 'catlip');
    assert.equal(
      search.resolvePaper('Token Pooling in Vision Transformers').id,
      'token-pooling-vision-transformers',
    );
    assert.equal(search.resolvePaper('Label Refinery').id, 'label-refinery');
  });

  it('a versioned name is the paper that introduces it, not the family name it extends', () => {
    assert.equal(search.resolvePaper('mobilevitv2').id, 'separable-self-attention-mobile-vision');
    assert.equal(search.resolvePaper('MobileViTv2').id, 'separable-self-attention-mobile-vision');
    assert.equal(search.resolvePaper('mobilevit').id, 'mobilevit');
  });

  it('rejects an unknown reference with a UserError suggesting close titles', () => {
    const error = userError(() => search.resolvePaper('lable refinary'));
    assert.equal(error.code, 'unknown-paper');
    assert.ok(
      error.suggestions.some((s) => s.includes('(label-refinery)')),
      String(error.suggestions),
    );
  });

  it('rejects an empty reference as an empty query', () => {
    assert.equal(userError(() => search.resolvePaper('  ')).code, 'empty-query');
  });
});

describe('title autocomplete', () => {
  it('offers titles with a word starting with what is typed so far', () => {
    const offered = search.autocompleteTitles('mob');
    assert.ok(offered.some((o) => o.id === 'mobilevit'));
    for (const o of offered) assert.match(o.title, /\bmob/i);
  });

  it('narrows to the paper as more is typed', () => {
    for (const typed of ['Label R', 'Label Ref', 'Label Refinery'])
      assert.equal(search.autocompleteTitles(typed)[0]?.id, 'label-refinery', typed);
  });

  it('offers at most `limit` titles', () => {
    assert.equal(search.autocompleteTitles('learning', 2).length, 2);
  });

  it('offers the newest papers for an empty prefix', () => {
    const newest = [...papers]
      .sort((a, b) => b.date.localeCompare(a.date))
      .slice(0, 3)
      .map((p) => p.id);
    assert.deepEqual(
      search.autocompleteTitles('', 3).map((o) => o.id),
      newest,
    );
    assert.equal(newest[0], 'seedlm');
  });
});

describe('the relevance floor', () => {
  it('leaves out papers that matched "KV cache" only on "key" or "value"', () => {
    const { hits, belowFloor } = search.find({ query: 'KV cache', limit: 10 });
    assert.deepEqual(sorted(ids(hits)), ['kv-runahead', 'lazyllm']);
    assert.ok(belowFloor > 0, 'the key/value-only matches are counted as left out');
  });

  it('counts every paper above the floor, not only the page asked for', () => {
    const { hits, total } = search.find({ query: 'language model', limit: 2 });
    assert.equal(hits.length, 2);
    assert.ok(total > 2, `total ${total}`);
  });
});

describe('a paper named by its id', () => {
  const base = search.papers[0]!;
  const withIds = searchOver([
    ...search.papers,
    { ...base, id: 'team-0042', title: 'Lattice Radar' },
  ]);

  it('comes first, though its id holds none of its words', () => {
    assert.equal(ids(withIds.search({ query: 'team-0042', limit: 3 }))[0], 'team-0042');
    assert.equal(ids(withIds.search({ query: 'TEAM-0042', limit: 3 }))[0], 'team-0042');
  });

  it('is left out by a filter it does not pass', () => {
    const hits = withIds.search({ query: 'team-0042', filters: { yearFrom: base.year + 1 } });
    assert.ok(!ids(hits).includes('team-0042'));
  });
});

describe('words of one stem', () => {
  it('rank a paper holding the word as written above one holding another word of its stem', () => {
    // "transformer" and "transform" are one stem; "generative", "general" and "generation" too.
    // Before, "Butterfly Transform" came first: a short title holding the stem.
    for (const hit of search.search({ query: 'transformer', limit: 3 }))
      assert.match(`${hit.paper.title} ${hit.paper.abstractText}`, /\btransformers?\b/i);
    assert.equal(
      ids(search.search({ query: 'generative', limit: 1 }))[0],
      'layer-wise-data-free-cnn',
    );
  });

  it('keep an architecture apart from the operation it is named after', () => {
    // Porter's stemmer makes "transformer" a "transform" and "computer" a "computation".
    const titled = (query: string) => search.search({ query, limit: 1 })[0]?.paper.title ?? '';
    assert.match(titled('efficient transformer'), /transformers?\b/i);
    assert.match(titled('transform'), /^Butterfly Transform/);
    assert.doesNotMatch(titled('computation'), /Computer/);
  });

  it('rank a misspelt word by how the results write the word it was corrected to', () => {
    for (const typo of ['transformr', 'efficient transfromer'])
      for (const hit of search.search({ query: typo, limit: 3 }))
        assert.match(`${hit.paper.title} ${hit.paper.abstractText}`, /\btransformers?\b/i, typo);
  });

  it('find a word written with a hyphen where a paper writes it as one', () => {
    // eDKM writes "KMeans"; "k-means" is "k" and "means" to the tokenizer.
    const found = ids(search.search({ query: 'k-means clustering', limit: 2 }));
    assert.deepEqual(found.sort(), ['dkm', 'edkm']);
  });

  it('find a word written as one where a paper writes it with a hyphen', () => {
    // DKM writes "K-Means", CatLIP "Pre-training", LCS "on-device".
    assert.ok(ids(search.search({ query: 'kmeans', limit: 2 })).includes('dkm'));
    assert.ok(ids(search.search({ query: 'pretraining', limit: 10 })).includes('catlip'));
    assert.ok(ids(search.search({ query: 'ondevice', limit: 5 })).includes('lcs'));
  });

  it('still find the papers holding only another word of the stem, after those', () => {
    const found = ids(search.search({ query: 'generative', limit: 50 }));
    assert.ok(found.includes('cnn-aware-binary-map-general'), found.join());
  });
});

describe('author phrases in a query', () => {
  it('turns "papers by <author> on <topic>" into an author filter plus the topic', () => {
    const hits = search.search({ query: 'papers by Sachin Mehta on segmentation', limit: 10 });
    assert.ok(hits.length > 0);
    assert.ok(hits.every((h) => h.paper.authors.includes('Sachin Mehta')));
  });

  it('keeps a "by" that names no author as words of the query', () => {
    const { hits, byAuthor } = search.find({
      query: 'speed up inference by pruning tokens',
      limit: 3,
    });
    assert.ok(ids(hits).includes('lazyllm'), String(ids(hits)));
    assert.equal(byAuthor, undefined);
  });

  it('reads "<author>\'s papers on <topic>" as an author filter plus the topic', () => {
    for (const [query, name] of [
      ["Sachin Mehta's papers on segmentation", 'Sachin Mehta'],
      ['what are sachin mehta’s papers about segmentation', 'sachin mehta'],
    ] as const) {
      const { hits, byAuthor } = search.find({ query, limit: 10 });
      assert.deepEqual(byAuthor, { name, known: true });
      assert.ok(
        hits.length > 0 && hits.every((h) => h.paper.authors.includes('Sachin Mehta')),
        query,
      );
    }
  });

  it('says when "<name>\'s papers" names no author, or one misspelt, with the closest names', () => {
    for (const [query, name] of [
      ["Sachn Mehta's papers on segmentation", 'Sachn Mehta'],
      ["Mohamad Rastegary's papers on pruning", 'Mohamad Rastegary'],
    ] as const) {
      const { byAuthor } = search.find({ query });
      assert.equal(byAuthor?.known, false, query);
      assert.equal(byAuthor.name, name);
      assert.ok(byAuthor.closest.length > 0, query);
    }
  });

  it('says which author the phrase named', () => {
    const { byAuthor } = search.find({ query: 'papers by Sachin Mehta on segmentation' });
    assert.deepEqual(byAuthor, { name: 'Sachin Mehta', known: true });
  });

  it('reads a misspelt surname as a misspelt name, not as a first name and a topic', () => {
    const { byAuthor } = search.find({ query: 'papers by Sachin Mheta' });
    assert.deepEqual(byAuthor, { name: 'Sachin Mheta', known: false, closest: ['Sachin Mehta'] });
  });

  it('says when "papers by" names no author of the corpus, with the closest names', () => {
    const { hits, byAuthor } = search.find({ query: 'papers by Sachn Mehta on segmentation' });
    assert.deepEqual(byAuthor, { name: 'Sachn Mehta', known: false, closest: ['Sachin Mehta'] });
    assert.ok(
      hits.some((h) => !h.paper.authors.includes('Sachin Mehta')),
      'no author filter',
    );
  });
});

describe('huge typed values', () => {
  const huge = `mobilevit ${'x'.repeat(60_000)}`;

  it('autocomplete titles from the first characters typed', () => {
    assert.deepEqual(search.autocompleteTitles(`MobileViT: Light${'x'.repeat(60_000)}`), []);
    assert.equal(search.autocompleteTitles(`MobileViT${' '.repeat(60_000)}`)[0]?.id, 'mobilevit');
  });

  it('suggest authors from the first characters typed', () => {
    assert.equal(search.authorSuggestions(`Mehta${' '.repeat(60_000)}`, 5)[0], 'Sachin Mehta');
    assert.deepEqual(search.findAuthors(huge), []);
  });

  it('resolve a paper reference or say which titles are closest', () => {
    assert.equal(search.resolvePaper(`MobileViT${' '.repeat(60_000)}`).id, 'mobilevit');
    assert.equal((thrownBy(() => search.resolvePaper(huge)) as UserError).code, 'unknown-paper');
  });
});
