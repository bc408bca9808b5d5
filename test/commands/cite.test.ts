// BibTeX as reference managers read it: one key per entry, and the paper's own identifiers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bibtex, bibtexFile } from '../../commands/cite.js';
import { paperUrl } from '../../src/corpus/links.js';
import { parseJsonPapers } from '../../src/corpus/parse.js';

const papers = (...inputs: Record<string, unknown>[]) =>
  parseJsonPapers(
    inputs.map((extra, i) => ({
      title: `Synthetic Data Study ${i}`,
      authors: ['Lena Müller'],
      date: '2024-05-01',
      ...extra,
    })),
    'papers.json',
  );

const keysOf = (bib: string) => [...bib.matchAll(/^@misc\{([^,]+),/gm)].map((m) => m[1]);

describe('BibTeX export', () => {
  it('gives papers that would share a key the letters a, b, c… after the first, never another entry’s key', () => {
    const bib = bibtexFile(
      papers(
        { id: 'synthetic-one' },
        { id: 'synthetic-two' },
        { id: 'synthetic-three' },
        { id: 'synthetica' },
      ),
    );
    assert.deepEqual(keysOf(bib), [
      'muller2024synthetic',
      'muller2024syntheticb',
      'muller2024syntheticc',
      'muller2024synthetica',
    ]);
  });

  it('writes the DOI, the arXiv eprint and the paper’s own link', () => {
    const [both, doiOnly] = papers(
      { links: ['https://arxiv.org/abs/2401.00102v2', 'https://doi.org/10.5555/abc'] },
      { links: ['https://doi.org/10.5555/xyz'] },
    );
    const entry = bibtex(both!);
    assert.match(entry, /^ {2}doi = \{10\.5555\/abc\},$/m);
    assert.match(entry, /^ {2}eprint = \{2401\.00102\},$/m);
    assert.match(entry, /^ {2}archivePrefix = \{arXiv\},$/m);
    assert.match(entry, /^ {2}url = \{https:\/\/arxiv\.org\/abs\/2401\.00102v2\},$/m);
    const doiEntry = bibtex(doiOnly!);
    assert.match(doiEntry, /^ {2}url = \{https:\/\/doi\.org\/10\.5555\/xyz\},$/m);
    assert.doesNotMatch(doiEntry, /eprint/);
  });
});

describe('BibTeX of a paper whose BibTeX entry said where it was published', () => {
  const [article, arxivMisc] = papers(
    {
      title: 'Deep Residual Learning',
      year: 2016,
      date: undefined,
      links: ['https://doi.org/10.1109/cvpr.2016.90'],
    },
    { title: 'Sparse Notes', links: ['https://arxiv.org/abs/2401.00102v2'] },
  );

  it('is the entry it was: its type, journal, volume, number, pages and DOI, and no month it did not have', () => {
    const entry = bibtex({
      ...article!,
      publication: {
        type: 'article',
        journal: 'Journal of Vision',
        volume: '12',
        number: '3',
        pages: '770--778',
      },
    });
    assert.equal(
      entry,
      [
        '@article{muller2016deep,',
        '  title = {{Deep Residual Learning}},',
        '  author = {Lena Müller},',
        '  journal = {Journal of Vision},',
        '  volume = {12},',
        '  number = {3},',
        '  pages = {770--778},',
        '  year = {2016},',
        '  doi = {10.1109/cvpr.2016.90},',
        '  url = {https://doi.org/10.1109/cvpr.2016.90},',
        '}',
      ].join('\n'),
    );
  });

  it('names arXiv only for a paper with an arXiv id or category, and links none it does not have', () => {
    const inProceedings = bibtex({
      ...article!,
      links: [],
      publication: { type: 'inproceedings', booktitle: 'NeurIPS', url: 'https://papers.example/x' },
    });
    assert.match(inProceedings, /^@inproceedings\{/);
    assert.match(inProceedings, /^ {2}booktitle = \{NeurIPS\},$/m);
    assert.match(inProceedings, /^ {2}url = \{https:\/\/papers\.example\/x\},$/m);
    assert.doesNotMatch(inProceedings, /arXiv|arxiv|eprint/);
    assert.doesNotMatch(bibtex({ ...article!, links: [] }), /arXiv|arxiv|eprint|url =/);
    const misc = bibtex({ ...arxivMisc!, publication: { type: 'misc' } });
    assert.match(misc, /^@misc\{/);
    assert.match(misc, /^ {2}eprint = \{2401\.00102\},$/m);
  });
});

describe('paperUrl', () => {
  it('links a paper with a stored arXiv or DOI link there, one without to arXiv’s title search', () => {
    const [arxiv, doi, none] = papers(
      { links: ['https://github.com/x/y', 'https://arxiv.org/abs/2401.00102'] },
      { links: ['https://doi.org/10.5555/xyz'] },
      {},
    );
    assert.equal(paperUrl(arxiv!), 'https://arxiv.org/abs/2401.00102');
    assert.equal(paperUrl(doi!), 'https://doi.org/10.5555/xyz');
    assert.match(paperUrl(none!), /^https:\/\/arxiv\.org\/search\/\?query=Synthetic/);
  });
});
