// What `add` makes of typed text before any outside source is asked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArxivSource } from '../../src/sources/arxiv.js';
import { CrossrefSource } from '../../src/sources/crossref.js';
import { resolveSources } from '../../src/sources/index.js';
import type { SourceItem } from '../../src/sources/types.js';

// Nothing listens here: a spec that reached a remote source would fail.
const unreachable = {
  arxiv: new ArxivSource({ apiUrl: 'http://127.0.0.1:9/api/query', minIntervalMs: 0 }),
  crossref: new CrossrefSource('http://127.0.0.1:9'),
};

describe('resolveSources on typed text', () => {
  it('asks for the file itself when a file name is typed instead of attached', async () => {
    const [item] = await resolveSources([{ text: 'missing.bib' }], unreachable);
    assert.equal(item?.ok, false);
    assert.match(item.error, /"missing\.bib" is the name of a file, not its contents: attach/);
  });

  it('still says what it accepts for a word that is no source at all', async () => {
    const [item] = await resolveSources([{ text: 'not-an-id' }], unreachable);
    assert.equal(item?.ok, false);
    assert.match(item.error, /"not-an-id" is not an arXiv id or URL, a DOI/);
  });
});

const errorOf = (item: SourceItem | undefined) => (item === undefined || item.ok ? '' : item.error);

describe('resolveSources on a file', () => {
  it('reads a papers.json saved with a byte order mark', async () => {
    const items = await resolveSources(
      [
        {
          text: '\uFEFF[{"title": "Bom Paper", "authors": ["Ann Lee"], "abstract": "x.", "year": 2020}]',
          fileName: 'papers.json',
        },
      ],
      unreachable,
    );
    assert.deepEqual(
      items.map((item) => (item.ok ? item.paper.title : item.error)),
      ['Bom Paper'],
    );
  });

  it('reads a .txt of arXiv ids and DOIs, one per line, as if they were typed', async () => {
    const items = await resolveSources(
      [{ text: '2401.00001\n\n10.1234/tides.2023.7\n', fileName: 'ids.txt' }],
      unreachable,
    );
    assert.deepEqual(
      items.map((item) => item.label),
      ['2401.00001', '10.1234/tides.2023.7'],
    );
    for (const item of items) assert.match(errorOf(item), /Could not reach/);
  });

  it('gives a word in such a file that is no id or DOI its own failure, and resolves the rest', async () => {
    const items = await resolveSources(
      [{ text: '2407.14057\n10.1109/CVPR.2016.90\nnot-an-id\n', fileName: 'ids.txt' }],
      unreachable,
    );
    assert.deepEqual(
      items.map((item) => item.label),
      ['2407.14057', '10.1109/CVPR.2016.90', 'not-an-id'],
    );
    assert.match(errorOf(items[0]), /Could not reach/);
    assert.match(errorOf(items[2]), /"not-an-id" is not an arXiv id or URL, a DOI/);
  });

  it('still reads any other .txt as a publication list', async () => {
    const [item] = await resolveSources(
      [{ text: '2401.00001\nnot a list\n', fileName: 'list.txt' }],
      unreachable,
    );
    assert.match(errorOf(item), /list\.txt:1: expected an arXiv category and date/);
  });
});
