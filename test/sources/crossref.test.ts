// DOIs become papers through Crossref's REST API (a local stand-in), JATS abstracts as text.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CrossrefSource, jatsToText, parseDoiReference } from '../../src/sources/crossref.js';
import { startScholarlyStandIn, type ScholarlyStandIn } from '../e2e/scholarly/standin.js';

describe('parseDoiReference', () => {
  it('reads bare DOIs, doi: prefixes and resolver URLs, in lower case', () => {
    for (const text of [
      '10.1234/Tides.2023.7',
      'doi:10.1234/tides.2023.7',
      'https://doi.org/10.1234/TIDES.2023.7',
    ])
      assert.equal(parseDoiReference(text)?.doi, '10.1234/tides.2023.7', text);
  });

  it('keeps a lone % as part of the DOI instead of failing to URL-decode it', () => {
    assert.equal(parseDoiReference('10.1000/50%off')?.doi, '10.1000/50%off');
    assert.equal(parseDoiReference('https://doi.org/10.1000/a%2Fb')?.doi, '10.1000/a/b');
  });

  it('refuses what is not a DOI', () => {
    assert.equal(parseDoiReference('2401.00001'), undefined);
    assert.equal(parseDoiReference('11.1234/x'), undefined);
  });
});

describe('jatsToText', () => {
  it('drops the heading and tags, keeps paragraphs and decodes entities', async () => {
    assert.equal(
      await jatsToText(
        '<jats:title>Abstract</jats:title><jats:p>A &amp; B.</jats:p><jats:p>Uses <jats:italic>C</jats:italic>.</jats:p>',
      ),
      'A & B.\n\nUses C.',
    );
  });
});

describe('CrossrefSource against the Crossref stand-in', () => {
  let standIn: ScholarlyStandIn;
  let crossref: CrossrefSource;
  before(async () => {
    standIn = await startScholarlyStandIn();
    crossref = new CrossrefSource(standIn.crossrefUrl);
  });
  after(() => standIn.close());

  it('turns a work into a paper with its DOI link, authors, affiliations, date and abstract', async () => {
    const [item] = await crossref.fetch([
      parseDoiReference('https://doi.org/10.1234/Tides.2023.7')!,
    ]);
    assert.ok(item?.ok, JSON.stringify(item));
    const { paper } = item;
    assert.equal(paper.title, 'Tidal Pooling for Efficient Segmentation');
    assert.deepEqual(paper.authors, ['Dana Reyes', 'Eli Stone']);
    assert.deepEqual(paper.affiliations, ['Harbor Institute']);
    assert.equal(paper.date, '2023-05-01');
    assert.deepEqual(paper.links, ['https://doi.org/10.1234/tides.2023.7']);
    assert.equal(
      paper.abstract,
      'Tidal pooling merges tokens & pixels.\n\nIt halves the cost of segmentation at equal accuracy.',
    );
  });

  it('reads a title’s markup and entities as text and appends its subtitle', async () => {
    const [item] = await crossref.fetch([parseDoiReference('10.5555/sparse.2025')!]);
    assert.ok(item?.ok, JSON.stringify(item));
    assert.equal(item.paper.title, 'Learning Sparse Nets with H2O & BERT: A Case Study');
    assert.equal(item.paper.id, 'learning-sparse-nets-h2o-bert');
  });

  it('marks a work whose abstract links a GitHub repository as having code', async () => {
    const [item] = await crossref.fetch([parseDoiReference('10.5555/sparse.2025')!]);
    assert.ok(item?.ok, JSON.stringify(item));
    assert.ok(item.paper.hasCode);
  });

  it('marks a work Crossref dates by its year alone as known by its year only', async () => {
    const [yearly, dated] = await crossref.fetch(
      ['10.5555/yearly.2019', '10.5555/sparse.2025'].map((doi) => parseDoiReference(doi)!),
    );
    assert.ok(yearly?.ok && dated?.ok);
    assert.deepEqual([yearly.paper.year, yearly.paper.datePrecision], [2019, 'year']);
    assert.deepEqual([dated.paper.date, dated.paper.datePrecision], ['2025-01-05', undefined]);
    assert.equal(yearly.paper.dateInferred, false);
  });

  it('says which DOI Crossref does not know', async () => {
    const [item] = await crossref.fetch([parseDoiReference('10.9999/missing')!]);
    assert.deepEqual(item, {
      label: '10.9999/missing',
      ok: false,
      error: 'Crossref knows no DOI 10.9999/missing.',
    });
  });

  it('says so plainly on a rate limit or a malformed answer', async () => {
    const ref = parseDoiReference('10.1234/tides.2023.7')!;
    standIn.failNext({ kind: 'status', status: 429 });
    const [limited] = await crossref.fetch([ref]);
    assert.ok(limited && !limited.ok && /Crossref asks us to slow down/.test(limited.error));
    standIn.failNext({ kind: 'malformed' });
    const [garbled] = await crossref.fetch([ref]);
    assert.ok(garbled && !garbled.ok && /malformed JSON/.test(garbled.error));
  });

  it('stops asking once Crossref cannot be reached: the later DOIs fail at once, with the same reason', async () => {
    const before = standIn.requests.length;
    standIn.failNext({ kind: 'drop' });
    const items = await crossref.fetch(
      ['10.1234/tides.2023.7', '10.5555/sparse.2025', '10.5555/ripple.2024'].map((doi) =>
        parseDoiReference(doi)!,
      ),
    );
    assert.equal(standIn.requests.length - before, 1);
    const errors = items.map((item) => (item.ok ? 'added' : item.error));
    assert.equal(new Set(errors).size, 1);
    assert.match(errors[2]!, /^Could not reach Crossref: /);
  });
});
