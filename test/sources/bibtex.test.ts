// BibTeX entries become papers one by one; a broken entry is reported, the rest still read.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBibtex } from '../../src/sources/bibtex.js';
import { SourceError } from '../../src/sources/fetch.js';

const ENTRY = String.raw`@article{quill2024glimmer,
  title = {{GlimmerNet}: Sparse Attention for Tiny Devices},
  author = {Quill, Ada and Tran, Bo},
  year = {2024}, month = jan,
  eprint = {2401.00001v2}, archivePrefix = {arXiv}, primaryClass = {cs.LG},
  doi = {10.5555/Glimmer},
  abstract = {GlimmerNet is $4.2\times$ faster.}
}`;

describe('parseBibtex', () => {
  it('reads title, authors, date, category and arXiv and DOI links', () => {
    const [item] = parseBibtex(ENTRY);
    assert.ok(item?.ok, JSON.stringify(item));
    assert.equal(item.label, 'quill2024glimmer');
    assert.equal(item.paper.title, 'GlimmerNet: Sparse Attention for Tiny Devices');
    assert.deepEqual(item.paper.authors, ['Ada Quill', 'Bo Tran']);
    assert.equal(item.paper.date, '2024-01-01');
    assert.equal(item.paper.category.code, 'LG');
    assert.deepEqual(item.paper.links, [
      'https://arxiv.org/abs/2401.00001v2',
      'https://doi.org/10.5555/glimmer',
    ]);
    assert.equal(item.paper.abstractText, 'GlimmerNet is 4.2× faster.');
  });

  it('keeps where the entry says the paper appeared: its type, journal or booktitle, publisher, volume, number and pages', () => {
    const items = parseBibtex(String.raw`
      @Article{he2016, title = {Deep Residual Learning}, author = {He, Kaiming},
        journal = {Journal of Vision}, volume = {12}, number = {3}, pages = {770--778}, year = {2016}}
      @inproceedings{vaswani2017, title = {Attention Is All You Need}, author = {Vaswani, Ashish},
        booktitle = {Advances in Neural Information Processing Systems}, publisher = {Curran},
        pages = {5998--6008}, year = {2017}, month = dec, url = {https://papers.example/attention}}
      @misc{note2020, title = {A Note}, author = {Doe, Jo}, year = {2020}}`);
    assert.deepEqual(
      items.map((item) => (item.ok ? item.publication : item.error)),
      [
        {
          type: 'article',
          journal: 'Journal of Vision',
          volume: '12',
          number: '3',
          pages: '770--778',
        },
        {
          type: 'inproceedings',
          booktitle: 'Advances in Neural Information Processing Systems',
          publisher: 'Curran',
          pages: '5998--6008',
          url: 'https://papers.example/attention',
        },
        { type: 'misc' },
      ],
    );
  });

  it('marks the date of an entry that names no month as known by its year only', () => {
    const [yearOnly, withMonth] = parseBibtex(String.raw`
      @article{a, title = {Year Only}, author = {Doe, Jo}, year = {2016}}
      @article{b, title = {With A Month}, author = {Doe, Jo}, year = {2017}, month = dec}`);
    assert.ok(yearOnly?.ok && withMonth?.ok);
    assert.deepEqual([yearOnly.paper.year, yearOnly.paper.datePrecision], [2016, 'year']);
    assert.deepEqual(
      [withMonth.paper.date, withMonth.paper.datePrecision],
      ['2017-12-01', 'month'],
    );
    assert.equal(yearOnly.paper.dateInferred, false);
  });

  it('drops invisible format characters, so the title matches the same title typed plainly', () => {
    const [item] = parseBibtex(
      '@misc{s, title = {Sparse Net\u00ADworks for\u200B Tiny\uFEFF Devices}, author = {M\u200Cu, Li}, year = 2024}',
    );
    assert.ok(item?.ok, JSON.stringify(item));
    assert.equal(item.paper.title, 'Sparse Networks for Tiny Devices');
    assert.equal(item.paper.id, 'sparse-networks-tiny-devices');
    assert.deepEqual(item.paper.authors, ['Li Mu']);
  });

  it('marks an entry whose abstract or url points at GitHub or GitLab as having code', () => {
    const items = parseBibtex(
      String.raw`@misc{a, title = {A}, year = 2024, abstract = {See https://github.com/x/a.}}
@misc{b, title = {B}, year = 2024, url = {https://gitlab.com/x/b}}
@misc{c, title = {C}, year = 2024, url = {https://example.org/c}}`,
    );
    assert.deepEqual(
      items.map((i) => i.ok && i.paper.hasCode),
      [true, true, false],
    );
  });

  it('keeps < and > in a title as they are, not as the ¡ and ¿ of old TeX fonts', () => {
    const [item] = parseBibtex(
      String.raw`@misc{lt, title = {Depth <3 Nets: \textit{a<b} and x > y}, author = {Doe, Jane}, year = 2024}`,
    );
    assert.ok(item?.ok, JSON.stringify(item));
    assert.equal(item.paper.title, 'Depth <3 Nets: a<b and x > y');
  });

  it('reports an entry without a year by its key and keeps the others', () => {
    const items = parseBibtex(`${ENTRY}\n@misc{undated, title={No Year Here}, author={Doe, Jane}}`);
    assert.deepEqual(
      items.map((i) => i.ok),
      [true, false],
    );
    assert.deepEqual(items[1], { label: 'undated', ok: false, error: 'the entry has no year' });
  });

  it('reports an unterminated entry and keeps the complete ones', () => {
    const items = parseBibtex(`${ENTRY}\n@misc{broken, title={Unclosed`);
    assert.equal(items.filter((i) => i.ok).length, 1);
    assert.ok(items.some((i) => !i.ok && /not valid BibTeX/.test(i.error)));
  });

  it('refuses text with no entry at all', () => {
    assert.throws(
      () => parseBibtex('just some words', 'notes.bib'),
      (error: unknown) =>
        error instanceof SourceError && /notes\.bib has no BibTeX entry/.test(error.message),
    );
  });
});
