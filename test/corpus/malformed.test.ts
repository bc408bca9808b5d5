// A broken corpus file is reported where it is broken: `file:line: expected …`, never a
// silently wrong paper.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CorpusError } from '../../src/corpus/errors.js';
import { parseCorpus, parsePublicationList } from '../../src/corpus/parse.js';
import { thrownBy } from '../search/corpus-fixture.js';

const FILE = 'team/list.txt';
const FIRST = [
  'CVMar 15, 2023Code',
  'Good Paper TitleSachin Mehta, Mohammad Rastegari',
  'An abstract.',
];
const SECOND = ['LGMay 17, 2022', 'Other Paper: A StudyJane Doe et al. · mit', 'Second abstract.'];
const list = (...lines: string[]) => `${lines.join('\n')}\n`;

function corpusError(fn: () => unknown): CorpusError {
  const error = thrownBy(fn);
  assert.ok(error instanceof CorpusError, `expected a CorpusError, got ${String(error)}`);
  return error;
}

describe('a malformed publication list', () => {
  it('parses when well formed (the baseline the cases below break)', () => {
    assert.deepEqual(
      parsePublicationList(list(...FIRST, ...SECOND), FILE).map((p) => p.title),
      ['Good Paper Title', 'Other Paper: A Study'],
    );
  });

  it('without an abstract at the end fails at the line after the byline', () => {
    const error = corpusError(() =>
      parsePublicationList(list(...FIRST, SECOND[0] ?? '', SECOND[1] ?? ''), FILE),
    );
    assert.equal(error.file, FILE);
    assert.equal(error.line, 6);
    assert.match(error.message, /^team\/list\.txt:6: expected an abstract/);
  });

  it('without an abstract in the middle fails instead of swallowing the next paper', () => {
    const error = corpusError(() =>
      parsePublicationList(list(FIRST[0] ?? '', FIRST[1] ?? '', ...SECOND), FILE),
    );
    assert.equal(error.line, 3);
    assert.match(error.message, /expected an abstract/);
  });

  it('whose first header is not a date fails at line 1, naming the format expected', () => {
    const error = corpusError(() =>
      parsePublicationList(list('CVSometime in 2023', ...FIRST.slice(1)), FILE),
    );
    assert.equal(error.line, 1);
    assert.match(
      error.message,
      /^team\/list\.txt:1: expected an arXiv category and date such as "CVMar 15, 2023"/,
    );
    assert.equal(error.found, 'CVSometime in 2023');
  });

  it('whose later header is not a date ("CVMar 15 2023", comma missing) fails at that line', () => {
    const error = corpusError(() =>
      parsePublicationList(list(...FIRST, 'CVMar 15 2023', ...SECOND.slice(1)), FILE),
    );
    assert.equal(error.line, 4);
  });

  it('whose byline has no recognisable authors fails at the byline', () => {
    const error = corpusError(() =>
      parsePublicationList(
        list(FIRST[0] ?? '', 'a title with no authors at all', 'An abstract.'),
        FILE,
      ),
    );
    assert.equal(error.line, 2);
    assert.match(
      error.message,
      /^team\/list\.txt:2: expected a title followed directly by authors/,
    );
  });

  it('with an impossible date (Feb 30) fails at its header', () => {
    const error = corpusError(() =>
      parsePublicationList(list(...FIRST, 'LGFeb 30, 2022', ...SECOND.slice(1)), FILE),
    );
    assert.equal(error.line, 4);
    assert.match(error.message, /^team\/list\.txt:4: expected a real calendar date/);
  });

  it('whose header names no arXiv category fails at that line, naming what it found', () => {
    const error = corpusError(() =>
      parsePublicationList(list(...SECOND, 'XQMar 15, 2023', ...FIRST.slice(1)), FILE),
    );
    assert.equal(
      error.message,
      'team/list.txt:4: expected an arXiv category before the date, such as "CV", "cs.CL" or "q-bio.NC" but found "XQ"',
    );
  });

  it('that is empty fails naming the file and that papers were expected', () => {
    const error = corpusError(() => parseCorpus('', FILE));
    assert.equal(error.line, undefined);
    assert.match(error.message, /^team\/list\.txt: expected at least one paper/);
  });

  it('that holds only blank lines fails like an empty one', () => {
    const error = corpusError(() => parseCorpus('\n  \n\t\n', FILE));
    assert.match(error.message, /^team\/list\.txt: expected at least one paper/);
  });
});

describe('a tolerable publication list', () => {
  it('may use CRLF line ends, a BOM and blank lines between papers', () => {
    const text = `\uFEFF${FIRST.join('\r\n')}\r\n\r\n${SECOND.join('\r\n')}\r\n`;
    assert.deepEqual(
      parsePublicationList(text, FILE).map((p) => [p.title, p.date]),
      [
        ['Good Paper Title', '2023-03-15'],
        ['Other Paper: A Study', '2022-05-17'],
      ],
    );
  });

  it('dates an undated entry in the newest year of the list, not the current year', () => {
    const [, undated] = parsePublicationList(
      list(...FIRST.map((l) => l.replace('2023', '2019')), 'LGMay 17', ...SECOND.slice(1)),
      FILE,
    );
    assert.equal(undated?.date, '2019-05-17');
    assert.equal(undated?.dateInferred, true);
  });
});

describe('a malformed JSON corpus', () => {
  it('that is not valid JSON fails naming the file and "valid JSON"', () => {
    const error = corpusError(() => parseCorpus('[{"title": ', 'team/papers.json'));
    assert.match(error.message, /^team\/papers\.json: expected valid JSON/);
  });

  it('with a paper missing its title fails naming the paper and the field', () => {
    const error = corpusError(() =>
      parseCorpus(
        JSON.stringify([{ authors: ['Ann Lee'], abstract: 'x', year: 2020 }]),
        'team/papers.json',
      ),
    );
    assert.equal(
      error.message,
      'team/papers.json:1: expected paper 1 to have a "title" (text, not empty) but found nothing',
    );
  });

  const threePapers = (third: string) =>
    [
      '[',
      '  {"title": "A", "authors": ["Ann Lee"], "abstract": "x", "year": 2020},',
      '  {"title": "B", "authors": ["Bo Li"], "abstract": "x", "year": 2021},',
      `  ${third}`,
      ']',
    ].join('\n');

  it('places a bad field at the line of its paper, numbered from 1', () => {
    const error = corpusError(() =>
      parseCorpus(
        threePapers('{"title": "C", "authors": 3, "abstract": "x", "year": 2022}'),
        'team/papers.json',
      ),
    );
    assert.equal(
      error.message,
      'team/papers.json:4: expected paper 3 to have "authors" (at least one name, none empty: a list, or names separated by commas) but found 3',
    );
  });

  it('places an impossible date at the line of its paper', () => {
    const error = corpusError(() =>
      parseCorpus(
        threePapers('{"title": "C", "authors": ["Cy Do"], "abstract": "x", "date": "2023-02-30"}'),
        'team/papers.json',
      ),
    );
    assert.match(error.message, /^team\/papers\.json:4: expected paper 3 to have a date/);
  });

  it('reads a file saved with a byte order mark', () => {
    const papers = parseCorpus(
      '\uFEFF[{"title": "A", "authors": ["Ann Lee"], "abstract": "x", "year": 2020}]',
      'team/papers.json',
    );
    assert.deepEqual(
      papers.map((p) => p.title),
      ['A'],
    );
  });

  it('names each bad paper with its line and problem, up to five, and counts the rest', () => {
    const papers = Array.from({ length: 9 }, (_, i) =>
      i === 1
        ? '{"title": "Fine", "authors": ["Ann Lee"], "abstract": "x", "year": 2020}'
        : i === 2
          ? '{"title": "Soon", "authors": ["Bo Li"], "abstract": "x", "date": "2023-02-30"}'
          : `{"title": "T${i}", "abstract": "x", "year": 2020}`,
    );
    const error = corpusError(() => parseCorpus(`[\n${papers.join(',\n')}\n]`, 'team/papers.json'));
    assert.deepEqual(error.message.split('\n'), [
      'team/papers.json:2: expected paper 1 to have "authors" (at least one name, none empty: a list, or names separated by commas) but found nothing',
      '  team/papers.json:4: expected paper 3 to have a date like "2023-03-15" or "Mar 15, 2023" but found "2023-02-30"',
      '  team/papers.json:5: expected paper 4 to have "authors" (at least one name, none empty: a list, or names separated by commas) but found nothing',
      '  team/papers.json:6: expected paper 5 to have "authors" (at least one name, none empty: a list, or names separated by commas) but found nothing',
      '  team/papers.json:7: expected paper 6 to have "authors" (at least one name, none empty: a list, or names separated by commas) but found nothing',
      '  and 3 more',
    ]);
  });

  it('names every paper with an impossible date, not only the first', () => {
    const error = corpusError(() =>
      parseCorpus(
        threePapers(
          '{"title": "C", "authors": ["Cy Do"], "abstract": "x", "date": "2023-02-30"}',
        ).replace('"year": 2021', '"date": "2021-13-01"'),
        'team/papers.json',
      ),
    );
    assert.match(error.message, /^team\/papers\.json:3: expected paper 2 to have a date/);
    assert.match(error.message, /\n {2}team\/papers\.json:4: expected paper 3 to have a date/);
  });

  it('gives a JSON syntax error its line and column, not a character position', () => {
    const error = corpusError(() =>
      parseCorpus(threePapers('{"title": "C",}'), 'team/papers.json'),
    );
    assert.match(error.message, /^team\/papers\.json:4: expected valid JSON \(.+, column 17\)$/);
    assert.doesNotMatch(error.message, /position/);
  });

  it('with a paper that has neither date nor year fails saying one is needed', () => {
    const error = corpusError(() =>
      parseCorpus(JSON.stringify([{ title: 'T', authors: ['Ann Lee'] }]), 'team/papers.json'),
    );
    assert.equal(
      error.message,
      'team/papers.json:1: expected paper 1 to have a "date" (such as "2023-03-15") or a "year"',
    );
  });

  const problemOf = (paper: unknown) =>
    corpusError(() => parseCorpus(JSON.stringify([paper]), 'team/papers.json')).message;
  const essentials = { title: 'T', authors: ['Ann Lee'], abstract: 'x', year: 2020 };

  it('says what a field must hold in words, with the value the file has', () => {
    assert.equal(
      problemOf({ ...essentials, year: 2300 }),
      'team/papers.json:1: expected paper 1 to have a "year" (a whole number from 1900 to 2200) but found 2300',
    );
    assert.equal(
      problemOf({ ...essentials, links: ['https://ok.example', 'not a link'] }),
      'team/papers.json:1: expected paper 1 to have "links" (a list of web addresses, http:// or https://) but found "not a link"',
    );
  });

  it('writes the value found as JSON writes it, so text is told from a number', () => {
    assert.match(problemOf({ ...essentials, year: '2020' }), /"year" .* but found "2020"$/);
    assert.match(problemOf({ ...essentials, year: 2020.5 }), /"year" .* but found 2020\.5$/);
  });

  it('never words a problem as the validator does', () => {
    for (const bad of [
      { year: 1800 },
      { year: 2300 },
      { year: 2020.5 },
      { title: '' },
      { authors: [''] },
      { authors: '' },
      { abstract: 5 },
      { hasCode: 'yes' },
      { links: ['x'] },
      { affiliations: [''] },
      { category: { code: '', name: 'X' } },
      { id: '' },
      { date: 20200101 },
    ]) {
      const message = problemOf({ ...essentials, ...bad });
      assert.match(message, /^team\/papers\.json:1: expected paper 1 to have /, message);
      assert.doesNotMatch(
        message,
        /Too (big|small)|Invalid|expected (number|string|array|boolean)|[<>]=/,
        message,
      );
    }
  });

  it('refuses a paper without an author, as a publication list does', () => {
    const noAuthor =
      /^team\/papers\.json:1: expected paper 1 to have "authors" \(at least one name, none empty: a list, or names separated by commas\) but found /;
    assert.match(
      problemOf({ ...essentials, authors: [] }),
      new RegExp(`${noAuthor.source}\\[\\]$`),
    );
    assert.match(problemOf({ ...essentials, authors: '  ' }), noAuthor);
    assert.match(problemOf({ ...essentials, authors: ' , ' }), noAuthor);
    assert.match(problemOf({ ...essentials, authors: ', et al.' }), /before "et al\."/);
    assert.equal(
      problemOf({ ...essentials, authors: ['et al.'] }),
      'team/papers.json:1: expected paper 1 to name at least one author before "et al." but found "et al."',
    );
  });

  it('refuses a category that is no arXiv category, naming the paper and its text', () => {
    assert.equal(
      problemOf({ ...essentials, category: 'Robots and stuff' }),
      'team/papers.json:1: expected paper 1 to have a "category" (an arXiv category by code, "cs.CV" or "q-bio.NC", or by name, "Neurons and Cognition"; or the team\'s own as {"code", "name"}) but found "Robots and stuff"',
    );
  });

  it('with an impossible date fails naming the paper and the date', () => {
    const error = corpusError(() =>
      parseCorpus(
        JSON.stringify([{ title: 'T', authors: ['Ann Lee'], date: '2023-02-30' }]),
        'team/papers.json',
      ),
    );
    assert.match(error.message, /^team\/papers\.json:1: expected paper 1 to have a date/);
    assert.equal(error.found, '2023-02-30');
  });

  it('that is an object, not an array, fails', () => {
    const error = corpusError(() => parseCorpus('{"title": "T"}', 'team/papers.json'));
    assert.match(error.message, /expected a JSON array of papers/);
  });

  it('that is an empty array fails like an empty list', () => {
    corpusError(() => parseCorpus('[]', 'team/papers.json'));
  });
});
