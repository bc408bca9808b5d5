// A team may hand paperbot a JSON list of papers instead of a publication list: the
// essentials ({title, authors, abstract, date|year}) are enough, the rest is optional.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCorpus, parseJsonPapers } from '../../src/corpus/parse.js';
import { CorpusError } from '../../src/corpus/errors.js';
import { PaperSchema } from '../../src/corpus/schema.js';
import { PAPERS_JSON } from '../search/corpus-fixture.js';

const parse = (value: unknown) => parseCorpus(JSON.stringify(value), 'team/papers.json');

describe('a JSON corpus of paper inputs', () => {
  it('accepts the essentials and fills in every schema field', () => {
    const [paper] = parse([
      {
        title: 'Tiny Nets',
        authors: ['Ann Lee', 'Bob Roe'],
        abstract: 'We shrink nets.',
        date: '2023-03-15',
      },
    ]);
    assert.ok(paper);
    assert.ok(PaperSchema.safeParse(paper).success);
    assert.deepEqual(
      {
        id: paper.id,
        title: paper.title,
        authors: paper.authors,
        date: paper.date,
        dateInferred: paper.dateInferred,
        hasCode: paper.hasCode,
        abstractText: paper.abstractText,
      },
      {
        id: 'tiny-nets',
        title: 'Tiny Nets',
        authors: ['Ann Lee', 'Bob Roe'],
        date: '2023-03-15',
        dateInferred: false,
        hasCode: false,
        abstractText: 'We shrink nets.',
      },
    );
  });

  it('reads a year alone as 1 January of that year, known by its year only', () => {
    const [paper] = parse([{ title: 'T', authors: ['Ann Lee'], abstract: 'x', year: 2020 }]);
    assert.equal(paper?.date, '2020-01-01');
    assert.equal(paper?.year, 2020);
    assert.equal(paper?.datePrecision, 'year');
    // The year was given, not guessed.
    assert.equal(paper?.dateInferred, false);
  });

  it('knows how much of a date written as "2021" or "2021-06" was given', () => {
    const [yearly, monthly, daily] = parse(
      ['2021', '2021-06', '2021-06-09'].map((date) => ({
        title: `T ${date}`,
        authors: ['Ann Lee'],
        abstract: 'x',
        date,
      })),
    );
    assert.deepEqual(
      [yearly, monthly, daily].map((p) => p?.datePrecision),
      ['year', 'month', undefined],
    );
  });

  it('reads dates written as "Mar 3, 2021" and "15 March 2023"', () => {
    const papers = parse([
      { title: 'A', authors: ['Ann Lee'], date: 'Mar 3, 2021' },
      { title: 'B', authors: ['Ann Lee'], date: '15 March 2023' },
    ]);
    assert.deepEqual(
      papers.map((p) => p.date),
      ['2021-03-03', '2023-03-15'],
    );
  });

  it('keeps the optional id, category (code or object), hasCode, links and affiliations', () => {
    const [a, b] = parse([
      {
        id: 'My Paper',
        title: 'A',
        authors: ['Ann Lee'],
        year: 2021,
        category: 'cs.CL',
        hasCode: true,
        links: ['https://github.com/x/y'],
        affiliations: ['mit'],
      },
      {
        title: 'B',
        authors: ['Ann Lee'],
        year: 2021,
        category: { code: 'XY', name: 'Xylophones' },
      },
    ]);
    assert.deepEqual(
      a && {
        id: a.id,
        category: a.category,
        hasCode: a.hasCode,
        links: a.links,
        affiliations: a.affiliations,
      },
      {
        id: 'my-paper',
        category: { code: 'CL', name: 'Computation and Language' },
        hasCode: true,
        links: ['https://github.com/x/y'],
        affiliations: ['mit'],
      },
    );
    assert.deepEqual(b?.category, { code: 'XY', name: 'Xylophones' });
  });

  it('reads a category of any arXiv archive by its code or by its name', () => {
    const papers = parse(
      ['q-bio.NC', 'Neurons and Cognition', 'neurons and cognition', 'quant-ph'].map(
        (category) => ({ title: 'T', authors: ['Ann Lee'], year: 2021, category }),
      ),
    );
    assert.deepEqual(
      papers.map((p) => p.category),
      [
        { code: 'q-bio.NC', name: 'Neurons and Cognition' },
        { code: 'q-bio.NC', name: 'Neurons and Cognition' },
        { code: 'q-bio.NC', name: 'Neurons and Cognition' },
        { code: 'quant-ph', name: 'Quantum Physics' },
      ],
    );
  });

  it('accepts authors as one comma-separated string', () => {
    const [paper] = parse([{ title: 'T', authors: 'Ann Lee, Bob Roe', year: 2021 }]);
    assert.deepEqual(paper?.authors, ['Ann Lee', 'Bob Roe']);
  });

  it('reads no author into a doubled or trailing comma', () => {
    const [paper] = parse([{ title: 'T', authors: 'Ann Lee, , Bob Roe,', year: 2021 }]);
    assert.deepEqual(paper?.authors, ['Ann Lee', 'Bob Roe']);
  });

  it('reads a last author "et al." as a truncated author list', () => {
    const [paper] = parse([{ title: 'T', authors: ['Ann Lee', 'et al.'], year: 2021 }]);
    assert.deepEqual(paper?.authors, ['Ann Lee']);
    assert.equal(paper?.authorsTruncated, true);
  });

  it('reads "Ann Lee, Bob Roe et al." as two authors, truncated', () => {
    const [paper] = parse([{ title: 'T', authors: 'Ann Lee, Bob Roe et al.', year: 2021 }]);
    assert.deepEqual(paper?.authors, ['Ann Lee', 'Bob Roe']);
    assert.equal(paper?.authorsTruncated, true);
  });

  it('cleans the abstract and collects its links like a publication list', () => {
    const [paper] = parse([
      {
        title: 'T',
        authors: ['Ann Lee'],
        year: 2021,
        abstract: 'It is $2\\times$ faster; code at \\url{https://github.com/x/y}.',
      },
    ]);
    assert.equal(paper?.abstractText, 'It is 2× faster; code at https://github.com/x/y.');
    assert.deepEqual(paper?.links, ['https://github.com/x/y']);
  });

  it('gives papers with the same title distinct ids', () => {
    const ids = parse(
      [1, 2, 3].map(() => ({ title: 'Same Title', authors: ['Ann Lee'], year: 2020 })),
    ).map((p) => p.id);
    assert.equal(new Set(ids).size, 3);
  });

  it('says what is wrong with lists nested too deep to write out, without overflowing', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    assert.throws(
      () => parseCorpus(deep, 'deep.json'),
      (error: Error) => error instanceof CorpusError && /deep\.json/.test(error.message),
    );
  });

  it('passes a finished papers.json through unchanged', () => {
    const bundled = JSON.parse(readFileSync(PAPERS_JSON, 'utf8')) as unknown;
    assert.deepEqual(parseJsonPapers(bundled, PAPERS_JSON), bundled);
  });
});
